#include "libs/config/flags.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::config {
namespace {

// Abseil's own flags are defined in files under absl/; skipping them keeps
// e.g. CRM_HELP or CRM_FLAGFILE from changing how a binary starts.
bool IsAbseilFlag(const absl::CommandLineFlag& flag) {
  const std::string file = flag.Filename();
  return file.starts_with("absl/") || file.find("/absl/") != std::string::npos;
}

}  // namespace

std::string EnvVarForFlag(std::string_view flag_name) {
  std::string name = "CRM_";
  name.append(flag_name);
  absl::AsciiStrToUpper(&name);
  return name;
}

absl::Status ApplyEnvironmentToFlags() {
  // Sorted by name, so the first bad variable reported does not depend on
  // hash order.
  std::map<std::string, absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (flag->IsRetired() || IsAbseilFlag(*flag)) continue;
    flags.emplace(std::string(name), flag);
  }
  for (const auto& [name, flag] : flags) {
    const std::string var = EnvVarForFlag(name);
    const char* value = std::getenv(var.c_str());
    if (value == nullptr || *value == '\0') continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(crm::StrCat("environment variable ", var, "=\"", value,
                                                    "\" is not a valid value for --", name, ": ",
                                                    error));
    }
  }
  return absl::OkStatus();
}

std::vector<char*> ParseFlags(int argc, char** argv, std::string_view usage) {
  static bool usage_set = false;
  if (!usage_set) {
    // Abseil exits if the usage message is set twice.
    absl::SetProgramUsageMessage(std::string(usage));
    usage_set = true;
  }
  if (const absl::Status env = ApplyEnvironmentToFlags(); !env.ok()) {
    std::fprintf(stderr, "%s: %s\n", argc > 0 ? argv[0] : "crm",
                 std::string(env.message()).c_str());
    std::exit(2);
  }
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace crm::config
