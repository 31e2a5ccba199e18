#include "tools/crmctl/command_line.h"

#include <algorithm>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

constexpr size_t kMaxRequestIdLength = 128;

// --retries beyond this would still end at the 10 s bound of RetryPolicy.
constexpr int kMaxRetries = 20;

// Takes an option's value from "--name=value" or from the next word.
class ValueSource final {
 public:
  ValueSource(const std::vector<std::string>& args, size_t* index,
              std::optional<std::string> inline_value)
      : args_(args), index_(index), inline_value_(std::move(inline_value)) {}

  bool has_inline_value() const { return inline_value_.has_value(); }

  absl::Status Take(std::string_view option, std::string* value) {
    if (inline_value_.has_value()) {
      *value = *inline_value_;
      return absl::OkStatus();
    }
    if (*index_ + 1 >= args_.size()) {
      return UsageError(crm::StrCat(std::string(option), " needs a value"));
    }
    *value = args_[++*index_];
    return absl::OkStatus();
  }

  // A switch is on unless given as --name=false.
  absl::Status TakeSwitch(std::string_view option, bool* on) {
    if (!inline_value_.has_value()) {
      *on = true;
      return absl::OkStatus();
    }
    if (!absl::SimpleAtob(AbslView(*inline_value_), on)) {
      return UsageError(crm::StrCat(std::string(option), " takes no value, or =true or =false"));
    }
    return absl::OkStatus();
  }

 private:
  const std::vector<std::string>& args_;
  size_t* index_;
  std::optional<std::string> inline_value_;
};

// The rule the services apply to request_id (RequestIdError in
// libs/idempotency/request_log.cc), checked here first: the id is also sent
// as x-request-id metadata, and gRPC refuses a header value that is not
// printable ASCII by aborting the call.
absl::Status CheckRequestId(const std::string& id) {
  if (id.size() > kMaxRequestIdLength) {
    return UsageError(
        crm::StrCat("--request-id: at most ", kMaxRequestIdLength, " characters, got ", id.size()));
  }
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return UsageError(
          "--request-id: use only letters, digits and . _ : - (a UUID is "
          "recommended)");
    }
  }
  return absl::OkStatus();
}

absl::Status ParseTimeout(const std::string& text, absl::Duration* timeout) {
  int64_t seconds = 0;
  // A bare number means seconds, the unit people expect.
  if (absl::SimpleAtoi(text, &seconds)) {
    *timeout = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, timeout)) {
    return UsageError(
        crm::StrCat("--timeout: \"", text, "\" is not a duration, e.g. 10s, 1m, 500ms"));
  }
  if (*timeout <= absl::ZeroDuration()) {
    return UsageError("--timeout must be positive");
  }
  return absl::OkStatus();
}

// Applies a global option; false when `name` is not one.
absl::StatusOr<bool> ApplyGlobalOption(const std::string& name, ValueSource& source,
                                       std::string* as, GlobalOptions* options) {
  const std::string option = crm::StrCat("--", name);
  if (name == "help") {
    absl::Status status = source.TakeSwitch(option, &options->help);
    if (!status.ok()) return status;
    return true;
  }
  const bool known = name == "server" || name == "as" || name == "roles" || name == "output" ||
                     name == "timeout" || name == "request-id" || name == "token-file" ||
                     name == "retries";
  if (!known) return false;
  std::string value;
  absl::Status status = source.Take(option, &value);
  if (!status.ok()) return status;
  if (value.empty()) return UsageError(crm::StrCat(option, " is empty"));
  if (name == "server") {
    options->server = value;
  } else if (name == "as") {
    *as = value;
    options->as_given = true;
  } else if (name == "token-file") {
    options->token_file = value;
  } else if (name == "roles") {
    options->roles.clear();
    for (absl::string_view role : absl::StrSplit(value, ',')) {
      role = absl::StripAsciiWhitespace(role);
      if (!role.empty()) options->roles.emplace_back(role);
    }
    if (options->roles.empty()) return UsageError("--roles names no role");
  } else if (name == "output") {
    if (value == "table") {
      options->output = OutputFormat::kTable;
    } else if (value == "json") {
      options->output = OutputFormat::kJson;
    } else {
      return UsageError(crm::StrCat("-o: \"", value,
                                    "\" is not an output format; use table "
                                    "or json"));
    }
  } else if (name == "timeout") {
    status = ParseTimeout(value, &options->timeout);
    if (!status.ok()) return status;
  } else if (name == "retries") {
    if (!absl::SimpleAtoi(value, &options->retries) || options->retries < 0 ||
        options->retries > kMaxRetries) {
      return UsageError(
          crm::StrCat("--retries: \"", value, "\" is not a number from 0 to ", kMaxRetries));
    }
  } else {
    status = CheckRequestId(value);
    if (!status.ok()) return status;
    options->request_id = value;
  }
  return true;
}

