#ifndef CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_
#define CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/generic/async_generic_service.h"
#include "libs/auth/principal_verifier.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/idempotency/request_log.h"
#include "libs/jwt/development_token.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/pool.h"
#include "libs/proxy/generic_proxy.h"
#include "libs/proxy/request_text_check.h"
#include "libs/rate_limit/token_bucket_limiter.h"
#include "services/gateway/backend_health.h"
#include "services/gateway/call_policy.h"
#include "services/gateway/directory.h"
#include "services/gateway/operations_router.h"
#include "services/gateway/org_service.h"
#include "services/gateway/org_store.h"
#include "services/gateway/permission_map.h"
#include "services/gateway/token_authenticator.h"

namespace crm::gateway {

struct GatewayConfig {
  // The gateway's own database: the seller organisation (schema gateway).
  std::string pg_dsn;
  int pg_pool_size = 4;
  bool migrate = true;  // apply migrations at start-up
  // How often the directory checks for changes made elsewhere (another
  // replica, SQL by hand); its own changes apply at once.
  absl::Duration directory_reload_interval = absl::Seconds(1);
  // Full service name -> "host:port" of the process serving it. Not
  // google.longrunning.Operations: the gateway sends each operation call to
  // the service its name names (an entry for it is ignored).
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
  // Deadlines of methods call_limits does not name.
  absl::Duration default_deadline = absl::Seconds(30);
  absl::Duration max_deadline = absl::Seconds(60);
  // call_limits.conf text (per-method deadlines and idle timeouts of
  // streams); empty: the one built in.
  std::string call_limits;
  // Calls per second per principal, with a burst; per_second <= 0: no limit.
  rate_limit::RateLimit rate_limit = {.per_second = 100, .burst = 200};
  // Calls in flight per backend service before new ones get UNAVAILABLE
  // (BACKEND_OVERLOADED), shared fairly between principals; 0: no cap.
  int max_calls_per_backend = 512;
};

// The gateway's parts, wired: the seller organisation (its database, the
// directory every call is resolved against, and the OrgService served on an
// internal loopback port behind the proxy like any other service), the
// router of google.longrunning.Operations (on the same port), token
// check, permission map, principal signing, and the proxy that routes each
// call to its service.
class GatewayModule {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayModule>> Create(GatewayConfig config);

  // Use Create().
  GatewayModule(const GatewayConfig& config, PermissionMap permissions);

  // Serves every method of the backends, of OrgService and of Operations; give it to
  // GrpcServer::SetGenericService.
  grpc::CallbackGenericService* proxy() { return proxy_.get(); }

  // After server.Start(), on the server that serves proxy(): its health
  // service answers each backend's service name (crm.customer.v1.
  // CustomerService, ...) with that backend's own health, until
  // server.Shutdown() begins. This module must outlive the server.
  void ServeBackendHealth(server::GrpcServer& server);

 private:
  absl::Status Init(GatewayConfig config, jwt::Verifier verifier);

  // Declaration order is construction order; destruction runs backwards, so
  // the proxy and the internal server stop before what they use goes.
  PermissionMap permissions_;
  rate_limit::TokenBucketLimiter limiter_;
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier principal_verifier_;
  pagination::PageTokenCodec page_tokens_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<DirectoryWatcher> watcher_;
  std::unique_ptr<OrgStore> org_store_;
  std::unique_ptr<OrgService> org_service_;
  std::unique_ptr<OperationsRouter> operations_router_;
  std::unique_ptr<server::GrpcServer> internal_server_;  // serves the two above
  std::unique_ptr<TokenAuthenticator> authenticator_;
  std::unique_ptr<CallPolicy> policy_;
  proxy::RequestTextCheck text_check_;
  std::unique_ptr<proxy::GenericProxy> proxy_;
  std::vector<std::pair<std::string, std::string>> backends_;  // with the internal ones
  std::unique_ptr<BackendHealth> backend_health_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_GATEWAY_MODULE_H_
