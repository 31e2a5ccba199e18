#include "libs/auth/development_principal.h"

#include <cstdint>
#include <utility>

#include "absl/time/clock.h"
#include "libs/auth/roles.h"

namespace crm::auth {
namespace {

std::string WithPrefix(std::string_view prefix, std::string_view id) {
  if (id.starts_with(prefix)) return std::string(id);
  std::string name(prefix);
  name.append(id);
  return name;
}

}  // namespace

v1::Principal DevelopmentPrincipal(std::string_view user,
                                   std::string_view org_unit,
                                   std::vector<std::string> roles,
                                   absl::Duration ttl) {
  v1::Principal principal;
  principal.set_user(WithPrefix("users/", user));
  const std::string unit = WithPrefix("orgUnits/", org_unit);
  principal.set_org_unit(unit);
  principal.add_org_unit_path(unit);
  principal.add_scope_org_units(unit);
  for (std::string& role : roles) principal.add_roles(std::move(role));
  principal.set_global_scope(HasRole(principal, kRoleHqAdmin));

  const absl::Time expire = absl::Now() + ttl;
  const int64_t seconds = absl::ToUnixSeconds(expire);
  principal.mutable_expire_time()->set_seconds(seconds);
  principal.mutable_expire_time()->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(expire - absl::FromUnixSeconds(seconds))));
  return principal;
}

}  // namespace crm::auth
