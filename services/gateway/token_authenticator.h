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

namespace crm::gateway {

// Who is calling, from the value of the "authorization" header
// ("Bearer <JWT>"). The token's claims name the caller:
//   sub            the user or service account ("li.si", "erp-sap")
//   org_unit       its org unit ("sub-east")
//   org_unit_path  optional, root first (["hq", "sub-east"])
//   roles          ["sales"], ["integration"], ...
// The answer is a principal without expiry or request id (the caller of
// Authenticate sets both per call). Verified tokens are remembered until they
// expire, so a token costs one signature check, not one per call.
// Thread-safe.
class TokenAuthenticator {
 public:
  explicit TokenAuthenticator(jwt::Verifier verifier, size_t max_cached = 10000)
      : verifier_(std::move(verifier)), max_cached_(max_cached) {}

  // UNAUTHENTICATED with a reason the caller can act on.
  absl::StatusOr<auth::v1::Principal> Authenticate(std::string_view authorization,
                                                   absl::Time now);

 private:
  struct Verified {
    auth::v1::Principal principal;
    absl::Time expire_time;
  };

  absl::StatusOr<Verified> Verify(std::string_view token, absl::Time now) const;

  const jwt::Verifier verifier_;
  const size_t max_cached_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Verified> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_TOKEN_AUTHENTICATOR_H_
