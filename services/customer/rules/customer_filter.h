#ifndef CRM_SERVICES_CUSTOMER_RULES_CUSTOMER_FILTER_H_
#define CRM_SERVICES_CUSTOMER_RULES_CUSTOMER_FILTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

// ListCustomers' filter and order_by, parsed into allow-listed values that a
// store binds as query parameters. Nothing here produces query text.
namespace crm::customer {

enum class CustomerStateFilter { kActive, kDeleted };

// A conjunction of conditions; an unset member does not restrict.
struct CustomerFilter {
  std::optional<std::string> name_contains;   // name:"华信"
  std::optional<std::string> industry;        // industry = "C"
  std::optional<std::string> region_exact;    // region = "310115"
  std::optional<std::string> region_prefix;   // region = "31*" -> "31"
  std::optional<std::string> owner_org_unit;  // owner_org_unit = "orgUnits/sub-east"
  std::optional<CustomerStateFilter> state;   // state = ACTIVE
  std::vector<std::string> tags_all;          // tags:"战略客户", each must be present

  friend bool operator==(const CustomerFilter&, const CustomerFilter&) = default;
};

// Parses a subset of AIP-160:
//   filter := "" | term ("AND" term)*
//   term   := field op value
// with the fields and operators
//   name : v, industry = v, region = v (v may end in '*' for a prefix),
//   owner_org_unit = v, state = ACTIVE|DELETED, tags : v (may repeat).
// Values are double-quoted strings with \" and \\ escapes, or bare words.
// AND is upper case; OR, NOT and parentheses are not supported. Values are
// validated like the fields themselves (industry section, region digits).
// Errors are INVALID_ARGUMENT with a message that starts with "filter: " and
// gives the 0-based character position of the problem.
absl::StatusOr<CustomerFilter> ParseCustomerFilter(std::string_view filter);

enum class CustomerOrderField { kDisplayName, kUpdateTime };

struct CustomerOrder {
  CustomerOrderField field = CustomerOrderField::kDisplayName;
  bool descending = false;

  friend bool operator==(const CustomerOrder&, const CustomerOrder&) = default;
};

// Parses order_by: "" (display_name ascending), or "display_name" or
// "update_time", optionally followed by "asc" or "desc". Errors are
// INVALID_ARGUMENT with a message that starts with "order_by: ".
absl::StatusOr<CustomerOrder> ParseCustomerOrderBy(std::string_view order_by);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_CUSTOMER_FILTER_H_
