#ifndef CRM_LIBS_AUTH_DEVELOPMENT_PRINCIPAL_H_
#define CRM_LIBS_AUTH_DEVELOPMENT_PRINCIPAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// A principal for crmctl, demos and tests, where no gateway resolves the
// seller organisation: user "users/<user>", org unit "orgUnits/<org_unit>"
// (either given with or without its prefix), the org unit as its own path and
// whole scope, global scope for hq_admin, expiring `ttl` from now.
v1::Principal DevelopmentPrincipal(std::string_view user, std::string_view org_unit,
                                   std::vector<std::string> roles,
                                   absl::Duration ttl = absl::Hours(1));

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_DEVELOPMENT_PRINCIPAL_H_
