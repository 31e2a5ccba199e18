#ifndef CRM_TOOLS_CRMCTL_OPPORTUNITY_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_OPPORTUNITY_REQUESTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl opportunity ...` command line into its request for
// the OpportunityService; see customer_requests.h. Opportunities may be
// named by id or "opportunities/ID", customers by id or "customers/ID".
// Every value is checked here (opportunity_values.h, money_text.h,
// enum_names.h), so a mistake is a usage error naming the flag before any
// call. The global --request-id is sent as request_id on every change.
//
// The changes of an existing opportunity (update, stage, win, lose, reopen)
// take --etag; without it the request's etag is left empty and the command
// reads the current one first (opportunity_commands.h).

// --customer and --title required; --amount or --product (not both) in
// --currency (default CNY); --stage (an open one, default lead), dates,
// owners, --collaborator, --competitor, --lead-source, --probability,
// --forecast.
absl::StatusOr<opportunity::v1::CreateOpportunityRequest> BuildCreateOpportunityRequest(
    const Invocation& invocation);
absl::StatusOr<opportunity::v1::GetOpportunityRequest> BuildGetOpportunityRequest(
    const Invocation& invocation);
// --customer, --owner-user, --org-unit, --stage (repeated), list flags.
absl::StatusOr<opportunity::v1::ListOpportunitiesRequest> BuildListOpportunitiesRequest(
    const Invocation& invocation);
// The update mask holds the paths of the flags given, in the order of
// OpportunityUpdateFlags; none given is a usage error.
absl::StatusOr<opportunity::v1::UpdateOpportunityRequest> BuildUpdateOpportunityRequest(
    const Invocation& invocation);
// `opportunity stage NAME STAGE`: an open stage; won and lost have their own
// commands.
absl::StatusOr<opportunity::v1::ChangeStageRequest> BuildChangeStageRequest(
    const Invocation& invocation);
absl::StatusOr<opportunity::v1::WinOpportunityRequest> BuildWinOpportunityRequest(
    const Invocation& invocation);
// --reason required; --text required with --reason other.
absl::StatusOr<opportunity::v1::LoseOpportunityRequest> BuildLoseOpportunityRequest(
    const Invocation& invocation);
// --stage (open) and --reason required.
absl::StatusOr<opportunity::v1::ReopenOpportunityRequest> BuildReopenOpportunityRequest(
    const Invocation& invocation);
absl::StatusOr<opportunity::v1::ListOpportunityHistoryRequest> BuildListOpportunityHistoryRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_OPPORTUNITY_REQUESTS_H_
