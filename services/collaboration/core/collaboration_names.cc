#include "services/collaboration/core/collaboration_names.h"

#include "absl/strings/ascii.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::collaboration {
namespace {

constexpr std::string_view kRequests = "collaborationRequests/";
constexpr std::string_view kTimeline = "/timeline/";
constexpr std::string_view kAttributions = "attributions/";

std::optional<std::string> ParseUuidName(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string_view id = name.substr(prefix.size());
  if (!names::IsUuid(id)) return std::nullopt;
  return absl::AsciiStrToLower(std::string(id));
}

}  // namespace

std::string RequestName(std::string_view id) { return crm::StrCat(kRequests, id); }

std::optional<std::string> ParseRequestName(std::string_view name) {
  return ParseUuidName(name, kRequests);
}

std::string TimelineEntryName(std::string_view request_id, int64_t entry_id) {
  return crm::StrCat(kRequests, request_id, kTimeline, entry_id);
}

std::string AttributionName(std::string_view id) { return crm::StrCat(kAttributions, id); }

std::optional<std::string> ParseAttributionName(std::string_view name) {
  return ParseUuidName(name, kAttributions);
}

std::string RequestIdOr(std::string_view name, std::string_view field,
                        status::FieldViolations& violations) {
  return names::IdOr(name, field, ParseRequestName, "a collaboration request",
                     "collaborationRequests/{uuid}", violations);
}

std::string AttributionIdOr(std::string_view name, std::string_view field,
                            status::FieldViolations& violations) {
  return names::IdOr(name, field, ParseAttributionName, "an attribution", "attributions/{uuid}",
                     violations);
}

}  // namespace crm::collaboration
