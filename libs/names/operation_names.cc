#include "libs/names/operation_names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "libs/strings/str_cat.h"

namespace crm::names {
namespace {

constexpr std::string_view kCollection = "operations";
constexpr size_t kMaxServiceLength = 30;
constexpr size_t kMaxIdLength = 64;

// The pieces of `text` between `separator`s ("a//b": "a", "", "b").
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  while (true) {
    const size_t at = text.find(separator);
    pieces.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return pieces;
    text.remove_prefix(at + 1);
  }
}

bool IsOperationId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

bool IsOperationService(std::string_view service) {
  if (service.empty() || service.size() > kMaxServiceLength) return false;
  if (!absl::ascii_islower(static_cast<unsigned char>(service.front()))) return false;
  for (const char c : service) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::optional<OperationNameParts> ParseOperationName(std::string_view name) {
  const std::vector<std::string_view> parts = Split(name, '/');
  if (parts.empty() || parts[0] != kCollection) return std::nullopt;
  if (parts.size() == 2 && IsOperationId(parts[1])) {
    return OperationNameParts{.service = std::string(kLegacyOperationService),
                              .id = std::string(parts[1]),
                              .legacy = true};
  }
  if (parts.size() == 3 && IsOperationService(parts[1]) && IsOperationId(parts[2])) {
    return OperationNameParts{.service = std::string(parts[1]), .id = std::string(parts[2])};
  }
  return std::nullopt;
}

std::string OperationName(std::string_view service, std::string_view id) {
  return crm::StrCat(kCollection, "/", service, "/", id);
}

std::optional<std::string> ParseOperationCollection(std::string_view name) {
  if (name.empty() || name == kCollection || name == "operations/") {
    return std::string(kLegacyOperationService);
  }
  const std::vector<std::string_view> parts = Split(name, '/');
  if (parts.size() == 2 && parts[0] == kCollection && IsOperationService(parts[1])) {
    return std::string(parts[1]);
  }
  return std::nullopt;
}

std::optional<std::string> ApiServiceOf(std::string_view full_service_name) {
  const std::vector<std::string_view> parts = Split(full_service_name, '.');
  // crm . <service> . v<N> . <Service>
  if (parts.size() != 4 || parts[0] != "crm" || !IsOperationService(parts[1]) ||
      parts[2].size() < 2 || parts[2][0] != 'v' || parts[3].empty()) {
    return std::nullopt;
  }
  for (const char c : parts[2].substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return std::string(parts[1]);
}

}  // namespace crm::names
