#include "libs/auth/roles.h"

#include <algorithm>

namespace crm::auth {

bool HasRole(const v1::Principal& principal, std::string_view role) {
  return std::any_of(principal.roles().begin(), principal.roles().end(),
                     [role](const std::string& r) { return r == role; });
}

}  // namespace crm::auth
