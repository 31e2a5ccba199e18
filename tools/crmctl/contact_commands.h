#ifndef CRM_TOOLS_CRMCTL_CONTACT_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_CONTACT_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

// The `crmctl contact ...` commands; see customer_commands.h.
absl::Status RunCreateContact(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);
absl::Status RunGetContact(const Invocation& invocation, CustomerStub& stub,
                           const ContextFactory& contexts, std::ostream& out);
absl::Status RunListContacts(const Invocation& invocation, CustomerStub& stub,
                             const ContextFactory& contexts, std::ostream& out);
absl::Status RunUpdateContact(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);
absl::Status RunDeleteContact(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);
absl::Status RunEraseContact(const Invocation& invocation, CustomerStub& stub,
                             const ContextFactory& contexts, std::ostream& out);

// Their specs, for the parser, the help and the dispatcher.
std::vector<CommandSpec> ContactCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTACT_COMMANDS_H_
