#ifndef CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_NAMES_H_
#define CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_NAMES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/status/status.h"

namespace crm::collaboration {

// The ErrorInfo domain of every error of the collaboration service.
inline constexpr char kDomain[] = "collaboration.crm";

// collaborationRequests/{uuid}, collaborationRequests/{uuid}/timeline/{n}
// and attributions/{uuid}; ids are lower-case UUIDs, timeline entries
// positive numbers. Opportunities and contracts are libs/names'.
std::string RequestName(std::string_view id);
std::optional<std::string> ParseRequestName(std::string_view name);

std::string TimelineEntryName(std::string_view request_id, int64_t entry_id);

std::string AttributionName(std::string_view id);
std::optional<std::string> ParseAttributionName(std::string_view name);

// The id in a request's name field, or "" with a violation under `field`
// ("name: is required, e.g. collaborationRequests/{uuid}").
std::string RequestIdOr(std::string_view name, std::string_view field,
                        status::FieldViolations& violations);
std::string AttributionIdOr(std::string_view name, std::string_view field,
                            status::FieldViolations& violations);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_NAMES_H_
