#ifndef CRM_TOOLS_CRMCTL_HELP_H_
#define CRM_TOOLS_CRMCTL_HELP_H_

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Prints help for `topic`: "" for crmctl itself, a group ("customer",
// "customer team") or a command ("customer create"). False when the topic
// names nothing.
bool PrintHelp(std::span<const CommandSpec> commands, std::string_view topic, std::ostream& out);

// "crmctl customer get ID [flags]".
std::string UsageLine(const CommandSpec& command);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_HELP_H_
