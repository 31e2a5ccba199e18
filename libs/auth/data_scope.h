#ifndef CRM_LIBS_AUTH_DATA_SCOPE_H_
#define CRM_LIBS_AUTH_DATA_SCOPE_H_

#include <string>
#include <string_view>
#include <vector>

#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// Which customers' business data a caller may see: everything (HQ) or the
// customers of a set of org units. Services bind it into their SQL (see
// sql_scope.h) rather than filtering rows after fetching them.
struct DataScope {
  bool all = false;
  // Sorted, without duplicates; e.g. {"orgUnits/sub-east", "orgUnits/sub-east-sh"}.
  std::vector<std::string> org_units;

  bool Contains(std::string_view org_unit) const;
};

// global_scope -> all; otherwise scope_org_units plus the caller's own
// org_unit (always part of its own scope, even if a signer left it out).
DataScope ScopeOf(const v1::Principal& principal);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_DATA_SCOPE_H_
