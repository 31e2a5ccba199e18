#ifndef CRM_TOOLS_CRMCTL_COMMAND_SPEC_H_
#define CRM_TOOLS_CRMCTL_COMMAND_SPEC_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace crm::crmctl {

struct Invocation;
struct Connection;

// One flag of a command, e.g. --legal-name NAME.
struct FlagSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // "NAME"; empty for an on/off switch such as --all
  std::string help;
  bool repeated = false;  // may be given more than once, e.g. --tag
};

// One command: the words that name it, its arguments and flags, and what it
// does. The parser, the help text and the dispatcher all read this one table.
struct CommandSpec {
  std::string path;  // "customer team add"
  std::string args;  // usage of the positional arguments, e.g. "ID ORGUNIT"
  int min_args = 0;
  int max_args = 0;
  std::string summary;  // one line for the command list
  std::string details;  // more for the command's help; may be empty
  std::vector<FlagSpec> flags;
  std::function<absl::Status(const Invocation&, const Connection&, std::ostream& out)> run;
  // False for commands that look up no credential before they run: those
  // that call nothing (token, logout) and login, which brings its own.
  bool needs_credential = true;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMAND_SPEC_H_
