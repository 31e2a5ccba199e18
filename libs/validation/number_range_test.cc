#include "libs/validation/number_range.h"

#include <limits>

#include "gtest/gtest.h"

namespace crm::validation {
namespace {

bool Accepted(double value) {
  status::FieldViolations violations;
  CheckFiniteInRange(value, 0, 1, "min_score", violations);
  return violations.empty();
}

TEST(CheckFiniteInRangeTest, AcceptsTheClosedRange) {
  EXPECT_TRUE(Accepted(0));
  EXPECT_TRUE(Accepted(0.6));
  EXPECT_TRUE(Accepted(1));
}

TEST(CheckFiniteInRangeTest, RefusesNanInfinitiesAndValuesOutside) {
  EXPECT_FALSE(Accepted(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(Accepted(-std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(Accepted(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(Accepted(-std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(Accepted(-0.01));
  EXPECT_FALSE(Accepted(1.0000001));
}

TEST(CheckFiniteInRangeTest, NamesTheFieldAndTheRange) {
  status::FieldViolations violations;
  CheckFiniteInRange(std::numeric_limits<double>::quiet_NaN(), 0, 1, "min_score", violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations.bad_request().field_violations(0).field(), "min_score");
  EXPECT_EQ(violations.bad_request().field_violations(0).description(),
            "min_score: nan is not a number from 0 to 1");
}

}  // namespace
}  // namespace crm::validation
