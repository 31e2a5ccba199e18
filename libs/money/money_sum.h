#ifndef CRM_LIBS_MONEY_MONEY_SUM_H_
#define CRM_LIBS_MONEY_MONEY_SUM_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "crm/common/v1/money.pb.h"

namespace crm::money {

// The total of amounts of one currency, exact or an error: adding another
// currency is INVALID_ARGUMENT (CURRENCY_MISMATCH, naming both codes) and a
// total beyond int64 is OUT_OF_RANGE (MONEY_OVERFLOW). A failed Add leaves the
// sum as it was.
//
//   MoneySum sum("CNY");
//   for (const Line& line : lines) {
//     if (absl::Status s = sum.Add(line.amount()); !s.ok()) return s;
//   }
//   *reply.mutable_total() = sum.total();
class MoneySum final {
 public:
  // Takes its currency from the first amount added.
  MoneySum() = default;
  // Only amounts in `currency_code` may be added.
  explicit MoneySum(std::string currency_code) : currency_code_(std::move(currency_code)) {}

  absl::Status Add(const common::v1::Money& amount);
  // `minor_units` in the sum's currency.
  absl::Status Add(int64_t minor_units);

  // The currency ("" while a default-constructed sum is empty) and total.
  common::v1::Money total() const;
  const std::string& currency_code() const { return currency_code_; }
  int64_t minor_units() const { return minor_units_; }

 private:
  std::string currency_code_;
  int64_t minor_units_ = 0;
};

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_MONEY_SUM_H_
