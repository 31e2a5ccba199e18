#ifndef CRM_TOOLS_CRMCTL_ACTIVITY_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_ACTIVITY_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl activity log|list`: the follow-up record (跟进记录) of a customer
// and its opportunities, kept by the OpportunityService.
std::vector<CommandSpec> ActivityCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ACTIVITY_COMMANDS_H_
