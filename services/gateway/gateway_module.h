#ifndef CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_
#define CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/generic/async_generic_service.h"
#include "libs/jwt/development_token.h"
#include "libs/proxy/generic_proxy.h"
#include "libs/rate_limit/token_bucket_limiter.h"
#include "services/gateway/call_policy.h"
#include "services/gateway/current_user_service.h"
#include "services/gateway/permission_map.h"
#include "services/gateway/token_authenticator.h"

namespace crm::gateway {


struct GatewayConfig {
  // Full service name -> "host:port" of the process serving it.
  std::vector<std::pair<std::string, std::string>> backends;
  // Token keys: a JWKS document (RS256/ES256/HS256) and/or one HS256 secret
  // (kid "local") for local development; at least one.
  std::string jwks;
  std::string hs256_secret;
  std::string issuer = jwt::kDevelopmentIssuer;
  std::string audience = jwt::kDevelopmentAudience;
  // Signs the principal the services verify.
  std::string principal_key;
  // permissions.conf text; empty: the one built in.
  std::string permissions;
  // Refuse to start when an RPC of a backend has no permission rule (else warn).
  bool strict_permissions = false;
  absl::Duration default_deadline = absl::Seconds(30);
  absl::Duration max_deadline = absl::Seconds(60);
  // Calls per second per principal, with a burst; per_second <= 0: no limit.
  rate_limit::RateLimit rate_limit = {.per_second = 100, .burst = 200};
  // Calls in flight per backend service before new ones get UNAVAILABLE
  // (BACKEND_OVERLOADED); 0: no cap.
  int max_calls_per_backend = 512;
};

// The gateway's parts, wired: token check, permission map, principal
// signing, and the proxy that routes each call to its service.
class GatewayModule {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayModule>> Create(const GatewayConfig& config);

  // Use Create().
  GatewayModule(PermissionMap permissions, jwt::Verifier verifier, rate_limit::RateLimit limit)
      : permissions_(std::move(permissions)),
        authenticator_(std::move(verifier)),
        limiter_(limit) {}

  // Serves every method of the backends; give it to GrpcServer::SetGenericService.
  grpc::CallbackGenericService* proxy() { return proxy_.get(); }
  // What the gateway answers itself (GetCurrentUser); give it to
  // GrpcServer::AddService.
  grpc::Service* org_service() { return current_user_.get(); }

 private:
  PermissionMap permissions_;
  TokenAuthenticator authenticator_;
  rate_limit::TokenBucketLimiter limiter_;
  std::unique_ptr<CallPolicy> policy_;
  std::unique_ptr<CurrentUserService> current_user_;
  std::unique_ptr<proxy::GenericProxy> proxy_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_
