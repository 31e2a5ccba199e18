#include "libs/money/checked_math.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/money/errors.h"
#include "libs/status/status.h"

namespace crm::money {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

void ExpectOverflow(const absl::StatusOr<int64_t>& result, const std::string& operands) {
  ASSERT_FALSE(result.ok()) << "got " << *result;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(result.status().message(), HasSubstr(operands));
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MONEY_OVERFLOW");
  EXPECT_EQ(info->domain(), kErrorDomain);
}

TEST(CheckedMathTest, ExactResultsUpToTheLimits) {
  EXPECT_EQ(*CheckedAdd(123, 456), 579);
  EXPECT_EQ(*CheckedAdd(kMax - 1, 1), kMax);
  EXPECT_EQ(*CheckedAdd(kMin + 1, -1), kMin);
  EXPECT_EQ(*CheckedAdd(kMax, kMin), -1);
  EXPECT_EQ(*CheckedSubtract(kMin + 1, 1), kMin);
  EXPECT_EQ(*CheckedSubtract(-1, kMax), kMin);
  EXPECT_EQ(*CheckedSubtract(0, kMax), -kMax);
  EXPECT_EQ(*CheckedMultiply(-3, 7), -21);
  EXPECT_EQ(*CheckedMultiply(kMax, -1), -kMax);
  EXPECT_EQ(*CheckedMultiply(kMin / 2, 2), kMin);
  EXPECT_EQ(*CheckedMultiply(kMin, 1), kMin);
  EXPECT_EQ(*CheckedMultiply(kMin, 0), 0);
}

TEST(CheckedMathTest, OverflowIsOutOfRangeNamingTheOperands) {
  ExpectOverflow(CheckedAdd(kMax, 1), "9223372036854775807 + 1");
  ExpectOverflow(CheckedAdd(kMin, -1), "-9223372036854775808 + -1");
  ExpectOverflow(CheckedSubtract(kMin, 1), "-9223372036854775808 - 1");
  ExpectOverflow(CheckedSubtract(0, kMin), "0 - -9223372036854775808");
  ExpectOverflow(CheckedMultiply(kMin, -1), "-9223372036854775808 × -1");
  ExpectOverflow(CheckedMultiply(kMax / 2 + 1, 2), "× 2");
  ExpectOverflow(CheckedMultiply(4'294'967'296, 4'294'967'296), "4294967296 × 4294967296");
}

}  // namespace
}  // namespace crm::money
