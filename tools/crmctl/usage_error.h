#ifndef CRM_TOOLS_CRMCTL_USAGE_ERROR_H_
#define CRM_TOOLS_CRMCTL_USAGE_ERROR_H_

#include <string_view>

#include "absl/status/status.h"

namespace crm::crmctl {

// A mistake on the command line, found before any call is made. It is an
// INVALID_ARGUMENT status like a server's, so it carries a mark that tells
// the two apart: a usage error exits 2 and shows the command's usage.
absl::Status UsageError(std::string_view message);

bool IsUsageError(const absl::Status& status);

// A usage error about one flag: "--amount: \"12.345\" has more than 2
// decimals". `message` says what is wrong, without the flag.
absl::Status FlagError(std::string_view flag, absl::string_view message);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_USAGE_ERROR_H_
