#ifndef CRM_TOOLS_CRMCTL_PIPELINE_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_PIPELINE_REQUESTS_H_

#include "absl/status/statusor.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// `crmctl pipeline board|funnel` and `crmctl reminders` requests; see
// opportunity_requests.h.

// The board's list: the open stages, --org-unit and --owner-user, the
// largest pages (the command fetches them all).
absl::StatusOr<opportunity::v1::ListOpportunitiesRequest> BuildBoardRequest(
    const Invocation& invocation);

// Exactly one of --org-unit, --customer and --group; --from and --to
// (both or neither, from not after to); --currency.
absl::StatusOr<opportunity::v1::GetFunnelRequest> BuildGetFunnelRequest(
    const Invocation& invocation);

// At most one of --owner-user and --org-unit (neither: the caller's own);
// list flags.
absl::StatusOr<opportunity::v1::ListStaleOpportunitiesRequest> BuildListStaleRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_PIPELINE_REQUESTS_H_
