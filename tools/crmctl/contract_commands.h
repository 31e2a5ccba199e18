#ifndef CRM_TOOLS_CRMCTL_CONTRACT_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_CONTRACT_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl contract create|get|list|update|submit|approve|reject|sign|
// terminate|renew|history|inbox|expiring|policy get|policy set`,
// `crmctl receipt record|list` and `crmctl receivables get|aging`: contracts
// (合同) and receivables (回款), kept by the ContractService. Each builds its
// request with contract_requests.h, calls through Connection::contracts and
// prints with contract_printer.h or as JSON. update, submit, approve,
// reject, sign and terminate send --etag; without it they first get the
// contract and send its current etag.
std::vector<CommandSpec> ContractCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTRACT_COMMANDS_H_
