// crm-gateway: the suite's one public endpoint. Authenticates each caller's
// token, checks the RPC against the permission map, signs the principal for
// the services and passes the call to the service that owns it. It also
// keeps the seller organisation (org units, users, service accounts).
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "libs/auth/principal_key.h"
#include "libs/config/flags.h"
#include "libs/config/secret.h"
#include "libs/config/service_flags.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/service_server_options.h"
#include "libs/grpc_server/termination_signals.h"
#include "libs/log/log.h"
#include "services/gateway/gateway_module.h"

ABSL_FLAG(std::vector<std::string>, backends,
          std::vector<std::string>({"crm.customer.v1.CustomerService=127.0.0.1:50051",
                                    "crm.hierarchy.v1.HierarchyService=127.0.0.1:50052",
                                    "crm.opportunity.v1.OpportunityService=127.0.0.1:50053",
                                    "crm.contract.v1.ContractService=127.0.0.1:50054",
                                    "crm.collaboration.v1.CollaborationService=127.0.0.1:50055",
                                    "crm.scoring.v1.ScoringService=127.0.0.1:50056"}),
          "comma-separated SERVICE=HOST:PORT, one per backend service");
ABSL_FLAG(std::string, jwt_hs256_secret, crm::jwt::kDevelopmentSecret,
          "shared secret of local HS256 tokens (kid \"local\"); empty: none; the default is "
          "public: development mode only");
ABSL_FLAG(std::string, jwks_file, "", "JWKS file with the token issuer's public keys");
ABSL_FLAG(std::string, jwt_issuer, crm::jwt::kDevelopmentIssuer, "required \"iss\" of tokens");
ABSL_FLAG(std::string, jwt_audience, crm::jwt::kDevelopmentAudience, "required \"aud\" of tokens");
ABSL_FLAG(std::string, permissions_file, "", "permission map; empty: the built-in one");
ABSL_FLAG(std::string, call_limits_file, "",
          "per-method deadlines and stream idle timeouts; empty: the built-in call_limits.conf");
ABSL_FLAG(absl::Duration, default_deadline, absl::Seconds(30),
          "deadline of a call whose caller set none (methods call_limits does not name)");
ABSL_FLAG(absl::Duration, max_deadline, absl::Seconds(60),
          "longest deadline a call gets (methods call_limits does not name)");
ABSL_FLAG(bool, strict_permissions, false,
          "refuse to start when an RPC has no permission rule (else warn)");
ABSL_FLAG(double, rate_limit_per_second, 100,
          "calls per second per principal (token bucket); 0: no limit");
ABSL_FLAG(double, rate_limit_burst, 200, "calls a principal may make at once");
ABSL_FLAG(int, max_calls_per_backend, 512,
          "calls in flight per backend service before UNAVAILABLE; 0: no cap");

namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Fail(std::string_view what, const absl::Status& status) {
  crm::log::Error(what, {{"error", std::string(status.message())}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-gateway: the suite's public gRPC endpoint");
  const crm::config::Secret principal_key = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-gateway",
      {principal_key, crm::config::FlagSecret(
                          FLAGS_jwt_hs256_secret, "verifies HS256 bearer tokens, kid \"local\"",
                          "--jwt_hs256_secret= to accept only tokens signed with the keys "
                          "of --jwks_file")});

  crm::gateway::GatewayConfig config;
  config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.migrate = absl::GetFlag(FLAGS_migrate);
  for (const std::string& backend : absl::GetFlag(FLAGS_backends)) {
    std::vector<std::string> parts = absl::StrSplit(backend, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      return Fail("bad --backends entry", absl::InvalidArgumentError(backend));
    }
    config.backends.emplace_back(parts[0], parts[1]);
  }
  config.hs256_secret = absl::GetFlag(FLAGS_jwt_hs256_secret);
  if (const std::string path = absl::GetFlag(FLAGS_jwks_file); !path.empty()) {
    absl::StatusOr<std::string> jwks = ReadFile(path);
    if (!jwks.ok()) return Fail("cannot read --jwks_file", jwks.status());
    config.jwks = *std::move(jwks);
  }
  if (const std::string path = absl::GetFlag(FLAGS_permissions_file); !path.empty()) {
    absl::StatusOr<std::string> text = ReadFile(path);
    if (!text.ok()) return Fail("cannot read --permissions_file", text.status());
    config.permissions = *std::move(text);
  }
  if (const std::string path = absl::GetFlag(FLAGS_call_limits_file); !path.empty()) {
    absl::StatusOr<std::string> text = ReadFile(path);
    if (!text.ok()) return Fail("cannot read --call_limits_file", text.status());
    config.call_limits = *std::move(text);
  }
  config.default_deadline = absl::GetFlag(FLAGS_default_deadline);
  config.max_deadline = absl::GetFlag(FLAGS_max_deadline);
  config.issuer = absl::GetFlag(FLAGS_jwt_issuer);
  config.audience = absl::GetFlag(FLAGS_jwt_audience);
  config.strict_permissions = absl::GetFlag(FLAGS_strict_permissions);
  config.principal_key = principal_key.value;
  config.rate_limit = {.per_second = absl::GetFlag(FLAGS_rate_limit_per_second),
                       .burst = absl::GetFlag(FLAGS_rate_limit_burst)};
  config.max_calls_per_backend = absl::GetFlag(FLAGS_max_calls_per_backend);

  absl::StatusOr<std::unique_ptr<crm::gateway::GatewayModule>> module =
      crm::gateway::GatewayModule::Create(config);
  if (!module.ok()) return Fail("gateway cannot start", module.status());

  const crm::server::ServerOptions options =
      crm::server::ServiceServerOptions("127.0.0.1:50050", "gateway");
  crm::server::GrpcServer server(options);
  server.SetGenericService((*module)->proxy());
  if (absl::Status started = server.Start(); !started.ok()) {
    return Fail("gateway cannot start", started);
  }
  (*module)->ServeBackendHealth(server);
  crm::log::Info("gateway serving", {{"address", options.address}});
  crm::server::RunUntilSignalled(server);
  crm::log::Info("gateway stopped");
  return 0;
}
