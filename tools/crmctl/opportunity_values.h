#ifndef CRM_TOOLS_CRMCTL_OPPORTUNITY_VALUES_H_
#define CRM_TOOLS_CRMCTL_OPPORTUNITY_VALUES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/common/v1/date.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"

namespace crm::crmctl {

// Values of the pipeline commands as people type them. Errors are usage
// errors naming the flag, e.g. "--product: \"X:0:10\" has quantity 0; give
// one above 0".

// A percentage 0-100 with at most two decimals and an optional "%" as
// basis points: "15", "15.5", "15.25%" -> 1500, 1550, 1525. Errors are
// INVALID_ARGUMENT with the reason only; callers say which flag.
absl::StatusOr<int32_t> ParsePercentAsBasisPoints(std::string_view text);

// "2027-03-31" as a Date; "" is an unset Date (clears the field on update).
absl::StatusOr<common::v1::Date> ParseDateFlag(std::string_view text, std::string_view flag);

// "2027-03-31"; "" for an unset Date.
std::string FormatDate(const common::v1::Date& date);

// --product CODE:QTY:UNIT_PRICE[:DISCOUNT%], e.g. "PV-550:200:1250.00:15"
// (200 panels at 1,250.00 less 15%); the discount may have two decimals and
// a trailing "%", and becomes basis points (15 -> 1500).
absl::StatusOr<opportunity::v1::ProductLine> ParseProductLine(std::string_view text,
                                                              std::string_view currency_code);

// --committee CONTACT:ROLE[:STANCE[:INFLUENCE]], e.g.
// "customers/c1/contacts/k1:decision-maker:supporter:5".
absl::StatusOr<opportunity::v1::CommitteeMember> ParseCommitteeMember(std::string_view text);

// --at: RFC 3339 with an offset, "2026-12-01T10:00:00+08:00".
absl::StatusOr<absl::Time> ParseTimeFlag(std::string_view text, std::string_view flag);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_OPPORTUNITY_VALUES_H_
