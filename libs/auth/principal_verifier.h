#ifndef CRM_LIBS_AUTH_PRINCIPAL_VERIFIER_H_
#define CRM_LIBS_AUTH_PRINCIPAL_VERIFIER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "grpcpp/server_context.h"

namespace crm::auth {

// ErrorInfo domain and reasons of the errors below (all UNAUTHENTICATED).
inline constexpr char kAuthErrorDomain[] = "auth.crm";
inline constexpr char kReasonPrincipalMissing[] = "PRINCIPAL_MISSING";
inline constexpr char kReasonPrincipalInvalid[] = "PRINCIPAL_INVALID";
inline constexpr char kReasonPrincipalExpired[] = "PRINCIPAL_EXPIRED";

// Checks the signed principal a service receives in x-crm-principal-bin.
// Thread-safe.
class PrincipalVerifier final {
 public:
  // `clock_skew` is how far this host's clock may run ahead of the signer's.
  explicit PrincipalVerifier(std::string key, absl::Duration clock_skew = absl::Seconds(30));

  // The principal, or UNAUTHENTICATED with reason PRINCIPAL_INVALID (wrong
  // version, bad signature, unparsable, no user, no or malformed expire_time)
  // or PRINCIPAL_EXPIRED (expire_time + clock_skew before `now`; metadata
  // expire_time in RFC 3339).
  absl::StatusOr<v1::Principal> Verify(std::string_view signed_value, absl::Time now) const;

  // Verify() on the call's metadata at the current time. PRINCIPAL_MISSING
  // when the metadata is absent; PRINCIPAL_INVALID when it appears twice.
  absl::StatusOr<v1::Principal> FromContext(const grpc::ServerContextBase& ctx) const;

 private:
  std::string key_;
  absl::Duration clock_skew_;
};

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_VERIFIER_H_
