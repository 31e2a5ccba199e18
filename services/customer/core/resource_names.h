#ifndef CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_
#define CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_

// The customer service reads names by the suite's one rule set
// (libs/names/resource_names.h): UUIDs in either case, returned in lower
// case; org unit ids 2-40 of [a-z0-9-]; user ids 2-64 of [a-z0-9._-].

#include <string_view>

#include "libs/names/resource_names.h"

namespace crm::customer {

using names::IsUuid;
using names::ParseContactName;
using names::ParseCustomerName;
using ContactId = names::ContactIds;

// "orgUnits/{org_unit}" and "users/{user}" by the shared rules.
inline bool IsOrgUnitName(std::string_view name) {
  return names::ParseOrgUnitName(name).has_value();
}
inline bool IsUserName(std::string_view name) { return names::ParseUserName(name).has_value(); }

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_
