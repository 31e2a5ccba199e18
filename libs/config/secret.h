#ifndef CRM_LIBS_CONFIG_SECRET_H_
#define CRM_LIBS_CONFIG_SECRET_H_

// Secrets with a public built-in value. Every key a binary needs (the
// principal key, the PII key, page-token keys, the gateway's HS256 secret)
// has a development value compiled in, so that `make run` and the tests need
// no set-up. Anyone may read those values, so a binary refuses to start with
// one of them unless development mode is on (--development_mode, or
// CRM_DEVELOPMENT_MODE=1 as `make run` and the tests set it), and its message
// names every variable to set.

#include <string>
#include <string_view>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/types/span.h"

namespace crm::config {

// The environment form of --development_mode.
inline constexpr char kDevelopmentModeEnv[] = "CRM_DEVELOPMENT_MODE";

// One secret a binary is about to use.
struct Secret {
  // What an operator sets, e.g. "CRM_PII_KEY (or --pii_key)".
  std::string setting;
  // What it is for, e.g. "seals contacts' personal fields".
  std::string purpose;
  // The value the binary would use, and the public built-in one.
  std::string value;
  std::string development_value;
  // Non-empty when an empty value switches the feature off (HS256 tokens)
  // rather than being a missing key: how to do that, for the message.
  std::string off_switch;
};

// The secret a string flag holds: set by --<flag> or CRM_<FLAG>, its public
// development value being the flag's default.
Secret FlagSecret(const absl::Flag<std::string>& flag, std::string purpose,
                  std::string off_switch = "");

// Whether `secret` holds its public development value.
bool UsesDevelopmentValue(const Secret& secret);

// OK when no secret holds its development value (or, in development mode,
// whatever they hold) and none is empty unless it has an off switch.
// Otherwise FAILED_PRECONDITION whose message says what to set for each of
// them at once, e.g. "set CRM_PRINCIPAL_KEY (signs ...): ...".
absl::Status CheckSecrets(absl::Span<const Secret> secrets, bool development_mode);

// --development_mode (CRM_DEVELOPMENT_MODE), read after ParseFlags.
bool DevelopmentMode();

// For main(), after ParseFlags: CheckSecrets with DevelopmentMode(). On a
// refusal writes the message to the log (stderr) and exits with status 1;
// in development mode, warns once about the development values in use.
void RequireSecrets(std::string_view program, absl::Span<const Secret> secrets);

}  // namespace crm::config

#endif  // CRM_LIBS_CONFIG_SECRET_H_
