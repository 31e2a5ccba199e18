#ifndef CRM_LIBS_AUTH_SERVICE_PRINCIPAL_H_
#define CRM_LIBS_AUTH_SERVICE_PRINCIPAL_H_

#include <string_view>

#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// The principal a service signs for its own calls to another service (the
// hierarchy following the customer feed, the customer service asking where
// customers sit): user `user` (e.g. "services/hierarchy"), role "service",
// HQ org unit and global scope, expiring `ttl` from now.
v1::Principal ServicePrincipal(std::string_view user, absl::Duration ttl = absl::Minutes(1));

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_SERVICE_PRINCIPAL_H_
