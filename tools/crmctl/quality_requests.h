#ifndef CRM_TOOLS_CRMCTL_QUALITY_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_QUALITY_REQUESTS_H_

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl quality ...` command line into its request. Pure,
// like customer_requests.h; bad values are usage errors.

// --owner ORGUNIT, as an id or a name; none: the caller's whole scope.
absl::StatusOr<customer::v1::GetDataQualityReportRequest> BuildQualityReportRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_QUALITY_REQUESTS_H_
