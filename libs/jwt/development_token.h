#ifndef CRM_LIBS_JWT_DEVELOPMENT_TOKEN_H_
#define CRM_LIBS_JWT_DEVELOPMENT_TOKEN_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace crm::jwt {

// The local, public HS256 set-up that `make run`'s gateway accepts by
// default. Anyone can mint tokens with it: never deploy with it.
inline constexpr char kDevelopmentSecret[] = "crm-local-development-token-secret-do-not-deploy";
inline constexpr char kDevelopmentKeyId[] = "local";
inline constexpr char kDevelopmentIssuer[] = "crm-local";
inline constexpr char kDevelopmentAudience[] = "crm";

// A token for `user` of `org_unit` with `roles`, as the gateway reads them
// (claims sub, org_unit, roles), valid for `ttl` from now.
absl::StatusOr<std::string> DevelopmentToken(std::string_view user, std::string_view org_unit,
                                             const std::vector<std::string>& roles,
                                             absl::Duration ttl,
                                             std::string_view secret = kDevelopmentSecret);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_DEVELOPMENT_TOKEN_H_
