#include "services/opportunity/rules/product_lines.h"

#include <string>

#include "libs/money/line_amount.h"
#include "libs/money/money_check.h"
#include "libs/money/money_sum.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"

namespace crm::opportunity {
namespace {

common::v1::Money MoneyOf(std::string_view currency_code, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::string(currency_code));
  money.set_minor_units(minor_units);
  return money;
}

// The line's checks; true when its amount can be computed.
bool CheckLine(const v1::ProductLine& line, std::string_view currency_code,
               std::string_view currency_source, const std::string& path,
               status::FieldViolations& violations) {
  const size_t before = violations.size();
  validation::CheckText(line.product_code(), crm::StrCat(path, ".product_code"), 1,
                        kMaxProductCodeChars, validation::Lines::kSingle, violations);
  if (line.quantity() <= 0) {
    const std::string field = crm::StrCat(path, ".quantity");
    violations.Add(field, crm::StrCat(field, ": must be above 0, got ", line.quantity()));
  }
  const std::string price = crm::StrCat(path, ".unit_price");
  if (!line.has_unit_price()) {
    violations.Add(price, crm::StrCat(price, ": required; the price of one unit, at least 0"));
  } else {
    const size_t before_price = violations.size();
    money::CheckMoney(line.unit_price(), price, violations, {.non_negative = true});
    if (violations.size() == before_price && !currency_code.empty() &&
        line.unit_price().currency_code() != currency_code) {
      violations.Add(crm::StrCat(price, ".currency_code"),
                     crm::StrCat(price, ".currency_code: ", line.unit_price().currency_code(),
                                 " differs from ", currency_code, ", ", currency_source,
                                 "; give every line in one currency"));
    }
  }
  validation::CheckRange(line.discount_bp(), 0, money::kBasisPointsPerWhole,
                         crm::StrCat(path, ".discount_bp"), violations);
  return violations.size() == before;
}

}  // namespace

void ValidateProductLines(const ProductLines& lines, std::string_view currency_code,
                          std::string_view field, status::FieldViolations& violations) {
  validation::CheckCount(lines.size(), 0, kMaxProductLines, field, violations);
  std::string currency(currency_code);
  std::string source = "the amount's currency";
  if (currency.empty()) {
    // The first line with a well-formed currency sets it for the others.
    for (int i = 0; i < lines.size() && i < kMaxProductLines; ++i) {
      if (!money::IsCurrencyCode(lines[i].unit_price().currency_code())) continue;
      currency = lines[i].unit_price().currency_code();
      source = crm::StrCat("the currency of ", field, "[", i, "]");
      break;
    }
  }
  money::MoneySum total(currency);
  bool total_known = true;
  for (int i = 0; i < lines.size() && i < kMaxProductLines; ++i) {
    const std::string path = crm::StrCat(field, "[", i, "]");
    if (!CheckLine(lines[i], currency, source, path, violations)) {
      total_known = false;
      continue;
    }
    absl::StatusOr<common::v1::Money> amount = LineAmountOf(lines[i]);
    if (!amount.ok()) {
      violations.Add(path, crm::StrCat(path, ": quantity × unit_price (", lines[i].quantity(),
                                       " × ", lines[i].unit_price().minor_units(),
                                       ") is beyond the largest amount a line can have"));
      total_known = false;
      continue;
    }
    if (total_known && !total.Add(*amount).ok()) {
      violations.Add(std::string(field),
                     crm::StrCat(field,
                                 ": the lines' amounts add up beyond the largest amount "
                                 "an opportunity can have"));
      total_known = false;
    }
  }
}

absl::StatusOr<common::v1::Money> LineAmountOf(const v1::ProductLine& line) {
  absl::StatusOr<int64_t> amount =
      money::LineAmount(line.quantity(), line.unit_price().minor_units(), line.discount_bp());
  if (!amount.ok()) return amount.status();
  return MoneyOf(line.unit_price().currency_code(), *amount);
}

absl::StatusOr<common::v1::Money> AmountFromLines(const ProductLines& lines,
                                                  std::string_view currency_code) {
  money::MoneySum total{std::string(currency_code)};
  for (const v1::ProductLine& line : lines) {
    absl::StatusOr<common::v1::Money> amount = LineAmountOf(line);
    if (!amount.ok()) return amount.status();
    if (absl::Status added = total.Add(*amount); !added.ok()) return added;
  }
  return total.total();
}

absl::StatusOr<common::v1::Money> PriceProductLines(ProductLines& lines,
                                                    std::string_view currency_code) {
  for (v1::ProductLine& line : lines) {
    absl::StatusOr<common::v1::Money> amount = LineAmountOf(line);
    if (!amount.ok()) return amount.status();
    *line.mutable_amount() = *std::move(amount);
  }
  return AmountFromLines(lines, currency_code);
}

}  // namespace crm::opportunity