// "USER@ORGUNIT"; a user name may itself hold an '@', an org unit may not.
absl::Status ApplyAs(std::string_view as, GlobalOptions* options) {
  const size_t at = as.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == as.size()) {
    return UsageError(
        crm::StrCat("--as: \"", std::string(as), "\" is not USER@ORGUNIT, e.g. li.si@sub-east"));
  }
  std::string_view user = as.substr(0, at);
  std::string_view org_unit = as.substr(at + 1);
  // Accept resource names too, as they appear in the server's output.
  if (user.starts_with("users/")) user.remove_prefix(6);
  if (org_unit.starts_with("orgUnits/")) org_unit.remove_prefix(9);
  options->user = std::string(user);
  options->org_unit = std::string(org_unit);
  return absl::OkStatus();
}

// Adds a command word, resolving the command once the words name one.
absl::Status AddCommandWord(const std::string& word, std::span<const CommandSpec> commands,
                            Invocation* invocation) {
  invocation->words = invocation->words.empty() ? word : crm::StrCat(invocation->words, " ", word);
  const std::string group_prefix = crm::StrCat(invocation->words, " ");
  bool is_group = false;
  for (const CommandSpec& command : commands) {
    if (command.path == invocation->words) {
      invocation->command = &command;
      return absl::OkStatus();
    }
    if (absl::StartsWith(command.path, group_prefix)) is_group = true;
  }
  if (is_group) return absl::OkStatus();
  return UsageError(crm::StrCat("unknown command \"crmctl ", invocation->words, "\""));
}

// True when `word` after the command named so far names a longer command or
// the group of one, as "target" after "scorecard" ("scorecard target set").
bool ContinuesCommand(const std::string& word, std::span<const CommandSpec> commands,
                      const Invocation& invocation) {
  const std::string words = crm::StrCat(invocation.words, " ", word);
  for (const CommandSpec& command : commands) {
    if (command.path == words || absl::StartsWith(command.path, crm::StrCat(words, " "))) {
      return true;
    }
  }
  return false;
}

const FlagSpec* FindFlag(const CommandSpec& command, std::string_view name) {
  auto it = std::find_if(command.flags.begin(), command.flags.end(),
                         [&](const FlagSpec& flag) { return flag.name == name; });
  return it == command.flags.end() ? nullptr : &*it;
}

absl::Status AddCommandFlag(const std::string& name, ValueSource& source, Invocation* invocation) {
  const std::string option = crm::StrCat("--", name);
  const FlagSpec* flag = FindFlag(*invocation->command, name);
  if (flag == nullptr) {
    return UsageError(
        crm::StrCat("unknown flag ", option, " for \"crmctl ", invocation->command->path, "\""));
  }
  if (!flag->repeated && invocation->flags.Has(name)) {
    return UsageError(crm::StrCat(option, " is given more than once"));
  }
  std::string value;
  if (flag->value_name.empty()) {
    bool on = false;
    absl::Status status = source.TakeSwitch(option, &on);
    if (!status.ok()) return status;
    value = on ? "true" : "false";
  } else {
    absl::Status status = source.Take(option, &value);
    if (!status.ok()) return status;
  }
  invocation->flags.Add(name, std::move(value));
  return absl::OkStatus();
}

