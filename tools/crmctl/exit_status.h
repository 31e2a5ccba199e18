#ifndef CRM_TOOLS_CRMCTL_EXIT_STATUS_H_
#define CRM_TOOLS_CRMCTL_EXIT_STATUS_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace crm::crmctl {

// `import customers` wrote every row it could but the server rejected some
// (they are in the rejected-rows file).
inline constexpr int kExitSomeRejected = 3;

// A command that has already said everything (its summary and a note on
// stderr) and only wants crmctl to exit with `code`: the status is not an
// error to print.
absl::Status ExitQuietly(int code, std::string_view message);

// The code of an ExitQuietly status; nullopt for any other.
std::optional<int> QuietExitCode(const absl::Status& status);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_EXIT_STATUS_H_
