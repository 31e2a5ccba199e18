#ifndef CRM_LIBS_NAMES_RESOURCE_NAMES_H_
#define CRM_LIBS_NAMES_RESOURCE_NAMES_H_

// The resource names more than one service reads (AIP-122), with one rule per
// kind of id, so a name one service makes is a name every other accepts:
//
//   customers/{customer}                      customer: a UUID
//   customers/{customer}/contacts/{contact}   contact: a UUID
//   orgUnits/{org_unit}   2-40 of [a-z0-9-], starting with a letter
//   users/{user}          2-64 of [a-z0-9._-], starting with a letter or digit
//   nodes/{node}          a customer-group node (hierarchy): a positive decimal
//                         id, no leading zero, at most 18 digits
//   opportunities/{opportunity}   opportunity: a UUID
//   contracts/{contract}          contract: a UUID
//
// UUIDs are accepted in either case (RFC 4122 says so) and returned in lower
// case, the form they are stored in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::names {

inline constexpr size_t kMaxOrgUnitIdLength = 40;
inline constexpr size_t kMaxUserIdLength = 64;

// 8-4-4-4-12 hexadecimal digits, either case.
bool IsUuid(std::string_view text);

// What is wrong with an id (to follow "field: "), or nothing.
std::optional<std::string> OrgUnitIdError(std::string_view id);
std::optional<std::string> UserIdError(std::string_view id);

// The id(s) in a name, or nullopt when it is not one.
std::optional<std::string> ParseCustomerName(std::string_view name);  // lower-case UUID
struct ContactIds {
  std::string customer_id;  // lower-case UUIDs
  std::string contact_id;
};
std::optional<ContactIds> ParseContactName(std::string_view name);
std::optional<std::string> ParseOrgUnitName(std::string_view name);
std::optional<std::string> ParseUserName(std::string_view name);
std::optional<int64_t> ParseNodeName(std::string_view name);
std::optional<std::string> ParseOpportunityName(std::string_view name);  // lower-case UUID
std::optional<std::string> ParseContractName(std::string_view name);     // lower-case UUID

std::string CustomerName(std::string_view id);
std::string ContactName(std::string_view customer_id, std::string_view contact_id);
std::string OrgUnitName(std::string_view id);
std::string UserName(std::string_view id);
std::string NodeName(int64_t id);
std::string OpportunityName(std::string_view id);
std::string ContractName(std::string_view id);

}  // namespace crm::names

#endif  // CRM_LIBS_NAMES_RESOURCE_NAMES_H_
