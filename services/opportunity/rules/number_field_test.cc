#include "services/opportunity/rules/number_field.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/opportunity/rules/violations_for_test.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;

TEST(CheckRangeTest, BoundsAreIncluded) {
  status::FieldViolations violations;
  CheckRange(0, 0, 100, "p", violations);
  CheckRange(100, 0, 100, "p", violations);
  EXPECT_TRUE(violations.empty());
  CheckRange(101, 0, 100, "a.p", violations);
  CheckRange(-1, 0, 100, "b.p", violations);
  EXPECT_THAT(testing::Fields(violations), ElementsAre("a.p", "b.p"));
  EXPECT_THAT(testing::Descriptions(violations),
              ElementsAre("a.p: 101 is above 100", "b.p: -1 is below 0"));
}

}  // namespace
}  // namespace crm::opportunity
