#ifndef CRM_TOOLS_CRMCTL_LOGIN_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_LOGIN_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl login [USER[@ORGUNIT]]`, `crmctl logout` and `crmctl whoami`: the
// token later commands send to the gateway, and who the gateway says it
// names.
std::vector<CommandSpec> LoginCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_LOGIN_COMMANDS_H_
