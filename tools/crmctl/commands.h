#ifndef CRM_TOOLS_CRMCTL_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_COMMANDS_H_

#include <span>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Every crmctl command, in the order the help lists them. "help" has no
// run function: the app answers it.
std::span<const CommandSpec> AllCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMANDS_H_
