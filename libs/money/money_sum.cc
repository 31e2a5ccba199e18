#include "libs/money/money_sum.h"

#include "libs/money/checked_math.h"
#include "libs/money/errors.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::money {

absl::Status MoneySum::Add(const common::v1::Money& amount) {
  if (currency_code_.empty()) {
    absl::StatusOr<int64_t> total = CheckedAdd(minor_units_, amount.minor_units());
    if (!total.ok()) return total.status();
    currency_code_ = amount.currency_code();
    minor_units_ = *total;
    return absl::OkStatus();
  }
  if (amount.currency_code() != currency_code_) {
    return status::Error(
        absl::StatusCode::kInvalidArgument, kErrorDomain, "CURRENCY_MISMATCH",
        crm::StrCat("cannot add an amount in ", amount.currency_code(), " to a total in ",
                    currency_code_, ": amounts of different currencies are never summed"),
        {{"total_currency_code", currency_code_},
         {"amount_currency_code", amount.currency_code()}});
  }
  return Add(amount.minor_units());
}

absl::Status MoneySum::Add(int64_t minor_units) {
  absl::StatusOr<int64_t> total = CheckedAdd(minor_units_, minor_units);
  if (!total.ok()) return total.status();
  minor_units_ = *total;
  return absl::OkStatus();
}

common::v1::Money MoneySum::total() const {
  common::v1::Money money;
  money.set_currency_code(currency_code_);
  money.set_minor_units(minor_units_);
  return money;
}

}  // namespace crm::money
