#include "services/gateway/gateway_module.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_metadata.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/log/log.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/migrate.h"
#include "libs/strings/str_cat.h"
#include "services/gateway/known_services.h"

namespace crm {
extern const EmbeddedFile kGatewayPermissions[];
extern const EmbeddedFile kGatewayCallLimits[];
extern const EmbeddedFile kGatewayMigrations[];
extern const int kGatewayMigrations_count;
}  // namespace crm

namespace crm::gateway {
namespace {

constexpr char kSchema[] = "gateway";
constexpr char kOrgServiceName[] = "crm.gateway.v1.OrgService";
constexpr char kOperationsServiceName[] = "google.longrunning.Operations";

absl::StatusOr<PermissionMap> LoadPermissions(const GatewayConfig& config) {
  absl::StatusOr<PermissionMap> permissions = PermissionMap::Parse(
      config.permissions.empty() ? kGatewayPermissions[0].contents : config.permissions);
  if (!permissions.ok()) return permissions.status();
  // Every RPC of every service behind the gateway must have a rule.
  std::vector<std::string> services;
  for (const google::protobuf::ServiceDescriptor* service : KnownServices()) {
    services.push_back(service->full_name());
  }
  const std::vector<std::string> problems =
      permissions->Problems(*google::protobuf::DescriptorPool::generated_pool(), services);
  for (const std::string& problem : problems) {
    log::Warn("permission map", {{"problem", problem}});
  }
  if (config.strict_permissions && !problems.empty()) {
    return absl::FailedPreconditionError(
        crm::StrCat("permission map: ", problems.size(), " problem(s), first: ", problems.front()));
  }
  return permissions;
}

absl::StatusOr<proxy::MethodLimits> LoadCallLimits(const GatewayConfig& config) {
  return proxy::MethodLimits::Parse(
      config.call_limits.empty() ? kGatewayCallLimits[0].contents : config.call_limits,
      {.default_deadline = config.default_deadline, .max_deadline = config.max_deadline});
}

absl::StatusOr<jwt::Verifier> LoadVerifier(const GatewayConfig& config) {
  jwt::KeySet keys;
  if (!config.jwks.empty()) {
    absl::StatusOr<jwt::KeySet> loaded = jwt::KeySet::FromJwks(config.jwks);
    if (!loaded.ok()) return loaded.status();
    keys = *std::move(loaded);
  }
  if (!config.hs256_secret.empty()) {
    if (absl::Status s = keys.AddHmacSecret(jwt::kDevelopmentKeyId, config.hs256_secret); !s.ok()) {
      return s;
    }
  }
  if (keys.empty()) return absl::InvalidArgumentError("gateway: no token keys configured");
  return jwt::Verifier(std::move(keys), {.issuer = config.issuer, .audience = config.audience});
}

}  // namespace

GatewayModule::GatewayModule(const GatewayConfig& config, PermissionMap permissions)
    : permissions_(std::move(permissions)),
      limiter_(config.rate_limit),
      request_log_(kSchema),
      principal_verifier_(config.principal_key),
      // Page tokens only need a key the gateway keeps to itself; derived so
      // there is no second secret to configure.
      page_tokens_(crypto::HmacSha256(config.principal_key, "gateway page tokens")) {}

absl::StatusOr<std::unique_ptr<GatewayModule>> GatewayModule::Create(GatewayConfig config) {
  if (config.pg_dsn.empty()) return absl::InvalidArgumentError("gateway: no pg_dsn");
  if (config.principal_key.empty()) {
    return absl::InvalidArgumentError("gateway: no principal key to sign with");
  }
  absl::StatusOr<PermissionMap> permissions = LoadPermissions(config);
  if (!permissions.ok()) return permissions.status();
  absl::StatusOr<jwt::Verifier> verifier = LoadVerifier(config);
  if (!verifier.ok()) return verifier.status();
  auto module = std::make_unique<GatewayModule>(config, *std::move(permissions));
  if (absl::Status s = module->Init(std::move(config), *std::move(verifier)); !s.ok()) return s;
  return module;
}

absl::Status GatewayModule::Init(GatewayConfig config, jwt::Verifier verifier) {
  // The seller organisation.
  std::vector<pg::PreparedStatement> statements = OrgStore::Statements();
  for (const auto& s : Directory::Statements()) statements.push_back(s);
  for (const auto& s : request_log_.statements()) statements.push_back(s);
  pg::PoolOptions pool_options;
  pool_options.dsn = config.pg_dsn;
  pool_options.size = config.pg_pool_size;
  pool_options.statements = std::move(statements);
  pool_options.application_name = "crm-gateway";
  const pg::LibraryMigrations request_log_migrations = idempotency::RequestLogMigrations();
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::OpenServiceDatabase(std::move(pool_options), kSchema,
                              absl::MakeConstSpan(kGatewayMigrations, kGatewayMigrations_count),
                              {&request_log_migrations, 1}, config.migrate);
  if (!pool.ok()) return pool.status();
  pool_ = *std::move(pool);
  directory_ = std::make_unique<Directory>(*pool_);
  if (absl::Status s = directory_->Reload(); !s.ok()) return s;
  watcher_ = std::make_unique<DirectoryWatcher>(*directory_, config.directory_reload_interval);
  org_store_ = std::make_unique<OrgStore>(*pool_, request_log_);
  org_service_ =
      std::make_unique<OrgService>(*org_store_, *directory_, principal_verifier_, page_tokens_);

  // Operations go to the service their names name (operations_router.h), not
  // to one configured backend.
  std::erase_if(config.backends, [](const std::pair<std::string, std::string>& backend) {
    if (backend.first != kOperationsServiceName) return false;
    log::Warn("backend ignored: the gateway routes operations by their names",
              {{"service", backend.first}, {"address", backend.second}});
    return true;
  });
  operations_router_ = std::make_unique<OperationsRouter>(config.backends);

  // OrgService and the operations router listen on loopback only; callers
  // reach them through the proxy, with the same token, permission and
  // signed-principal path as any service.
  server::ServerOptions server_options;
  server_options.service_name = "gateway-internal";
  server_options.access_log = false;  // the gateway's line covers the call
  server_options.shutdown_grace = absl::Seconds(1);
  internal_server_ = std::make_unique<server::GrpcServer>(server_options);
  internal_server_->AddService(org_service_.get());
  internal_server_->AddService(operations_router_.get());
  if (absl::Status s = internal_server_->Start(); !s.ok()) return s;
  const std::string internal_address = absl::StrCat("127.0.0.1:", internal_server_->port());
  config.backends.emplace_back(kOrgServiceName, internal_address);
  config.backends.emplace_back(kOperationsServiceName, internal_address);
  backends_ = config.backends;  // for ServeBackendHealth

  authenticator_ = std::make_unique<TokenAuthenticator>(std::move(verifier), *directory_);
  policy_ = std::make_unique<CallPolicy>(*authenticator_, limiter_, permissions_,
                                         auth::PrincipalSigner(config.principal_key));
  proxy::BackendRouter router;
  for (const auto& [service, address] : config.backends) {
    router.Add(service, grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  }
  proxy::ProxyOptions options;
  absl::StatusOr<proxy::MethodLimits> limits = LoadCallLimits(config);
  if (!limits.ok()) return limits.status();
  options.limits = *std::move(limits);
  options.max_calls_per_backend = config.max_calls_per_backend;
  // Only the gateway speaks for the caller to the services.
  options.dropped_metadata = {"authorization", std::string(auth::kPrincipalMetadataKey),
                              "x-request-id"};
  CallPolicy* policy = policy_.get();
  options.prepare = [policy](const grpc::GenericCallbackServerContext& incoming,
                             grpc::ClientContext& outgoing, std::string* caller) {
    return policy->Prepare(incoming, outgoing, caller);
  };
  // Text that is not UTF-8 is named here; a service could only fail to parse it.
  const proxy::RequestTextCheck* text_check = &text_check_;
  options.check_request = [text_check](std::string_view method, const grpc::ByteBuffer& message) {
    return text_check->Check(method, message);
  };
  proxy_ = std::make_unique<proxy::GenericProxy>(std::move(router), std::move(options));
  return absl::OkStatus();
}

void GatewayModule::ServeBackendHealth(server::GrpcServer& server) {
  backend_health_ = std::make_unique<BackendHealth>(backends_, *server.health_service(),
                                                    BackendHealth::Options());
  backend_health_->Start();
  // Stopped before the server's health service goes, which then answers
  // NOT_SERVING for every name.
  server.AtShutdown([health = backend_health_.get()] { health->Stop(); });
}

}  // namespace crm::gateway
