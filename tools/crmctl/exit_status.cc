#include "tools/crmctl/exit_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"

namespace crm::crmctl {
namespace {

// The payload that marks the status and carries the code.
constexpr char kExitCodeUrl[] = "type.crmctl/exit-code";

}  // namespace

absl::Status ExitQuietly(int code, std::string_view message) {
  absl::Status status(absl::StatusCode::kFailedPrecondition,
                      absl::string_view(message.data(), message.size()));
  status.SetPayload(kExitCodeUrl, absl::Cord(std::to_string(code)));
  return status;
}

std::optional<int> QuietExitCode(const absl::Status& status) {
  const auto payload = status.GetPayload(kExitCodeUrl);
  int code = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &code)) {
    return std::nullopt;
  }
  return code;
}

}  // namespace crm::crmctl
