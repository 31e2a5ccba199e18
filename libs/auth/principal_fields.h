#ifndef CRM_LIBS_AUTH_PRINCIPAL_FIELDS_H_
#define CRM_LIBS_AUTH_PRINCIPAL_FIELDS_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// "users/li.si" from "li.si" or "users/li.si" (likewise "orgUnits/...").
std::string WithPrefix(std::string_view prefix, std::string_view id);

// Sets principal.expire_time to `expire`, nanoseconds included.
void SetExpireTime(v1::Principal& principal, absl::Time expire);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_FIELDS_H_
