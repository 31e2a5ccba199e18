#ifndef CRM_TOOLS_CRMCTL_MERGE_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_MERGE_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

// `crmctl customer merge SURVIVOR OTHER...`: folds the others into the
// survivor. Prints which customer each identity field came from and why,
// then the merged record; with --dry-run the same, as it would be, under a
// first line saying nothing was written. -o json prints the whole response.
absl::Status RunMergeCustomers(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out);

// `crmctl customer unmerge ID`: restores a merged customer. Prints it and a
// line on what the survivor gave back; -o json the whole response.
absl::Status RunUnmergeCustomer(const Invocation& invocation, CustomerStub& stub,
                                const ContextFactory& contexts, std::ostream& out);

// Their specs, for the parser, the help and the dispatcher.
std::vector<CommandSpec> MergeCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_MERGE_COMMANDS_H_
