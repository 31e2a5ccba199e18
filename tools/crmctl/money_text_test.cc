#include "tools/crmctl/money_text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const absl::StatusOr<int64_t>& parsed) {
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

TEST(MoneyTextTest, ParsesMajorUnitsIntoExactMinorUnits) {
  EXPECT_EQ(ParseMinorUnits("1200000.00", "CNY").value(), 120000000);
  EXPECT_EQ(ParseMinorUnits("1200000", "CNY").value(), 120000000);
  EXPECT_EQ(ParseMinorUnits("1200000.5", "CNY").value(), 120000050);
  EXPECT_EQ(ParseMinorUnits("0.07", "CNY").value(), 7);
  // 0.29 is not exact as a double (0.28999...): parsed as digits it is.
  EXPECT_EQ(ParseMinorUnits("0.29", "CNY").value(), 29);
  EXPECT_EQ(ParseMinorUnits("0", "CNY").value(), 0);
  EXPECT_EQ(ParseMinorUnits("1235", "JPY").value(), 1235);
  EXPECT_EQ(ParseMinorUnits("1.234", "KWD").value(), 1234);
  EXPECT_EQ(ParseMinorUnits("92233720368547758.07", "CNY").value(), INT64_MAX);
}

TEST(MoneyTextTest, RefusesWhatIsNotAnExactAmount) {
  EXPECT_EQ(ErrorOf(ParseMinorUnits("12.345", "CNY")), "\"12.345\" has more than 2 decimals");
  EXPECT_EQ(ErrorOf(ParseMinorUnits("12.5", "JPY")),
            "\"12.5\" has decimals; JPY has no minor unit");
  for (const char* text : {"", "-5", "+5", "1,200", "1.2.3", ".5", "5.", "1e6", "12 ", "十"}) {
    EXPECT_THAT(ErrorOf(ParseMinorUnits(text, "CNY")), HasSubstr("is not an amount of money"))
        << text;
  }
  EXPECT_EQ(ErrorOf(ParseMinorUnits("92233720368547758.08", "CNY")),
            "\"92233720368547758.08\" is too large");
  EXPECT_EQ(ErrorOf(ParseMinorUnits("99999999999999999999", "CNY")),
            "\"99999999999999999999\" is too large");
}

TEST(MoneyTextTest, ParseMoneyKeepsTheCurrency) {
  absl::StatusOr<common::v1::Money> money = ParseMoney("1250.00", "USD");
  ASSERT_TRUE(money.ok()) << money.status();
  EXPECT_EQ(money->currency_code(), "USD");
  EXPECT_EQ(money->minor_units(), 125000);
}

TEST(MoneyTextTest, ShortMoneyIsWanYuanForCny) {
  common::v1::Money money;
  EXPECT_EQ(ShortMoney(money), "");
  money.set_currency_code("CNY");
  money.set_minor_units(120000000);
  EXPECT_EQ(ShortMoney(money), "120.00万");
  money.set_minor_units(1234567890);
  EXPECT_EQ(ShortMoney(money), "1,234.57万");
  money.set_currency_code("USD");
  money.set_minor_units(100000);
  EXPECT_EQ(ShortMoney(money), "1,000.00 USD");
}

}  // namespace
}  // namespace crm::crmctl
