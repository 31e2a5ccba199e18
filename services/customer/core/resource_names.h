#ifndef CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_
#define CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

namespace crm::customer {

// Ids are lowercase UUIDs; names follow AIP-122.
bool IsUuid(std::string_view text);

// "customers/{uuid}" -> uuid, or nullopt.
std::optional<std::string> ParseCustomerName(std::string_view name);

struct ContactId {
  std::string customer_id;
  std::string contact_id;
};
// "customers/{uuid}/contacts/{uuid}" -> ids, or nullopt.
std::optional<ContactId> ParseContactName(std::string_view name);

// "orgUnits/{org_unit}" with org_unit of 1–63 characters [a-z0-9-].
bool IsOrgUnitName(std::string_view name);
// "users/{user}" with user of 1–63 characters [a-z0-9._-].
bool IsUserName(std::string_view name);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_RESOURCE_NAMES_H_
