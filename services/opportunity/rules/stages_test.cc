#include "services/opportunity/rules/stages.h"

#include "gtest/gtest.h"

namespace crm::opportunity {
namespace {

TEST(StagesTest, OpenAndClosed) {
  for (v1::Stage stage : kOpenStages) {
    EXPECT_TRUE(IsOpenStage(stage)) << StageName(stage);
    EXPECT_FALSE(IsClosedStage(stage)) << StageName(stage);
  }
  EXPECT_TRUE(IsClosedStage(v1::WON));
  EXPECT_TRUE(IsClosedStage(v1::LOST));
  EXPECT_FALSE(IsOpenStage(v1::WON));
  EXPECT_FALSE(IsOpenStage(v1::LOST));
  EXPECT_FALSE(IsOpenStage(v1::STAGE_UNSPECIFIED));
  EXPECT_FALSE(IsClosedStage(v1::STAGE_UNSPECIFIED));
  EXPECT_FALSE(IsOpenStage(8));
}

TEST(StagesTest, AllStagesInEnumOrder) {
  ASSERT_EQ(kAllStages.size(), 7u);
  for (size_t i = 0; i < kAllStages.size(); ++i) EXPECT_EQ(kAllStages[i], static_cast<int>(i + 1));
}

TEST(StageNameTest, EnumNamesAndUnknownNumbers) {
  EXPECT_EQ(StageName(v1::QUOTE), "QUOTE");
  EXPECT_EQ(StageName(v1::LOST), "LOST");
  EXPECT_EQ(StageName(42), "Stage 42");
}

}  // namespace
}  // namespace crm::opportunity
