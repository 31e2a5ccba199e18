#ifndef CRM_TOOLS_CRMCTL_ORG_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_ORG_REQUESTS_H_

#include "absl/status/statusor.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl whoami` or `crmctl org ...` command line into its
// request for the gateway's OrgService; see customer_requests.h. Org units
// and users may be named by id ("sub-east", "li.si") or by name
// ("orgUnits/sub-east", "users/li.si").

absl::StatusOr<gateway::v1::GetCurrentUserRequest> BuildGetCurrentUserRequest(
    const Invocation& invocation);

absl::StatusOr<gateway::v1::ListOrgUnitsRequest> BuildListOrgUnitsRequest(
    const Invocation& invocation);
absl::StatusOr<gateway::v1::GetOrgUnitRequest> BuildGetOrgUnitRequest(const Invocation& invocation);
absl::StatusOr<gateway::v1::CreateOrgUnitRequest> BuildCreateOrgUnitRequest(
    const Invocation& invocation);
// `org units rename`: the display name, with the mask "display_name".
absl::StatusOr<gateway::v1::UpdateOrgUnitRequest> BuildRenameOrgUnitRequest(
    const Invocation& invocation);
absl::StatusOr<gateway::v1::DeleteOrgUnitRequest> BuildDeleteOrgUnitRequest(
    const Invocation& invocation);

absl::StatusOr<gateway::v1::ListUsersRequest> BuildListUsersRequest(const Invocation& invocation);
absl::StatusOr<gateway::v1::GetUserRequest> BuildGetUserRequest(const Invocation& invocation);
absl::StatusOr<gateway::v1::CreateUserRequest> BuildCreateUserRequest(const Invocation& invocation);
// The fields whose flags are given, each named in the mask in field order.
absl::StatusOr<gateway::v1::UpdateUserRequest> BuildUpdateUserRequest(const Invocation& invocation);
// disabled = true / false with the mask "disabled".
absl::StatusOr<gateway::v1::UpdateUserRequest> BuildDisableUserRequest(
    const Invocation& invocation);
absl::StatusOr<gateway::v1::UpdateUserRequest> BuildEnableUserRequest(const Invocation& invocation);

absl::StatusOr<gateway::v1::ListAuditEntriesRequest> BuildListAuditEntriesRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ORG_REQUESTS_H_