absl::Status CheckArgumentCount(const Invocation& invocation) {
  const CommandSpec& command = *invocation.command;
  const int count = static_cast<int>(invocation.args.size());
  if (count >= command.min_args && count <= command.max_args) {
    return absl::OkStatus();
  }
  if (command.max_args == 0) {
    return UsageError(crm::StrCat("\"crmctl ", command.path, "\" takes no arguments, got \"",
                                  invocation.args.front(), "\""));
  }
  return UsageError(crm::StrCat("\"crmctl ", command.path, "\" takes ", command.args, ", got ",
                                count, count == 1 ? " argument" : " arguments"));
}

}  // namespace

void FlagValues::Add(std::string name, std::string value) {
  values_.emplace_back(std::move(name), std::move(value));
}

bool FlagValues::Has(std::string_view name) const {
  return std::any_of(values_.begin(), values_.end(),
                     [&](const auto& entry) { return entry.first == name; });
}

std::optional<std::string> FlagValues::Get(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [flag, flag_value] : values_) {
    if (flag == name) value = flag_value;
  }
  return value;
}

std::vector<std::string> FlagValues::GetAll(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [flag, value] : values_) {
    if (flag == name) values.push_back(value);
  }
  return values;
}

bool FlagValues::IsOn(std::string_view name) const { return Get(name) == "true"; }

absl::Status ParseCommandLine(const std::vector<std::string>& args,
                              std::span<const CommandSpec> commands, const Defaults& defaults,
                              Invocation* invocation) {
  *invocation = Invocation();
  invocation->options.server = defaults.server;
  invocation->options.token = defaults.token;
  invocation->options.saved_token_path = defaults.saved_token_path;
  invocation->options.home = defaults.home;
  invocation->options.show_progress = defaults.stderr_is_terminal;
  invocation->options.colour = defaults.stdout_takes_colour;
  std::string as = defaults.as;
  bool only_arguments = false;

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!only_arguments && arg == "--") {
      only_arguments = true;
      continue;
    }
    if (only_arguments || arg.size() < 2 || arg[0] != '-') {
      if (invocation->command != nullptr && !only_arguments && invocation->args.empty() &&
          ContinuesCommand(arg, commands, *invocation)) {
        // "scorecard target": a command that is also the start of others.
        invocation->command = nullptr;
      } else if (invocation->command != nullptr) {
        invocation->args.push_back(arg);
        continue;
      }
      absl::Status status = AddCommandWord(arg, commands, invocation);
      if (!status.ok()) return status;
      continue;
    }

    std::string name;
    std::optional<std::string> inline_value;
    if (arg.starts_with("--")) {
      const size_t equals = arg.find('=');
      name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      if (equals != std::string::npos) inline_value = arg.substr(equals + 1);
    } else {
      // The two short options: -o FORMAT (also -oFORMAT, -o=FORMAT) and -h.
      const char letter = arg[1];
      if (letter == 'o') {
        name = "output";
      } else if (letter == 'h' && arg.size() == 2) {
        name = "help";
      } else {
        return UsageError(crm::StrCat("unknown option ", arg));
      }
      if (arg.size() > 2) {
        inline_value = arg.substr(arg[2] == '=' ? 3 : 2);
      }
    }

    ValueSource source(args, &i, std::move(inline_value));
    absl::StatusOr<bool> global = ApplyGlobalOption(name, source, &as, &invocation->options);
    if (!global.ok()) return global.status();
    if (*global) continue;
    if (invocation->command == nullptr) {
      return UsageError(crm::StrCat("unknown option --", name,
                                    invocation->words.empty()
                                        ? "; a command's flags go after the command"
                                        : crm::StrCat(" for \"crmctl ", invocation->words, "\"")));
    }
    absl::Status status = AddCommandFlag(name, source, invocation);
    if (!status.ok()) return status;
  }

  absl::Status status = ApplyAs(as, &invocation->options);
  if (!status.ok()) return status;
  if (invocation->options.help) return absl::OkStatus();
  if (invocation->command == nullptr) {
    if (invocation->words.empty()) return UsageError("no command given");
    return UsageError(crm::StrCat("\"crmctl ", invocation->words, "\" needs a subcommand"));
  }
  return CheckArgumentCount(*invocation);
}

}  // namespace crm::crmctl
