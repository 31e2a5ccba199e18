#include "libs/auth/data_scope.h"

#include <algorithm>

namespace crm::auth {

bool DataScope::Contains(std::string_view org_unit) const {
  if (all) return true;
  return std::binary_search(org_units.begin(), org_units.end(), org_unit);
}

DataScope ScopeOf(const v1::Principal& principal) {
  DataScope scope;
  scope.all = principal.global_scope();
  scope.org_units.assign(principal.scope_org_units().begin(), principal.scope_org_units().end());
  if (!principal.org_unit().empty()) {
    scope.org_units.push_back(principal.org_unit());
  }
  std::erase(scope.org_units, std::string());
  std::sort(scope.org_units.begin(), scope.org_units.end());
  scope.org_units.erase(std::unique(scope.org_units.begin(), scope.org_units.end()),
                        scope.org_units.end());
  return scope;
}

}  // namespace crm::auth
