#include "libs/auth/roles.h"

#include <algorithm>

#include "absl/strings/str_join.h"

namespace crm::auth {

bool IsKnownRole(std::string_view role) {
  return std::any_of(std::begin(kKnownRoles), std::end(kKnownRoles),
                     [role](const char* known) { return role == known; });
}

std::string KnownRolesText() { return absl::StrJoin(kKnownRoles, ", "); }

bool HasRole(const v1::Principal& principal, std::string_view role) {
  return std::any_of(principal.roles().begin(), principal.roles().end(),
                     [role](const std::string& r) { return r == role; });
}

}  // namespace crm::auth
