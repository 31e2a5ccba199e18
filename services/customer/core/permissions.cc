#include "services/customer/core/permissions.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

bool HasAnyRole(const auth::v1::Principal& principal,
                std::initializer_list<std::string_view> roles) {
  return std::any_of(roles.begin(), roles.end(),
                     [&](std::string_view role) { return auth::HasRole(principal, role); });
}

absl::Status RoleNotAllowed(const auth::v1::Principal& principal, std::string_view needs) {
  return status::Error(
      absl::StatusCode::kPermissionDenied, "customer.crm", "ROLE_NOT_ALLOWED",
      crm::StrCat(principal.user(), " has roles [", absl::StrJoin(principal.roles(), ", "), "]; ",
                  needs),
      {{"user", principal.user()}, {"roles", absl::StrJoin(principal.roles(), ",")}});
}

}  // namespace

absl::Status RequireWriterRole(const auth::v1::Principal& principal) {
  if (HasAnyRole(principal, {auth::kRoleHqAdmin, auth::kRoleSales, auth::kRoleService,
                             auth::kRoleIntegration})) {
    return absl::OkStatus();
  }
  return RoleNotAllowed(principal,
                        "changing customers needs one of hq_admin, sales, service, integration");
}

absl::Status RequireHqOrIntegration(const auth::v1::Principal& principal, std::string_view action) {
  if (HasAnyRole(principal, {auth::kRoleHqAdmin, auth::kRoleIntegration})) {
    return absl::OkStatus();
  }
  return RoleNotAllowed(principal, crm::StrCat(action, " needs hq_admin or integration"));
}

bool MaySeePersonalInfo(const auth::v1::Principal& principal, bool customer_in_scope) {
  return customer_in_scope &&
         HasAnyRole(principal, {auth::kRoleHqAdmin, auth::kRoleSales, auth::kRoleService});
}

bool ScopeCovers(const auth::v1::Principal& principal, std::string_view org_unit) {
  return auth::ScopeOf(principal).Contains(org_unit);
}

}  // namespace crm::customer
