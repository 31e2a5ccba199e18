#ifndef CRM_TOOLS_CRMCTL_MERGE_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_MERGE_REQUESTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns `crmctl customer merge` and `crmctl customer unmerge` command lines
// into their requests. Pure, so the mapping is tested without a server. What
// cannot be a request is a usage error; the server checks the rest (a customer
// listed twice, the survivor among the merged, too many customers).

// The fields whose winner --keep FIELD=ID picks, as MergeCustomers names them.
const std::vector<std::string>& MergeableFields();

// `customer merge SURVIVOR OTHER...`: ids or names customers/{customer};
// --keep FIELD=ID (repeated) as field overrides, FIELD as named above or with
// dashes (legal-name) and ID the survivor or one of the others; --dry-run as
// validate_only; --etag, the survivor's; the global --request-id.
absl::StatusOr<customer::v1::MergeCustomersRequest> BuildMergeCustomersRequest(
    const Invocation& invocation);

// `customer unmerge ID`: the merged customer to restore.
absl::StatusOr<customer::v1::UnmergeCustomerRequest> BuildUnmergeCustomerRequest(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_MERGE_REQUESTS_H_
