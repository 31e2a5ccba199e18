#ifndef CRM_TOOLS_CRMCTL_QUALITY_COMMANDS_H_
#define CRM_TOOLS_CRMCTL_QUALITY_COMMANDS_H_

#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {

// `crmctl quality report`: the customer service's data quality report,
// printed to `out` as the global -o option says.
absl::Status RunQualityReport(const Invocation& invocation, CustomerStub& stub,
                              const ContextFactory& contexts, std::ostream& out);

// Their specs, for the parser, the help and the dispatcher.
std::vector<CommandSpec> QualityCommands();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_QUALITY_COMMANDS_H_
