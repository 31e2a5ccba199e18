#ifndef CRM_LIBS_MONEY_MONEY_CHECK_H_
#define CRM_LIBS_MONEY_MONEY_CHECK_H_

// Checks a crm.common.v1.Money that arrives in a request, adding every
// problem to the request's FieldViolations under `<field>.currency_code` and
// `<field>.minor_units`. Whether the field is set at all is the caller's check
// (proto3 leaves an unset message field empty, which fails here anyway).

#include <string_view>

#include "crm/common/v1/money.pb.h"
#include "libs/status/status.h"

namespace crm::money {

// Three upper-case ASCII letters. The shape of ISO 4217 only: "ABC" passes,
// so services that accept a fixed set of currencies check that set too.
bool IsCurrencyCode(std::string_view code);

struct MoneyRules {
  // A negative amount is a violation (prices, budgets); refunds and
  // adjustments leave this off.
  bool non_negative = false;
};

// E.g. for field "amount":
//   amount.currency_code: "cny" is not an ISO 4217 code (three upper-case letters, e.g. CNY)
//   amount.minor_units: -100 is negative; this amount must be zero or more
void CheckMoney(const common::v1::Money& money, std::string_view field,
                status::FieldViolations& violations, MoneyRules rules = {});

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_MONEY_CHECK_H_
