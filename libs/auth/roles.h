#ifndef CRM_LIBS_AUTH_ROLES_H_
#define CRM_LIBS_AUTH_ROLES_H_

#include <string_view>

#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// Role names as they appear in Principal.roles. DOMAIN.md says what each may
// do; the permission map of every service refers to these.
inline constexpr char kRoleHqAdmin[] = "hq_admin";
inline constexpr char kRoleSales[] = "sales";
inline constexpr char kRoleService[] = "service";
inline constexpr char kRoleViewer[] = "viewer";
inline constexpr char kRoleIntegration[] = "integration";

bool HasRole(const v1::Principal& principal, std::string_view role);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_ROLES_H_
