#ifndef CRM_LIBS_AUTH_ROLES_H_
#define CRM_LIBS_AUTH_ROLES_H_

#include <string>
#include <string_view>

#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// Role names as they appear in Principal.roles. DOMAIN.md says what each may
// do; the permission map of every service refers to these.
inline constexpr char kRoleHqAdmin[] = "hq_admin";
inline constexpr char kRoleOrgAdmin[] = "org_admin";  // manages its own org subtree
inline constexpr char kRoleSales[] = "sales";
inline constexpr char kRoleService[] = "service";
inline constexpr char kRoleViewer[] = "viewer";
inline constexpr char kRoleIntegration[] = "integration";
inline constexpr char kRoleLegal[] = "legal";      // approves contracts (legal review)
inline constexpr char kRoleFinance[] = "finance";  // approves contracts, records receipts
// HQ's customer-strategy centre (客户战略管理中心): approves attributions
// and tier reviews.
inline constexpr char kRoleStrategy[] = "strategy";

// Every role above, in that order.
inline constexpr const char* kKnownRoles[] = {kRoleHqAdmin, kRoleOrgAdmin, kRoleSales,
                                              kRoleService, kRoleViewer,   kRoleIntegration,
                                              kRoleLegal,   kRoleFinance,  kRoleStrategy};
bool IsKnownRole(std::string_view role);
// "hq_admin, org_admin, ..." for error messages.
std::string KnownRolesText();

bool HasRole(const v1::Principal& principal, std::string_view role);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_ROLES_H_
