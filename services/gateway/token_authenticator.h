#ifndef CRM_SERVICES_GATEWAY_TOKEN_AUTHENTICATOR_H_
#define CRM_SERVICES_GATEWAY_TOKEN_AUTHENTICATOR_H_

#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "libs/jwt/verifier.h"
#include "services/gateway/directory.h"

namespace crm::gateway {

// Who is calling, from the value of the "authorization" header
// ("Bearer <JWT>"): the token's "sub" names a user or service account of the
// seller organisation, and the directory says its org unit, roles and data
// scope (other claims are not trusted for those). The answer is a principal
// without expiry or request id (the caller of Authenticate sets both per
// call). Verified tokens are remembered until they expire, so a token costs
// one signature check, not one per call; a disabled user is refused from the
// next directory reload on, even with a cached token. Thread-safe.
class TokenAuthenticator {
 public:
  TokenAuthenticator(jwt::Verifier verifier, const Directory& directory, size_t max_cached = 10000)
      : verifier_(std::move(verifier)), directory_(directory), max_cached_(max_cached) {}

  // UNAUTHENTICATED with a reason the caller can act on.
  absl::StatusOr<auth::v1::Principal> Authenticate(std::string_view authorization, absl::Time now);

 private:
  struct Verified {
    std::string subject;
    absl::Time expire_time;
  };

  // The token's subject, from the cache or a signature check.
  absl::StatusOr<std::string> Subject(std::string_view token, absl::Time now);

  const jwt::Verifier verifier_;
  const Directory& directory_;
  const size_t max_cached_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Verified> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_TOKEN_AUTHENTICATOR_H_
