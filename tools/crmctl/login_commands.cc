#include "tools/crmctl/login_commands.h"

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/jwt/development_token.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/connection.h"
#include "tools/crmctl/credentials.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/org_printer.h"
#include "tools/crmctl/rpc_call.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::gateway::v1;

// As long as `crmctl token`'s: a working day.
constexpr absl::Duration kLoginTokenLifetime = absl::Hours(12);

absl::Status NowhereToSave() {
  return absl::FailedPreconditionError(
      "there is no place for the saved token: set HOME or XDG_CONFIG_HOME");
}

// "li.si" or "li.si@sub-east", each part with or without its prefix, into
// `options`; without an org unit the token names none and the gateway finds
// it in the organisation.
absl::Status ApplyLoginUser(std::string_view text, GlobalOptions* options) {
  std::string_view user = text;
  std::string_view org_unit;
  if (const size_t at = text.rfind('@'); at != std::string_view::npos) {
    user = text.substr(0, at);
    org_unit = text.substr(at + 1);
    if (org_unit.starts_with("orgUnits/")) org_unit.remove_prefix(9);
  }
  if (user.starts_with("users/")) user.remove_prefix(6);
  if (user.empty() || (text.find('@') != std::string_view::npos && org_unit.empty())) {
    return UsageError(crm::StrCat("\"", std::string(text),
                                  "\" is not USER or USER@ORGUNIT, e.g. "
                                  "li.si@sub-east"));
  }
  options->user = std::string(user);
  options->org_unit = std::string(org_unit);
  return absl::OkStatus();
}

// The token to log in with: from --token-file or --token-stdin as the
// identity provider issued it, else a development token.
absl::StatusOr<std::string> LoginToken(const Invocation& invocation, std::istream& in) {
  GlobalOptions options = invocation.options;
  const bool from_file = !options.token_file.empty();
  const bool from_stdin = invocation.flags.IsOn("token-stdin");
  if (from_file && from_stdin) {
    return UsageError("give --token-file or --token-stdin, not both");
  }
  if ((from_file || from_stdin) && !invocation.args.empty()) {
    return UsageError(crm::StrCat("USER is for a development token; the token from ",
                                  from_file ? "--token-file" : "--token-stdin",
                                  " names its own user"));
  }
  if (from_file) {
    absl::StatusOr<std::string> token = ReadTokenFile(options.token_file);
    if (!token.ok()) {
      return absl::Status(token.status().code(),
                          crm::StrCat("--token-file: ", std::string(token.status().message())));
    }
    return token;
  }
  if (from_stdin) return ReadToken(in, "standard input");
  if (!invocation.args.empty()) {
    absl::Status status = ApplyLoginUser(invocation.args[0], &options);
    if (!status.ok()) return status;
  }
  return jwt::DevelopmentToken(options.user, options.org_unit, RolesFor(options),
                               kLoginTokenLifetime);
}

// Asks the gateway who the token names and saves the token only when it
// answers: a token it refuses would fail every later command.
absl::Status RunLogin(const Invocation& invocation, const Connection& connection,
                      std::ostream& out) {
  const GlobalOptions& options = invocation.options;
  absl::StatusOr<std::string> token = LoginToken(invocation, connection.in);
  if (!token.ok()) return token.status();
  if (options.saved_token_path.empty()) return NowhereToSave();

  const std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(options, *token);
  v1::CurrentUser user;
  absl::Status status =
      Call(connection.org, &OrgStub::GetCurrentUser, *contexts, v1::GetCurrentUserRequest(), &user);
  if (!status.ok()) return status;
  status = SaveToken(options.saved_token_path, *token);
  if (!status.ok()) return status;

  if (options.output == OutputFormat::kJson) return PrintJson(user, out);
  out << "logged in as " << user.user() << " (" << user.org_unit()
      << "; roles: " << absl::StrJoin(user.roles(), ", ") << "); token saved to "
      << DisplayPath(options.saved_token_path, options.home) << '\n';
  if (!options.token.empty()) {
    out << "note: CRM_TOKEN is set and goes before the saved token; unset it "
           "to use this login\n";
  }
  return absl::OkStatus();
}

absl::Status RunLogout(const Invocation& invocation, const Connection&, std::ostream& out) {
  const GlobalOptions& options = invocation.options;
  if (options.saved_token_path.empty()) return NowhereToSave();
  absl::StatusOr<bool> removed = RemoveSavedToken(options.saved_token_path);
  if (!removed.ok()) return removed.status();
  const std::string path = DisplayPath(options.saved_token_path, options.home);
  if (*removed) {
    out << "logged out: removed " << path << '\n';
  } else {
    out << "not logged in: there is no " << path << '\n';
  }
  if (!options.token.empty()) {
    out << "note: CRM_TOKEN is still set and still sent\n";
  }
  return absl::OkStatus();
}

absl::Status RunWhoami(const Invocation& invocation, const Connection& connection,
                       std::ostream& out) {
  v1::CurrentUser user;
  absl::Status status = Call(connection.org, &OrgStub::GetCurrentUser, connection.contexts,
                             v1::GetCurrentUserRequest(), &user);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(user, out);
  }
  PrintCurrentUser(user, out);
  if (!invocation.options.credential_origin.empty()) {
    out << "(token: " << invocation.options.credential_origin << ")\n";
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<CommandSpec> LoginCommands() {
  return {
      {.path = "login",
       .args = "[USER[@ORGUNIT]]",
       .max_args = 1,
       .summary = "check a token with the gateway and save it for later "
                  "commands",
       .details = "Local development (make run): mints a 12-hour development token "
                  "for USER@ORGUNIT (default: --as), e.g.\n"
                  "  crmctl login li.si@sub-east\n"
                  "With an identity provider: saves the token it issued instead,\n"
                  "  crmctl login --token-file FILE\n"
                  "  crmctl login --token-stdin < FILE\n"
                  "Either way the gateway is asked who the token names first (as "
                  "whoami does), and nothing is saved if it refuses the token. The "
                  "token goes to $XDG_CONFIG_HOME/crmctl/token (default "
                  "~/.config/crmctl/token), readable by you only; later commands "
                  "send it unless --token-file or CRM_TOKEN is given. The gateway "
                  "takes the org unit and roles from the organisation, not from "
                  "the token.",
       .flags = {{.name = "token-stdin", .help = "read the token from standard input"}},
       .run = RunLogin,
       .needs_credential = false},
      {.path = "logout",
       .summary = "remove the token saved by login",
       .details = "Later commands send CRM_TOKEN when set, else a "
                  "development token for --as.",
       .run = RunLogout,
       .needs_credential = false},
      {.path = "whoami",
       .summary = "show who the gateway says you are: user, org unit, roles, "
                  "scope",
       .run = RunWhoami},
  };
}

}  // namespace crm::crmctl
