#ifndef CRM_TOOLS_CRMCTL_CUSTOMER_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_CUSTOMER_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/poll_waiter.h"

namespace crm::crmctl {

// The `crmctl customer ...` commands. Each builds its request from the
// command line, calls the customer service through `stub` and prints the
// result to `out` as the global -o option says.
// Create also warns on `err` when the server names possible duplicates of
// the new customer; the command still succeeds.
absl::Status RunCreateCustomer(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out,
                               std::ostream& err);
absl::Status RunGetCustomer(const Invocation& invocation, CustomerStub& stub,
                            const ContextFactory& contexts, std::ostream& out);
absl::Status RunListCustomers(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);
absl::Status RunUpdateCustomer(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out);
absl::Status RunDeleteCustomer(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out);
absl::Status RunUndeleteCustomer(const Invocation& invocation, CustomerStub& stub,
                                 const ContextFactory& contexts, std::ostream& out);
absl::Status RunLookupCustomer(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out);
absl::Status RunUpsertCustomer(const Invocation& invocation, CustomerStub& stub,
                               const ContextFactory& contexts, std::ostream& out);
absl::Status RunSetCustomerOwner(const Invocation& invocation, CustomerStub& stub,
                                 const ContextFactory& contexts, std::ostream& out);
absl::Status RunAddTeamMember(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);
absl::Status RunRemoveTeamMember(const Invocation& invocation, CustomerStub& stub,
                                 const ContextFactory& contexts, std::ostream& out);
absl::Status RunSearchDuplicates(const Invocation& invocation, CustomerStub& stub,
                                 const ContextFactory& contexts, std::ostream& out);
absl::Status RunListHistory(const Invocation& invocation, CustomerStub& stub,
                            const ContextFactory& contexts, std::ostream& out);
// The change feed: pages of changes printed as they come (a table, or JSON
// lines with -o json), until an empty page, or with --follow until `waiter`
// says stop: streamed by WatchCustomerChanges, or polled with --limit or from
// a server without it. The cursor to resume from goes to `err` at the end and,
// with --cursor-file, to that file after each page, only once the page is
// printed: a change is printed again rather than lost.
absl::Status RunCustomerChanges(const Invocation& invocation, CustomerStub& stub,
                                const ContextFactory& contexts, std::ostream& out,
                                std::ostream& err, PollWaiter& waiter);

// Their specs, for the parser, the help and the dispatcher.
std::vector<CommandSpec> CustomerCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CUSTOMER_COMMANDS_H_
