#ifndef CRM_TOOLS_CRMCTL_HIERARCHY_VALUES_H_
#define CRM_TOOLS_CRMCTL_HIERARCHY_VALUES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"

namespace crm::crmctl {

// Values of a group's edges as people type them, checked the same way for
// flags (hierarchy_requests.h) and for the rows of an import file
// (structure_csv.h). Errors are INVALID_ARGUMENT with only the reason, e.g.
// "\"51.255\" has more than two decimals"; callers say which flag or field.

// An ownership percentage: 0-100 with at most two decimals, "51.25"; a
// trailing "%" is accepted and dropped, as are leading zeros ("051" -> "51").
absl::StatusOr<std::string> NormalizeOwnershipPercent(std::string_view text);

// A date "YYYY-MM-DD" that exists in the calendar.
absl::Status CheckDate(std::string_view text);

// True for the edges that carry an ownership percentage: wholly owned,
// controlled and affiliate.
bool EdgeHasOwnership(hierarchy::v1::EdgeType edge);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HIERARCHY_VALUES_H_
