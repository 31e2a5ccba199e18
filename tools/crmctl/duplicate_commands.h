#ifndef CRM_TOOLS_CRMCTL_DUPLICATE_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_DUPLICATE_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {

// `crmctl customer duplicates scan [OPERATION]`: starts a duplicate scan
// (ScanDuplicates), or reads the one named, and prints its progress; with
// --wait it reads the operation every `interval` until it is done (or
// `waiter` says stop), then prints the duplicate groups and the branch
// placements. A failed scan is an error with the scan's own status.
absl::Status RunScanDuplicates(const Invocation& invocation, CustomerStub& customers,
                               OperationsStub& operations, const ContextFactory& contexts,
                               std::ostream& out, PollWaiter& waiter, absl::Duration interval);

// `crmctl customer branches place OPERATION [--dry-run]`: for each branch
// placement of a finished scan, attaches the branch under its head office's
// node (edge BRANCH) when the head office is in a group and the branch in
// none; prints each placement's outcome (placed, skipped and why, failed).
// The AttachNode request_id is derived from the pair, so running it again
// never places a branch twice. An error when any placement failed.
absl::Status RunPlaceBranches(const Invocation& invocation, OperationsStub& operations,
                              HierarchyStub& hierarchy, const ContextFactory& contexts,
                              std::ostream& out);

// Their specs.
std::vector<CommandSpec> DuplicateCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_DUPLICATE_COMMANDS_H_
