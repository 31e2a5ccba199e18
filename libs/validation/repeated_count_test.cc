#include "libs/validation/repeated_count.h"

#include "gtest/gtest.h"

namespace crm::validation {
namespace {

std::string Violation(int size, size_t min, size_t max) {
  status::FieldViolations violations;
  CheckCount(size, min, max, "names", violations);
  if (violations.empty()) return "";
  EXPECT_EQ(violations.bad_request().field_violations(0).field(), "names");
  return violations.bad_request().field_violations(0).description();
}

TEST(CheckCountTest, AcceptsCountsWithinBounds) {
  EXPECT_EQ(Violation(1, 1, 100), "");
  EXPECT_EQ(Violation(100, 1, 100), "");
  EXPECT_EQ(Violation(0, 0, 100), "");
}

TEST(CheckCountTest, RefusesAnEmptyRequiredField) {
  EXPECT_EQ(Violation(0, 1, 100), "names: required; give from 1 to 100 values");
}

TEST(CheckCountTest, RefusesTooManyOrTooFew) {
  EXPECT_EQ(Violation(101, 1, 100), "names: 101 values given; at most 100");
  EXPECT_EQ(Violation(2, 3, 100), "names: 2 values given; at least 3");
}

}  // namespace
}  // namespace crm::validation
