#ifndef CRM_TOOLS_CRMCTL_MONEY_TEXT_H_
#define CRM_TOOLS_CRMCTL_MONEY_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/common/v1/money.pb.h"

namespace crm::crmctl {

// Amounts as people type and read them in the pipeline commands. Parsing is
// exact (digits, never a float): "1200000.00" CNY is 120000000 fen.

// A non-negative amount in the currency's major unit, "1200000", "1200000.5"
// or "1200000.00", with at most the currency's decimals (two for CNY, see
// money::MinorUnitDigits), as minor units. Errors are INVALID_ARGUMENT with
// the reason only, e.g. "\"12.345\" has more than 2 decimals"; callers say
// which flag.
absl::StatusOr<int64_t> ParseMinorUnits(std::string_view text, std::string_view currency_code);

// The same as a Money of `currency_code`.
absl::StatusOr<common::v1::Money> ParseMoney(std::string_view text, std::string_view currency_code);

// For tables: a CNY amount in 万元, "120.00万"; another currency in full,
// "1,000.00 USD"; "" for an unset amount (no currency).
std::string ShortMoney(const common::v1::Money& money);

// For a key-value block: "1,200,000.00 CNY (120.00万)"; another currency as
// "1,000.00 USD"; "" for an unset amount.
std::string FullMoney(const common::v1::Money& money);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_MONEY_TEXT_H_
