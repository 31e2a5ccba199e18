#include "libs/auth/service_principal.h"

#include <string>

#include "absl/time/clock.h"
#include "libs/auth/principal_fields.h"
#include "libs/auth/roles.h"

namespace crm::auth {

v1::Principal ServicePrincipal(std::string_view user, absl::Duration ttl) {
  v1::Principal principal;
  principal.set_user(std::string(user));
  principal.set_org_unit("orgUnits/hq");
  principal.add_org_unit_path("orgUnits/hq");
  principal.add_roles(kRoleService);
  principal.set_global_scope(true);
  SetExpireTime(principal, absl::Now() + ttl);
  return principal;
}

}  // namespace crm::auth
