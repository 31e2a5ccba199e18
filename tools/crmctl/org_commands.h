#ifndef CRM_TOOLS_CRMCTL_ORG_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_ORG_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl org units|users|audit ...`: the seller organisation kept by the
// gateway's OrgService. Each builds its request with org_requests.h, calls
// through Connection::org and prints with org_printer.h or as JSON.
std::vector<CommandSpec> OrgCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ORG_COMMANDS_H_
