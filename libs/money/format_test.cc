#include "libs/money/format.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace crm::money {
namespace {

common::v1::Money Money(std::string code, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::move(code));
  money.set_minor_units(minor_units);
  return money;
}

TEST(FormatMoneyTest, GroupsThousandsAndShowsTheMinorUnit) {
  EXPECT_EQ(FormatMoney(Money("CNY", 123456789)), "1,234,567.89 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", 100000000)), "1,000,000.00 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", 0)), "0.00 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", 5)), "0.05 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", -5)), "-0.05 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", 99999)), "999.99 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", 100000)), "1,000.00 CNY");
  EXPECT_EQ(FormatMoney(Money("USD", -123456)), "-1,234.56 USD");
}

TEST(FormatMoneyTest, FollowsTheCurrencysDecimals) {
  EXPECT_EQ(FormatMoney(Money("JPY", 1235)), "1,235 JPY");
  EXPECT_EQ(FormatMoney(Money("KWD", 1234567)), "1,234.567 KWD");
  EXPECT_EQ(MinorUnitDigits("CNY"), 2);
  EXPECT_EQ(MinorUnitDigits("KRW"), 0);
  EXPECT_EQ(MinorUnitDigits("BHD"), 3);
}

TEST(FormatMoneyTest, TheInt64Limits) {
  EXPECT_EQ(FormatMoney(Money("CNY", std::numeric_limits<int64_t>::max())),
            "92,233,720,368,547,758.07 CNY");
  EXPECT_EQ(FormatMoney(Money("CNY", std::numeric_limits<int64_t>::min())),
            "-92,233,720,368,547,758.08 CNY");
}

TEST(FormatWanYuanTest, TwoDecimalsOfTenThousandYuan) {
  EXPECT_EQ(FormatWanYuan(123456789), "123.46万");  // 1,234,567.89 元
  EXPECT_EQ(FormatWanYuan(1000000), "1.00万");      // 10,000.00 元
  EXPECT_EQ(FormatWanYuan(1234567890), "1,234.57万");
  EXPECT_EQ(FormatWanYuan(0), "0.00万");
  EXPECT_EQ(FormatWanYuan(-123456789), "-123.46万");
}

TEST(FormatWanYuanTest, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(FormatWanYuan(5000), "0.01万");  // 50.00 元 is exactly half of 0.01万
  EXPECT_EQ(FormatWanYuan(4999), "0.00万");
  EXPECT_EQ(FormatWanYuan(-5000), "-0.01万");
  EXPECT_EQ(FormatWanYuan(-4999), "0.00万");  // no "-0.00万"
  EXPECT_EQ(FormatWanYuan(1), "0.00万");
  EXPECT_EQ(FormatWanYuan(99995000), "100.00万");
  EXPECT_EQ(FormatWanYuan(std::numeric_limits<int64_t>::max()), "9,223,372,036,854.78万");
  EXPECT_EQ(FormatWanYuan(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854.78万");
}

}  // namespace
}  // namespace crm::money
