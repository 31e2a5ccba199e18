#ifndef CRM_TOOLS_CRMCTL_IMPORT_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_IMPORT_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl import customers FILE.csv`: a bulk load of customers from ERP/OA
// files through the streaming ImportCustomers call; rows are read with
// customer_csv.h, rejected ones written beside the file with their reasons.
std::vector<CommandSpec> ImportCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_IMPORT_COMMANDS_H_
