#include "libs/config/secret.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "libs/config/flags.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"

ABSL_FLAG(bool, development_mode, false,
          "accept the public development keys built into the binary (make run, tests); "
          "never in production");

namespace crm::config {

Secret FlagSecret(const absl::Flag<std::string>& flag, std::string purpose,
                  std::string off_switch) {
  const absl::CommandLineFlag& handle = absl::GetFlagReflectionHandle(flag);
  const std::string name(handle.Name());
  return {.setting = crm::StrCat(EnvVarForFlag(name), " (or --", name, ")"),
          .purpose = std::move(purpose),
          .value = absl::GetFlag(flag),
          .development_value = handle.DefaultValue(),
          .off_switch = std::move(off_switch)};
}

bool UsesDevelopmentValue(const Secret& secret) { return secret.value == secret.development_value; }

absl::Status CheckSecrets(absl::Span<const Secret> secrets, bool development_mode) {
  std::vector<std::string> to_set;
  for (const Secret& secret : secrets) {
    const bool empty = secret.value.empty() && secret.off_switch.empty();
    if (!empty && (development_mode || !UsesDevelopmentValue(secret))) continue;
    std::string item = crm::StrCat(secret.setting, " (", secret.purpose);
    if (!secret.off_switch.empty()) item += crm::StrCat("; or ", secret.off_switch);
    item += empty ? "; it is empty)" : ")";
    to_set.push_back(std::move(item));
  }
  if (to_set.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(crm::StrCat(
      "set ", absl::StrJoin(to_set, ", "),
      ": without them the binary would use keys built into it, which are public; for local "
      "development only, set ",
      kDevelopmentModeEnv, "=1 (or --development_mode) to accept those"));
}

bool DevelopmentMode() { return absl::GetFlag(FLAGS_development_mode); }

void RequireSecrets(std::string_view program, absl::Span<const Secret> secrets) {
  const bool development_mode = DevelopmentMode();
  if (absl::Status checked = CheckSecrets(secrets, development_mode); !checked.ok()) {
    log::Error(crm::StrCat(program, " cannot start: ", checked.message()));
    std::exit(1);
  }
  if (!development_mode) return;
  std::vector<std::string> public_values;
  for (const Secret& secret : secrets) {
    if (UsesDevelopmentValue(secret)) public_values.push_back(secret.setting);
  }
  if (!public_values.empty()) {
    log::Warn("development mode: using the public development value of " +
                  absl::StrJoin(public_values, ", ") + "; never deploy like this",
              {{"env", kDevelopmentModeEnv}});
  }
}

}  // namespace crm::config
