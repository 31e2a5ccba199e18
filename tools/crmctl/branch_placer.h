#ifndef CRM_TOOLS_CRMCTL_BRANCH_PLACER_H_
#define CRM_TOOLS_CRMCTL_BRANCH_PLACER_H_

#include <string>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

// What became of one branch placement of a duplicate scan.
struct PlacementOutcome {
  enum class Kind {
    kPlaced,      // attached under the head office's node
    kWouldPlace,  // --dry-run: it would be attached
    kSkipped,     // nothing to do or nowhere to put it; `why` says which
    kFailed,      // the hierarchy refused this one; `why` has its message
  };
  Kind kind = Kind::kSkipped;
  customer::v1::BranchPlacement placement;
  // The branch's node (placed, or already placed) or the head office's
  // (would place).
  std::string node;
  std::string why;
};

// The AttachNode request_id of a placement: the same for the same pair, so a
// second run (or a retry) never attaches a branch twice.
std::string PlacementRequestId(const customer::v1::BranchPlacement& placement);

// Places one branch under its head office: FindGroup of the head office (in
// no group: skipped) and of the branch (in a group already: skipped), then
// AttachNode(parent = the head office's node, a CUSTOMER node with edge
// BRANCH), unless `dry_run`. A refusal about this pair (FAILED_PRECONDITION,
// NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT, PERMISSION_DENIED on the
// attach) is a kFailed outcome; any other error (unauthenticated, the
// server unavailable, ...) is returned, as the next placement would meet it
// too.
absl::StatusOr<PlacementOutcome> PlaceBranch(HierarchyStub& hierarchy,
                                             const ContextFactory& contexts,
                                             const customer::v1::BranchPlacement& placement,
                                             bool dry_run);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_BRANCH_PLACER_H_
