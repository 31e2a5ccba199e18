#ifndef CRM_TOOLS_CRMCTL_HIERARCHY_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_HIERARCHY_REQUESTS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl hierarchy ...` command line into its request for
// the HierarchyService; see customer_requests.h. Nodes may be named by id
// ("n42") or by name ("nodes/n42"); customers by id or "customers/ID".
// Flags are checked here so that a mistake is a usage error before any
// call: edges (hierarchy_values.h), percentages, dates, and which flags go
// together.

// What `hierarchy tree` and `hierarchy path` start from: exactly one of a
// node or a customer. The full name is required, as an id alone could be
// either.
struct NodeOrCustomer {
  std::string node;      // "nodes/ID"
  std::string customer;  // "customers/ID"
};
absl::StatusOr<NodeOrCustomer> ParseNodeOrCustomer(std::string_view argument);

// `hierarchy tree`: the name is set for a node and left empty for a customer,
// whose group root the command finds first; max_depth from --depth.
absl::StatusOr<hierarchy::v1::ListSubtreeRequest> BuildListSubtreeRequest(
    const Invocation& invocation);

absl::StatusOr<hierarchy::v1::CreateGroupRequest> BuildCreateGroupRequest(
    const Invocation& invocation);
// --customer, --department or --business-line (one), --edge (for a
// department or business line "department", the default), --ownership
// (for wholly-owned, controlled and affiliate edges), --effective-from.
absl::StatusOr<hierarchy::v1::AttachNodeRequest> BuildAttachNodeRequest(
    const Invocation& invocation);
absl::StatusOr<hierarchy::v1::MoveNodeRequest> BuildMoveNodeRequest(const Invocation& invocation);
absl::StatusOr<hierarchy::v1::DetachNodeRequest> BuildDetachNodeRequest(
    const Invocation& invocation);
absl::StatusOr<hierarchy::v1::GetRollupRequest> BuildGetRollupRequest(const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HIERARCHY_REQUESTS_H_
