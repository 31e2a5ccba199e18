#include "tools/crmctl/help.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

constexpr char kGlobalOptions[] =
    R"(global options (before or after the command):
  --server HOST:PORT    server to call (default: $CRM_SERVER, else the API gateway
                        of `make run`, 127.0.0.1:50050)
  --token-file FILE     send the token in FILE (see "credentials" below)
  --as USER@ORGUNIT     the caller of the development token crmctl mints when it
                        has no other (default: $CRM_AS, else admin@hq); also the
                        principal signed with $CRM_PRINCIPAL_KEY, else the
                        development key, for a service called directly
  --roles ROLE,...      roles of that caller (default: hq_admin for the org unit
                        hq, sales for any other)
  -o, --output FORMAT   table (default) or json: the response as one JSON document
                        with the proto field names, for scripts
  --timeout DURATION    deadline of each call, e.g. 10s (default), 1m, 500ms
  --request-id ID       idempotency key: sent as request_id on every change and as
                        x-request-id metadata, so repeating the command with the
                        same ID changes nothing twice; none is sent unless given
  --retries N           repeat a call the server refused for now (RESOURCE_EXHAUSTED
                        or UNAVAILABLE) up to N times, after the delay it asks for
                        or a growing backoff, within 10s in all (default 4; 0:
                        never); a change is repeated only with --request-id
  -h, --help            show help
credentials: every call carries "authorization: Bearer TOKEN" for the gateway,
  the first of: --token-file; $CRM_TOKEN; the token saved by "crmctl login"
  ($XDG_CONFIG_HOME/crmctl/token, default ~/.config/crmctl/token); else a
  development token for --as, which only a local gateway (make run) accepts.
)";

constexpr char kFooter[] =
    R"(exit status: 0 done; 1 the call failed (the error, its field violations and
reason go to stderr); 2 the command line is wrong; 3 "import customers" rejected
some rows (they are in its rejected-rows file).
Run "crmctl help COMMAND" or "crmctl COMMAND --help" for a command's flags.
)";

// Two aligned columns, indented by two spaces.
void PrintColumns(const Rows& rows, std::ostream& out) {
  int width = 0;
  for (const auto& [left, right] : rows) {
    width = std::max(width, DisplayWidth(left));
  }
  for (const auto& [left, right] : rows) {
    out << "  " << left;
    if (!right.empty()) {
      out << std::string(width - DisplayWidth(left) + 2, ' ') << right;
    }
    out << '\n';
  }
}

void PrintCommandList(std::span<const CommandSpec> commands, std::string_view group,
                      std::ostream& out) {
  Rows rows;
  const std::string prefix = group.empty() ? "" : crm::StrCat(group, " ");
  for (const CommandSpec& command : commands) {
    if (absl::StartsWith(command.path, prefix)) {
      std::string usage = command.path;
      if (!command.args.empty()) crm::StrAppend(&usage, " ", command.args);
      rows.emplace_back(std::move(usage), command.summary);
    }
  }
  out << "commands:\n";
  PrintColumns(rows, out);
}

void PrintCommandHelp(const CommandSpec& command, std::ostream& out) {
  out << "usage: " << UsageLine(command) << "\n\n" << command.summary << ".\n";
  if (!command.details.empty()) out << command.details << '\n';
  if (!command.flags.empty()) {
    Rows rows;
    for (const FlagSpec& flag : command.flags) {
      std::string left = crm::StrCat("--", flag.name);
      if (!flag.value_name.empty()) crm::StrAppend(&left, " ", flag.value_name);
      if (flag.repeated) crm::StrAppend(&left, " ...");
      rows.emplace_back(std::move(left), flag.help);
    }
    out << "\nflags:\n";
    PrintColumns(rows, out);
  }
  out << "\n" << kGlobalOptions;
}

}  // namespace

std::string UsageLine(const CommandSpec& command) {
  std::string line = crm::StrCat("crmctl ", command.path);
  if (!command.args.empty()) crm::StrAppend(&line, " ", command.args);
  if (!command.flags.empty()) crm::StrAppend(&line, " [flags]");
  return line;
}

bool PrintHelp(std::span<const CommandSpec> commands, std::string_view topic, std::ostream& out) {
  if (topic.empty()) {
    out << "crmctl: the command-line client of the CRM suite "
           "(集团客户管理), through its API gateway\n\n"
           "usage: crmctl [global options] COMMAND [ARGS] [flags]\n\n";
    PrintCommandList(commands, "", out);
    out << "\n" << kGlobalOptions << "\n" << kFooter;
    return true;
  }
  for (const CommandSpec& command : commands) {
    if (command.path == topic) {
      PrintCommandHelp(command, out);
      return true;
    }
  }
  const std::string prefix = crm::StrCat(topic, " ");
  const bool is_group = std::any_of(
      commands.begin(), commands.end(),
      [&](const CommandSpec& command) { return absl::StartsWith(command.path, prefix); });
  if (!is_group) return false;
  out << "usage: crmctl " << topic << " COMMAND [ARGS] [flags]\n\n";
  PrintCommandList(commands, topic, out);
  out << "\nRun \"crmctl help " << topic << " COMMAND\" for a command's flags.\n";
  return true;
}

}  // namespace crm::crmctl
