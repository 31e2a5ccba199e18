#include "tools/crmctl/usage_error.h"

#include "absl/strings/cord.h"

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

}  // namespace crm::crmctl
