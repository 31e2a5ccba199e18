#ifndef CRM_TOOLS_CRMCTL_COMMAND_LINE_H_
#define CRM_TOOLS_CRMCTL_COMMAND_LINE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

enum class OutputFormat { kTable, kJson };

// Options every command takes, before or after the command words.
struct GlobalOptions {
  std::string server;                          // --server HOST:PORT
  std::string user;                            // --as USER@ORGUNIT
  std::string org_unit;                        //
  std::vector<std::string> roles;              // --roles a,b; empty: the default roles
  OutputFormat output = OutputFormat::kTable;  // -o table|json
  absl::Duration timeout = absl::Seconds(10);  // --timeout, per call
  std::string request_id;                      // --request-id; empty: none sent
  int retries = 4;                             // --retries: repeats of a refused call
  std::string token_file;                      // --token-file FILE: the bearer token
  bool as_given = false;                       // --as was on the command line
  bool help = false;                           // -h, --help
  // Not flags: copied from Defaults for the credential lookup and login.
  std::string token;             // $CRM_TOKEN
  std::string saved_token_path;  // where `crmctl login` keeps its token
  std::string home;              // $HOME, to print that path as ~/...
  // Standard error is a terminal: long commands note their progress there.
  bool show_progress = false;
  // Standard output is a terminal that takes colours (no $NO_COLOR): `group
  // overview` colours tiers and risks.
  bool colour = false;
  // Where the bearer token came from, once looked up (see credentials.h).
  std::string credential_origin;
};

// Defaults of the global options; main takes them from the environment.
struct Defaults {
  // The API gateway of `make run`; --server may name a service directly.
  std::string server = "127.0.0.1:50050";
  std::string as = "admin@hq";  // $CRM_AS
  std::string token;            // $CRM_TOKEN
  // $XDG_CONFIG_HOME/crmctl/token, else $HOME/.config/crmctl/token (see
  // SavedTokenPath); empty: no saved token is read or written.
  std::string saved_token_path;
  std::string home;  // $HOME
  // Standard error is a terminal (main checks), so progress notes may go
  // there.
  bool stderr_is_terminal = false;
  // Standard output is a terminal and $NO_COLOR is unset (main checks).
  bool stdout_takes_colour = false;
};

// The flags given to a command, in command-line order. A switch holds "true"
// or "false".
class FlagValues final {
 public:
  void Add(std::string name, std::string value);

  bool Has(std::string_view name) const;
  // The value of a flag given once, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  // Every value of a repeated flag.
  std::vector<std::string> GetAll(std::string_view name) const;
  // True when a switch is on.
  bool IsOn(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

// A parsed command line.
struct Invocation {
  GlobalOptions options;
  // The command named, or null when the words named only a group ("customer")
  // or none at all.
  const CommandSpec* command = nullptr;
  // The command words given, e.g. "customer team" for a group.
  std::string words;
  std::vector<std::string> args;  // positional arguments
  FlagValues flags;
};

// Parses `args` (without the program name) against `commands`. Global options
// may come anywhere; a command's flags come after its words, as `--flag
// VALUE` or `--flag=VALUE`; after `--` every word is an argument. Fills
// `invocation` as far as it got, so a usage error can name the command;
// returns a usage error for anything it cannot accept. The argument count is
// not checked when help was asked for.
absl::Status ParseCommandLine(const std::vector<std::string>& args,
                              std::span<const CommandSpec> commands, const Defaults& defaults,
                              Invocation* invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMAND_LINE_H_
