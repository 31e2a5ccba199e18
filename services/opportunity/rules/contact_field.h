#ifndef CRM_SERVICES_OPPORTUNITY_RULES_CONTACT_FIELD_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_CONTACT_FIELD_H_

#include <optional>
#include <string_view>

#include "libs/names/resource_names.h"
#include "libs/status/status.h"

namespace crm::opportunity {

// The ids in a contact name field (customers/{uuid}/contacts/{uuid}, the
// rule of libs/names), or nullopt with a violation under `field`:
//   "activity.contacts[0]: is required, e.g. customers/{uuid}/contacts/{uuid}"
//   "activity.contacts[0]: 'x' is not a contact name like customers/{uuid}/contacts/{uuid}"
std::optional<names::ContactIds> ContactIdsOr(std::string_view name, std::string_view field,
                                              status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_CONTACT_FIELD_H_
