#include "libs/money/money_sum.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::money {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

common::v1::Money Money(std::string code, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::move(code));
  money.set_minor_units(minor_units);
  return money;
}

TEST(MoneySumTest, AddsAmountsOfItsCurrency) {
  MoneySum sum("CNY");
  EXPECT_EQ(sum.total().currency_code(), "CNY");
  EXPECT_EQ(sum.total().minor_units(), 0);
  ASSERT_TRUE(sum.Add(Money("CNY", 150)).ok());
  ASSERT_TRUE(sum.Add(Money("CNY", -50)).ok());
  ASSERT_TRUE(sum.Add(7).ok());
  EXPECT_EQ(sum.minor_units(), 107);
  EXPECT_EQ(sum.total().minor_units(), 107);
}

TEST(MoneySumTest, ADefaultSumTakesTheFirstCurrency) {
  MoneySum sum;
  EXPECT_EQ(sum.currency_code(), "");
  ASSERT_TRUE(sum.Add(Money("USD", 1)).ok());
  EXPECT_EQ(sum.currency_code(), "USD");
  EXPECT_FALSE(sum.Add(Money("CNY", 1)).ok());
}

TEST(MoneySumTest, AnotherCurrencyIsRefusedNamingBothCodes) {
  MoneySum sum("CNY");
  ASSERT_TRUE(sum.Add(Money("CNY", 100)).ok());
  const absl::Status status = sum.Add(Money("USD", 5));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("USD"), HasSubstr("CNY")));
  EXPECT_EQ(status::GetErrorInfo(status)->reason(), "CURRENCY_MISMATCH");
  EXPECT_EQ(sum.minor_units(), 100);
}

TEST(MoneySumTest, OverflowIsAnErrorAndLeavesTheSum) {
  MoneySum sum("CNY");
  ASSERT_TRUE(sum.Add(Money("CNY", std::numeric_limits<int64_t>::max())).ok());
  const absl::Status status = sum.Add(Money("CNY", 1));
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(sum.minor_units(), std::numeric_limits<int64_t>::max());
  ASSERT_TRUE(sum.Add(-1).ok());  // still usable
  EXPECT_EQ(sum.minor_units(), std::numeric_limits<int64_t>::max() - 1);

  MoneySum low("CNY");
  ASSERT_TRUE(low.Add(std::numeric_limits<int64_t>::min()).ok());
  EXPECT_EQ(low.Add(-1).code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace crm::money
