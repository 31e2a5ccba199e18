#ifndef CRM_TOOLS_CRMCTL_RESOURCE_NAMES_H_
#define CRM_TOOLS_CRMCTL_RESOURCE_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"

namespace crm::crmctl {

// Commands take either a bare id or a full resource name, so ids copied from a
// table and names copied from JSON both work. The server validates the ids;
// these only build the names and reject what cannot be one.

// "ID" or "customers/ID" -> "customers/ID".
absl::StatusOr<std::string> CustomerName(std::string_view id_or_name);

// {"CUSTOMER_ID", "CONTACT_ID"} or {"customers/C/contacts/K"} ->
// "customers/C/contacts/K".
absl::StatusOr<std::string> ContactName(const std::vector<std::string>& args);

// "sub-east" or "orgUnits/sub-east" -> "orgUnits/sub-east".
std::string OrgUnitName(std::string_view id_or_name);

// "alice" or "users/alice" -> "users/alice".
std::string UserName(std::string_view id_or_name);

// The same, for arguments the gateway's org commands take: a usage error for
// what cannot be a name, e.g. "users/li.si" given as an org unit.
absl::StatusOr<std::string> CheckedOrgUnitName(std::string_view id_or_name);
absl::StatusOr<std::string> CheckedUserName(std::string_view id_or_name);

// "ID" or "nodes/ID" -> "nodes/ID", a node of a customer group; a usage
// error for what cannot be one, e.g. "customers/ID".
absl::StatusOr<std::string> CheckedNodeName(std::string_view id_or_name);

// "ID" or "opportunities/ID" -> "opportunities/ID"; a usage error for what
// cannot be one.
absl::StatusOr<std::string> CheckedOpportunityName(std::string_view id_or_name);

// "ID" or "contracts/ID" -> "contracts/ID"; a usage error for what cannot
// be one, e.g. a receipt's name.
absl::StatusOr<std::string> CheckedContractName(std::string_view id_or_name);

// "ID" or "collaborationRequests/ID" -> "collaborationRequests/ID", and
// "ID" or "attributions/ID" -> "attributions/ID"; a usage error for what
// cannot be one.
absl::StatusOr<std::string> CheckedCollaborationRequestName(std::string_view id_or_name);
absl::StatusOr<std::string> CheckedAttributionName(std::string_view id_or_name);

// "ID" or "churnWarnings/ID" -> "churnWarnings/ID", and "ID" or
// "factsRebuilds/ID" -> "factsRebuilds/ID"; a usage error for what cannot
// be one.
absl::StatusOr<std::string> CheckedChurnWarningName(std::string_view id_or_name);
absl::StatusOr<std::string> CheckedFactsRebuildName(std::string_view id_or_name);

// "SYSTEM:ID" (split at the first colon) -> an ExternalReference.
absl::StatusOr<customer::v1::ExternalReference> ParseExternalReference(std::string_view text);

// The last segment of a resource name: "customers/C/contacts/K" -> "K".
std::string LastSegment(std::string_view name);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_RESOURCE_NAMES_H_
