#ifndef CRM_TOOLS_CRMCTL_COLLABORATION_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_COLLABORATION_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl collab create|get|list|update|ack|advance|cancel|comment|timeline|
// board|sla get|sla set`, `crmctl attribution show|list|score|submit|approve|
// reject|dispute|adjust|history|policy get|policy set` and `crmctl credit
// report`: collaboration requests (协同需求) and their board, attribution
// (协同贡献度) and the credit report, kept by the CollaborationService. Each
// builds its request with collaboration_requests.h, calls through
// Connection::collaboration and prints with collaboration_printer.h or as
// JSON. update, advance, cancel, submit, approve, reject and dispute send
// --etag; without it they first get the resource and send its current etag.
// score and adjust read the attribution first and send its contributors
// with the changes given; sla set and policy set read the policy in force
// and send it with the changes given.
std::vector<CommandSpec> CollaborationCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COLLABORATION_COMMANDS_H_
