#ifndef CRM_SERVICES_GATEWAY_CALL_POLICY_H_
#define CRM_SERVICES_GATEWAY_CALL_POLICY_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/async_generic_service.h"
#include "libs/auth/principal_signer.h"
#include "libs/rate_limit/token_bucket_limiter.h"
#include "services/gateway/permission_map.h"
#include "services/gateway/token_authenticator.h"

namespace crm::gateway {

// What the gateway decides for every call before a service sees it: who the
// caller is (UNAUTHENTICATED otherwise), whether they are within their call
// rate (RESOURCE_EXHAUSTED with a retry delay otherwise), whether their roles
// may call the method (PERMISSION_DENIED otherwise; the service is never
// called), and
// then a principal signed for the service, carrying the call's request id
// and a short expiry. It is the proxy's prepare hook, and names the caller
// (the principal's user) by which backends are shared fairly.
class CallPolicy {
 public:
  CallPolicy(TokenAuthenticator& authenticator, rate_limit::TokenBucketLimiter& limiter,
             const PermissionMap& permissions, auth::PrincipalSigner signer,
             absl::Duration principal_ttl = absl::Seconds(60))
      : authenticator_(authenticator),
        limiter_(limiter),
        permissions_(permissions),
        signer_(std::move(signer)),
        principal_ttl_(principal_ttl) {}

  absl::Status Prepare(const grpc::GenericCallbackServerContext& incoming,
                       grpc::ClientContext& outgoing, std::string* caller) const;

 private:
  // The first steps of Prepare: the caller's principal from their token,
  // within their call rate.
  absl::StatusOr<auth::v1::Principal> Authenticate(const grpc::ServerContextBase& incoming,
                                                   absl::Time now) const;

  TokenAuthenticator& authenticator_;
  rate_limit::TokenBucketLimiter& limiter_;
  const PermissionMap& permissions_;
  const auth::PrincipalSigner signer_;
  const absl::Duration principal_ttl_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_CALL_POLICY_H_
