#include "services/contract/rules/milestone_plan.h"

#include <string>

#include "libs/money/checked_math.h"
#include "libs/money/format.h"
#include "libs/money/money_sum.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/rules/errors.h"

namespace crm::contract {
namespace {

common::v1::Money MoneyOf(const std::string& currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

absl::Status Precondition(std::string_view reason, std::string_view message,
                          status::Metadata metadata) {
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain, reason, message,
                       std::move(metadata));
}

}  // namespace

absl::Status MilestonesAddUp(const common::v1::Money& amount, const Milestones& milestones) {
  const std::string amount_text = money::FormatMoney(amount);
  if (milestones.empty()) {
    return Precondition("MILESTONES_MISSING",
                        crm::StrCat("payment_milestones: none; a contract of ", amount_text,
                                    " needs milestones that add up to it before it is submitted"),
                        {{"amount", amount_text}});
  }
  money::MoneySum sum(amount.currency_code());
  for (int i = 0; i < milestones.size(); ++i) {
    const common::v1::Money& part = milestones[i].amount();
    if (part.currency_code() != amount.currency_code()) {
      const std::string field = crm::StrCat("payment_milestones[", i, "].amount");
      return Precondition(
          "MILESTONE_CURRENCY_MISMATCH",
          crm::StrCat(field, ": ", money::FormatMoney(part), " is not in the contract's currency ",
                      amount.currency_code()),
          {{"field", field},
           {"currencyCode", part.currency_code()},
           {"contractCurrencyCode", amount.currency_code()}});
    }
    if (absl::Status s = sum.Add(part); !s.ok()) return s;
  }
  if (sum.minor_units() == amount.minor_units()) return absl::OkStatus();
  absl::StatusOr<int64_t> gap = money::CheckedSubtract(amount.minor_units(), sum.minor_units());
  if (!gap.ok()) return gap.status();
  const std::string total_text = money::FormatMoney(sum.total());
  const std::string gap_text =
      money::FormatMoney(MoneyOf(amount.currency_code(), *gap < 0 ? -*gap : *gap));
  return Precondition(
      "MILESTONES_DO_NOT_ADD_UP",
      crm::StrCat("payment_milestones: add up to ", total_text, ", the amount is ", amount_text,
                  " (", gap_text, *gap > 0 ? " short" : " over",
                  "); change the milestones or "
                  "the amount so they match"),
      {{"milestonesTotal", total_text}, {"amount", amount_text}, {"difference", gap_text}});
}

}  // namespace crm::contract
