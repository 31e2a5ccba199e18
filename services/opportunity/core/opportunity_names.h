#ifndef CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_NAMES_H_
#define CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "libs/names/resource_names.h"
#include "libs/status/status.h"

namespace crm::opportunity {

// The ErrorInfo domain of every error of the opportunity service.
inline constexpr char kDomain[] = "opportunity.crm";

// opportunities/{uuid} (libs/names, which other services read too) and
// activities/{uuid}; ids are lower-case UUIDs.
using names::OpportunityName;
using names::ParseOpportunityName;
std::string ActivityName(std::string_view id);
std::optional<std::string> ParseActivityName(std::string_view name);

// The id in a request's name field, or "" with a violation under `field`
// ("name: is required, e.g. opportunities/{uuid}").
std::string OpportunityIdOr(std::string_view name, std::string_view field,
                            status::FieldViolations& violations);
std::string ActivityIdOr(std::string_view name, std::string_view field,
                         status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_NAMES_H_
