#include "services/gateway/gateway_module.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_metadata.h"
#include "libs/log/log.h"
#include "libs/pg/embedded_file.h"
#include "libs/strings/str_cat.h"
#include "services/gateway/known_services.h"

namespace crm {
extern const EmbeddedFile kGatewayPermissions[];
}

namespace crm::gateway {

absl::StatusOr<std::unique_ptr<GatewayModule>> GatewayModule::Create(
    const GatewayConfig& config) {
  if (config.backends.empty()) return absl::InvalidArgumentError("gateway: no backends");
  if (config.principal_key.empty()) {
    return absl::InvalidArgumentError("gateway: no principal key to sign with");
  }

  // Permissions: every RPC of every backend must have a rule.
  absl::StatusOr<PermissionMap> permissions = PermissionMap::Parse(
      config.permissions.empty() ? kGatewayPermissions[0].contents : config.permissions);
  if (!permissions.ok()) return permissions.status();
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
    return absl::FailedPreconditionError(crm::StrCat(
        "permission map: ", problems.size(), " problem(s), first: ", problems.front()));
  }

  // Token keys.
  jwt::KeySet keys;
  if (!config.jwks.empty()) {
    absl::StatusOr<jwt::KeySet> loaded = jwt::KeySet::FromJwks(config.jwks);
    if (!loaded.ok()) return loaded.status();
    keys = *std::move(loaded);
  }
  if (!config.hs256_secret.empty()) {
    if (absl::Status s = keys.AddHmacSecret(jwt::kDevelopmentKeyId, config.hs256_secret); !s.ok()) return s;
  }
  if (keys.empty()) return absl::InvalidArgumentError("gateway: no token keys configured");
  jwt::Verifier verifier(std::move(keys), {.issuer = config.issuer, .audience = config.audience});

  auto module = std::make_unique<GatewayModule>(*std::move(permissions), std::move(verifier),
                                                config.rate_limit);
  module->policy_ = std::make_unique<CallPolicy>(module->authenticator_, module->limiter_,
                                                 module->permissions_,
                                                 auth::PrincipalSigner(config.principal_key));
  module->current_user_ = std::make_unique<CurrentUserService>(*module->policy_);

  proxy::BackendRouter router;
  for (const auto& [service, address] : config.backends) {
    router.Add(service, grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  }
  proxy::ProxyOptions options;
  options.default_deadline = config.default_deadline;
  options.max_deadline = config.max_deadline;
  options.max_calls_per_backend = config.max_calls_per_backend;
  // Only the gateway speaks for the caller to the services.
  options.dropped_metadata = {"authorization", std::string(auth::kPrincipalMetadataKey),
                              "x-request-id"};
  CallPolicy* policy = module->policy_.get();
  options.prepare = [policy](const grpc::GenericCallbackServerContext& incoming,
                             grpc::ClientContext& outgoing) {
    return policy->Prepare(incoming, outgoing);
  };
  module->proxy_ = std::make_unique<proxy::GenericProxy>(std::move(router), std::move(options));
  return module;
}

}  // namespace crm::gateway
