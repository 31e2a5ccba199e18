#ifndef CRM_TOOLS_CRMCTL_PIPELINE_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_PIPELINE_COMMANDS_H_

#include <vector>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// `crmctl pipeline board|funnel` and `crmctl reminders`: views of the
// pipeline (pipeline_printer.h, opportunity_printer.h).
std::vector<CommandSpec> PipelineCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_PIPELINE_COMMANDS_H_
