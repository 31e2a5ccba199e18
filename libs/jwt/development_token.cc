#include "libs/jwt/development_token.h"

#include "absl/time/clock.h"
#include "libs/jwt/signer.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {

absl::StatusOr<std::string> DevelopmentToken(std::string_view user, std::string_view org_unit,
                                             const std::vector<std::string>& roles,
                                             absl::Duration ttl, std::string_view secret) {
  const absl::Time now = absl::Now();
  const nlohmann::json claims = {{"iss", kDevelopmentIssuer},
                                 {"aud", kDevelopmentAudience},
                                 {"sub", std::string(user)},
                                 {"org_unit", std::string(org_unit)},
                                 {"roles", roles},
                                 {"iat", absl::ToUnixSeconds(now)},
                                 {"exp", absl::ToUnixSeconds(now + ttl)}};
  return Signer::SignHs256(kDevelopmentKeyId, secret, claims);
}

}  // namespace crm::jwt
