#ifndef CRM_TOOLS_CRMCTL_TOKEN_COMMAND_H_
#define CRM_TOOLS_CRMCTL_TOKEN_COMMAND_H_

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl token`: prints a local development token for --as and --roles,
// for other clients of the gateway; crmctl mints its own, or sends the one
// `crmctl login` saved.
CommandSpec TokenCommand();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_TOKEN_COMMAND_H_
