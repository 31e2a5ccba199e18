#include "tools/crmctl/money_text.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<int64_t> ParseMinorUnits(std::string_view text, std::string_view currency_code) {
  const std::string quoted = crm::StrCat("\"", std::string(text), "\"");
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (whole.empty() || !AllDigits(whole) || !AllDigits(fraction) ||
      (point != std::string_view::npos && fraction.empty())) {
    return absl::InvalidArgumentError(
        crm::StrCat(quoted, " is not an amount of money, e.g. 1200000.00 (no sign, no commas)"));
  }
  const int digits = money::MinorUnitDigits(currency_code);
  if (static_cast<int>(fraction.size()) > digits) {
    return absl::InvalidArgumentError(
        digits == 0 ? crm::StrCat(quoted, " has decimals; ", std::string(currency_code),
                                  " has no minor unit")
                    : crm::StrCat(quoted, " has more than ", digits, " decimals"));
  }
  // Whole units, then the fraction padded to the currency's decimals, each
  // digit checked against overflow.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t value = 0;
  const auto push = [&](char c) {
    const int digit = c - '0';
    if (value > (kMax - digit) / 10) return false;
    value = value * 10 + digit;
    return true;
  };
  bool fits = true;
  for (const char c : whole) fits = fits && push(c);
  for (const char c : fraction) fits = fits && push(c);
  for (int i = static_cast<int>(fraction.size()); i < digits; ++i) fits = fits && push('0');
  if (!fits) return absl::InvalidArgumentError(crm::StrCat(quoted, " is too large"));
  return value;
}

absl::StatusOr<common::v1::Money> ParseMoney(std::string_view text,
                                             std::string_view currency_code) {
  absl::StatusOr<int64_t> minor_units = ParseMinorUnits(text, currency_code);
  if (!minor_units.ok()) return minor_units.status();
  common::v1::Money money;
  money.set_currency_code(std::string(currency_code));
  money.set_minor_units(*minor_units);
  return money;
}

std::string ShortMoney(const common::v1::Money& money) {
  if (money.currency_code().empty()) return "";
  if (money.currency_code() == "CNY") return money::FormatWanYuan(money.minor_units());
  return money::FormatMoney(money);
}

std::string FullMoney(const common::v1::Money& money) {
  if (money.currency_code().empty()) return "";
  std::string text = money::FormatMoney(money);
  if (money.currency_code() == "CNY") crm::StrAppend(&text, " (", ShortMoney(money), ")");
  return text;
}

}  // namespace crm::crmctl
