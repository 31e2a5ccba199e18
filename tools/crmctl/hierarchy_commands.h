#ifndef CRM_TOOLS_CRMCTL_HIERARCHY_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_HIERARCHY_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl hierarchy tree|path|attach|create-group|move|detach|rollup|import`:
// customer groups kept by the HierarchyService. Each builds its request with
// hierarchy_requests.h (an import file with structure_csv.h), calls through
// Connection::hierarchy and prints with hierarchy_printer.h or as JSON.
std::vector<CommandSpec> HierarchyCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HIERARCHY_COMMANDS_H_
