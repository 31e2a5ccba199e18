#include "libs/validation/number_field.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::validation {
namespace {

using ::testing::ElementsAre;

TEST(CheckRangeTest, BoundsAreIncluded) {
  status::FieldViolations violations;
  CheckRange(0, 0, 100, "p", violations);
  CheckRange(100, 0, 100, "p", violations);
  EXPECT_TRUE(violations.empty());
  CheckRange(101, 0, 100, "a.p", violations);
  CheckRange(-1, 0, 100, "b.p", violations);
  EXPECT_THAT(status::testing::Fields(violations), ElementsAre("a.p", "b.p"));
  EXPECT_THAT(status::testing::Descriptions(violations),
              ElementsAre("a.p: 101 is above 100", "b.p: -1 is below 0"));
}

}  // namespace
}  // namespace crm::validation
