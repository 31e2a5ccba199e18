#ifndef CRM_TOOLS_CRMCTL_CREDENTIALS_H_
#define CRM_TOOLS_CRMCTL_CREDENTIALS_H_

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace crm::crmctl {

// The bearer token every call carries, which the gateway verifies. Nothing
// here reads the environment: main hands the values in, so tests can.

// Where a call's token came from, in the order they are looked for.
enum class CredentialSource {
  kTokenFile,    // --token-file FILE
  kEnvironment,  // $CRM_TOKEN
  kSaved,        // the file `crmctl login` wrote
  kDevelopment,  // minted here for --as with the public development secret
};

struct Credential {
  std::string token;
  CredentialSource source = CredentialSource::kDevelopment;
  // For messages: "--token-file /tmp/t", "CRM_TOKEN",
  // "~/.config/crmctl/token", "a development token for li.si@sub-east".
  std::string origin;
};

// Everything the lookup may use.
struct CredentialInputs {
  std::string token_file;        // --token-file; empty: not given
  std::string env_token;         // $CRM_TOKEN; empty: not set
  std::string saved_token_path;  // see SavedTokenPath; empty: none
  std::string home;              // $HOME, to print paths as ~/...
  // The caller of a development token, when nothing above applies.
  std::string user;
  std::string org_unit;
  std::vector<std::string> roles;
  absl::Duration lifetime = absl::Hours(1);
};

// The first that applies: --token-file, $CRM_TOKEN, the saved token (when its
// file exists), else a development token for user@org_unit. The command line
// goes first, as --server goes before $CRM_SERVER. An unreadable or empty
// token file is an error, not a reason to fall through to another caller.
absl::StatusOr<Credential> FindCredential(const CredentialInputs& inputs);

// $XDG_CONFIG_HOME/crmctl/token, else $HOME/.config/crmctl/token; empty when
// neither is usable (XDG_CONFIG_HOME counts only when absolute).
std::string SavedTokenPath(std::string_view xdg_config_home, std::string_view home);

// `path` with a leading `home` shown as "~".
std::string DisplayPath(std::string_view path, std::string_view home);

// One token from `in`: surrounding blank space and line breaks are dropped;
// an empty text or one with blanks inside is an error that names `what`.
absl::StatusOr<std::string> ReadToken(std::istream& in, std::string_view what);

// ReadToken from a file; NOT_FOUND when it does not exist.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// Writes `token` to `path`, readable by the owner only (0600), replacing any
// earlier one in one step; missing directories are created 0700.
absl::Status SaveToken(const std::string& path, std::string_view token);

// Removes the saved token; false when there was none.
absl::StatusOr<bool> RemoveSavedToken(const std::string& path);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CREDENTIALS_H_
