#ifndef CRM_TOOLS_CRMCTL_OPPORTUNITY_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_OPPORTUNITY_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl opportunity create|get|list|update|stage|win|lose|reopen|history`:
// the pipeline's opportunities, kept by the OpportunityService. Each builds
// its request with opportunity_requests.h, calls through
// Connection::opportunities and prints with opportunity_printer.h or as JSON.
// update, stage, win, lose and reopen send --etag; without it they first get
// the opportunity and send its current etag (so the change applies to
// whatever is there now).
std::vector<CommandSpec> OpportunityCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_OPPORTUNITY_COMMANDS_H_
