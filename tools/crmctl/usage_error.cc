#include "tools/crmctl/usage_error.h"

#include "absl/strings/cord.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

constexpr char kUsageMark[] = "crmctl/usage-error";

}  // namespace

absl::Status UsageError(std::string_view message) {
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::string_view(message.data(), message.size()));
  status.SetPayload(kUsageMark, absl::Cord());
  return status;
}

bool IsUsageError(const absl::Status& status) { return status.GetPayload(kUsageMark).has_value(); }

absl::Status FlagError(std::string_view flag, absl::string_view message) {
  return UsageError(crm::StrCat("--", flag, ": ", message));
}

}  // namespace crm::crmctl
