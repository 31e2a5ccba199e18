#include "services/opportunity/core/opportunity_names.h"

#include "absl/strings/ascii.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity {
namespace {

std::optional<std::string> ParseUuidName(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string_view id = name.substr(prefix.size());
  if (!names::IsUuid(id)) return std::nullopt;
  return absl::AsciiStrToLower(std::string(id));
}

}  // namespace

std::string ActivityName(std::string_view id) { return crm::StrCat("activities/", id); }

std::optional<std::string> ParseActivityName(std::string_view name) {
  return ParseUuidName(name, "activities/");
}

std::string OpportunityIdOr(std::string_view name, std::string_view field,
                            status::FieldViolations& violations) {
  return names::IdOr(name, field, ParseOpportunityName, "an opportunity", "opportunities/{uuid}",
                     violations);
}

std::string ActivityIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations) {
  return names::IdOr(name, field, ParseActivityName, "an activity", "activities/{uuid}",
                     violations);
}

}  // namespace crm::opportunity
