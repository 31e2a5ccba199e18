#ifndef CRM_TOOLS_CRMCTL_ACTIVITY_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_ACTIVITY_REQUESTS_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// `crmctl activity log|list` requests; see opportunity_requests.h.

// --customer, --type and --summary required; --opportunity, --contact
// (repeated), --next-step, --next-follow-up, --severity (required with
// and only for --type complaint), --resolved; --at, else `now`.
absl::StatusOr<opportunity::v1::CreateActivityRequest> BuildCreateActivityRequest(
    const Invocation& invocation, absl::Time now);

// Exactly one of --customer and --opportunity; list flags.
absl::StatusOr<opportunity::v1::ListActivitiesRequest> BuildListActivitiesRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ACTIVITY_REQUESTS_H_
