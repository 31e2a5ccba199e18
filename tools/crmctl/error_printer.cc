#include "tools/crmctl/error_printer.h"

#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/status/status.h"
#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

// Quotes a metadata value that would otherwise not read as one word.
std::string MetadataValue(const std::string& value) {
  if (!value.empty() && value.find_first_of(" \t\"=") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void PrintError(const absl::Status& status, std::ostream& err) {
  err << "error: " << status::CodeName(status.code());
  if (!status.message().empty()) {
    err << ": " << SingleLine(std::string(status.message()));
  }
  err << '\n';
  for (const auto& violation : status::GetFieldViolations(status)) {
    err << "  " << violation.field() << ": " << SingleLine(violation.description()) << '\n';
  }
  if (std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status)) {
    err << "  reason: " << info->reason();
    if (!info->domain().empty()) err << " (" << info->domain() << ")";
    const std::map<std::string, std::string> metadata(info->metadata().begin(),
                                                      info->metadata().end());
    for (const auto& [key, value] : metadata) {
      err << ' ' << key << '=' << SingleLine(MetadataValue(value));
    }
    err << '\n';
  }
  if (std::optional<absl::Duration> delay = status::GetRetryDelay(status)) {
    err << "  retry after: " << absl::FormatDuration(*delay) << '\n';
  }
}

}  // namespace crm::crmctl
