#include "services/gateway/token_authenticator.h"

#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

constexpr std::string_view kBearer = "Bearer ";

absl::Status Unauthenticated(std::string_view reason, std::string_view message) {
  return status::Error(absl::StatusCode::kUnauthenticated, "auth.crm", std::string(reason),
                       std::string(message));
}

}  // namespace

absl::StatusOr<std::string> TokenAuthenticator::Subject(std::string_view token, absl::Time now) {
  {
    absl::MutexLock lock(&mu_);
    if (auto found = cache_.find(crm::ToAbsl(token)); found != cache_.end()) {
      // The verifier's clock skew was applied when it was stored.
      if (found->second.expire_time > now) return found->second.subject;
      cache_.erase(found);
    }
  }
  absl::StatusOr<jwt::Claims> claims = verifier_.Verify(token, now);
  if (!claims.ok()) return claims.status();
  if (claims->subject.empty()) {
    return Unauthenticated("TOKEN_CLAIM_MISSING", "the token has no sub claim");
  }
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= max_cached_) cache_.clear();  // crude, bounded, rarely hit
  cache_.emplace(std::string(token), Verified{claims->subject, claims->expire_time});
  return claims->subject;
}

absl::StatusOr<auth::v1::Principal> TokenAuthenticator::Authenticate(std::string_view authorization,
                                                                     absl::Time now) {
  if (authorization.empty()) {
    return Unauthenticated("TOKEN_MISSING",
                           "no credentials: send the header \"authorization: Bearer <token>\"");
  }
  if (!authorization.starts_with(kBearer)) {
    return Unauthenticated("TOKEN_MALFORMED",
                           "the authorization header must be \"Bearer <token>\"");
  }
  absl::StatusOr<std::string> subject = Subject(authorization.substr(kBearer.size()), now);
  if (!subject.ok()) return subject.status();
  return directory_.Resolve(*subject);
}

}  // namespace crm::gateway
