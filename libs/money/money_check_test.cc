#include "libs/money/money_check.h"

#include <string>

#include "gtest/gtest.h"

namespace crm::money {
namespace {

common::v1::Money Money(std::string code, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::move(code));
  money.set_minor_units(minor_units);
  return money;
}

// "field: description" for every violation, one per line.
std::string Violations(const common::v1::Money& money, MoneyRules rules = {}) {
  status::FieldViolations violations;
  CheckMoney(money, "amount", violations, rules);
  std::string text;
  for (const auto& v : violations.bad_request().field_violations()) {
    text += v.field() + " | " + v.description() + "\n";
  }
  return text;
}

TEST(IsCurrencyCodeTest, ThreeUpperCaseAsciiLetters) {
  EXPECT_TRUE(IsCurrencyCode("CNY"));
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_FALSE(IsCurrencyCode(""));
  EXPECT_FALSE(IsCurrencyCode("cny"));
  EXPECT_FALSE(IsCurrencyCode("CNy"));
  EXPECT_FALSE(IsCurrencyCode("CN"));
  EXPECT_FALSE(IsCurrencyCode("CNYY"));
  EXPECT_FALSE(IsCurrencyCode("C1Y"));
  EXPECT_FALSE(IsCurrencyCode("ＣＮＹ"));  // full-width letters
  EXPECT_FALSE(IsCurrencyCode(std::string("CN\0", 3)));
}

TEST(CheckMoneyTest, AcceptsAValidAmountOfAnySign) {
  EXPECT_EQ(Violations(Money("CNY", 12345)), "");
  EXPECT_EQ(Violations(Money("CNY", -12345)), "");
  EXPECT_EQ(Violations(Money("CNY", 0), {.non_negative = true}), "");
  EXPECT_EQ(Violations(Money("USD", INT64_MAX), {.non_negative = true}), "");
}

TEST(CheckMoneyTest, NamesABadCurrencyCodeUnderTheFieldPath) {
  EXPECT_EQ(Violations(Money("cny", 100)),
            "amount.currency_code | amount.currency_code: \"cny\" is not an ISO 4217 code "
            "(three upper-case letters, e.g. CNY)\n");
  EXPECT_EQ(Violations(Money("", 100)),
            "amount.currency_code | amount.currency_code: required: an ISO 4217 code "
            "(three upper-case letters, e.g. CNY)\n");
}

TEST(CheckMoneyTest, EscapesAndCutsWhatItQuotes) {
  const std::string text = Violations(Money("\"\n元元元元元元元", 1));
  EXPECT_NE(text.find("\"\\\"\\n\\xe5\\x85\\x83"), std::string::npos) << text;
  EXPECT_NE(text.find("… (23 bytes)"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 1) << "a raw newline was echoed: " << text;
}

TEST(CheckMoneyTest, RefusesANegativeAmountOnlyWhenAsked) {
  EXPECT_EQ(Violations(Money("CNY", -1), {.non_negative = true}),
            "amount.minor_units | amount.minor_units: -1 is negative; this amount must be zero "
            "or more\n");
  EXPECT_EQ(Violations(Money("CNY", -1)), "");
}

TEST(CheckMoneyTest, ReportsBothFieldsAtOnce) {
  status::FieldViolations violations;
  CheckMoney(Money("rmb", -5), "budget", violations, {.non_negative = true});
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations.bad_request().field_violations(0).field(), "budget.currency_code");
  EXPECT_EQ(violations.bad_request().field_violations(1).field(), "budget.minor_units");
}

}  // namespace
}  // namespace crm::money
