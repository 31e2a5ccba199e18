#include "libs/auth/development_principal.h"

#include <utility>

#include "absl/time/clock.h"
#include "libs/auth/principal_fields.h"
#include "libs/auth/roles.h"

namespace crm::auth {

v1::Principal DevelopmentPrincipal(std::string_view user, std::string_view org_unit,
                                   std::vector<std::string> roles, absl::Duration ttl) {
  v1::Principal principal;
  principal.set_user(WithPrefix("users/", user));
  const std::string unit = WithPrefix("orgUnits/", org_unit);
  principal.set_org_unit(unit);
  principal.add_org_unit_path(unit);
  principal.add_scope_org_units(unit);
  for (std::string& role : roles) principal.add_roles(std::move(role));
  principal.set_global_scope(HasRole(principal, kRoleHqAdmin));

  SetExpireTime(principal, absl::Now() + ttl);
  return principal;
}

}  // namespace crm::auth
