#include "services/gateway/token_authenticator.h"

#include "absl/strings/match.h"
#include "libs/auth/principal_fields.h"
#include "libs/auth/roles.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

constexpr char kDomain[] = "auth.crm";
constexpr std::string_view kBearer = "Bearer ";

absl::Status Unauthenticated(std::string_view reason, std::string_view message) {
  return status::Error(absl::StatusCode::kUnauthenticated, kDomain, std::string(reason),
                       std::string(message));
}

// A JSON claim that must be a non-empty string.
std::string StringClaim(const nlohmann::json& payload, const char* name) {
  const auto found = payload.find(name);
  return found != payload.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

absl::StatusOr<TokenAuthenticator::Verified> TokenAuthenticator::Verify(std::string_view token,
                                                                         absl::Time now) const {
  absl::StatusOr<jwt::Claims> claims = verifier_.Verify(token, now);
  if (!claims.ok()) return claims.status();
  const nlohmann::json& payload = claims->extra;
  const std::string org_unit = StringClaim(payload, "org_unit");
  if (org_unit.empty()) {
    return Unauthenticated("TOKEN_CLAIM_MISSING", "the token has no org_unit claim");
  }
  auth::v1::Principal principal;
  principal.set_user(auth::WithPrefix("users/", claims->subject));
  principal.set_org_unit(auth::WithPrefix("orgUnits/", org_unit));
  if (const auto path = payload.find("org_unit_path"); path != payload.end() && path->is_array()) {
    for (const auto& unit : *path) {
      if (unit.is_string()) {
        principal.add_org_unit_path(auth::WithPrefix("orgUnits/", unit.get<std::string>()));
      }
    }
  }
  if (principal.org_unit_path_size() == 0) principal.add_org_unit_path(principal.org_unit());
  // Until the seller organisation lives in the gateway, a caller's scope is
  // its own org unit (HQ: everything).
  principal.add_scope_org_units(principal.org_unit());
  if (const auto roles = payload.find("roles"); roles != payload.end() && roles->is_array()) {
    for (const auto& role : *roles) {
      if (role.is_string()) principal.add_roles(role.get<std::string>());
    }
  }
  if (principal.roles_size() == 0) {
    return Unauthenticated("TOKEN_CLAIM_MISSING", "the token has no roles claim");
  }
  principal.set_global_scope(auth::HasRole(principal, auth::kRoleHqAdmin));
  return Verified{std::move(principal), claims->expire_time};
}

absl::StatusOr<auth::v1::Principal> TokenAuthenticator::Authenticate(
    std::string_view authorization, absl::Time now) {
  if (authorization.empty()) {
    return Unauthenticated("TOKEN_MISSING",
                           "no credentials: send the header \"authorization: Bearer <token>\"");
  }
  if (!authorization.starts_with(kBearer)) {
    return Unauthenticated("TOKEN_MALFORMED",
                           "the authorization header must be \"Bearer <token>\"");
  }
  const std::string_view token = authorization.substr(kBearer.size());
  {
    absl::MutexLock lock(&mu_);
    if (auto found = cache_.find(crm::ToAbsl(token)); found != cache_.end()) {
      // The verifier's clock skew was applied when it was stored.
      if (found->second.expire_time > now) return found->second.principal;
      cache_.erase(found);
    }
  }
  absl::StatusOr<Verified> verified = Verify(token, now);
  if (!verified.ok()) return verified.status();
  auth::v1::Principal principal = verified->principal;
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= max_cached_) cache_.clear();  // crude, bounded, rarely hit
  cache_.emplace(std::string(token), *std::move(verified));
  return principal;
}

}  // namespace crm::gateway
