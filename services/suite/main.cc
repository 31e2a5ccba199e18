// crm-suite: the gateway and every service in one process, each on its own
// loopback port, built from the same modules as the separate binaries that
// Kubernetes runs. For a laptop or a demo; production runs one per pod.
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "libs/auth/principal_key.h"
#include "libs/config/flags.h"
#include "libs/config/secret.h"
#include "libs/config/service_flags.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/shutdown_flags.h"
#include "libs/grpc_server/termination_signals.h"
#include "libs/jwt/development_token.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/collaboration_module.h"
#include "services/contract/contract_module.h"
#include "services/customer/customer_flags.h"
#include "services/customer/customer_module.h"
#include "services/gateway/gateway_module.h"
#include "services/hierarchy/hierarchy_module.h"
#include "services/opportunity/opportunity_module.h"
#include "services/scoring/scoring_module.h"

ABSL_FLAG(std::string, customer_listen, "127.0.0.1:50051",
          "the customer service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, hierarchy_listen, "127.0.0.1:50052",
          "the hierarchy service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, opportunity_listen, "127.0.0.1:50053",
          "the opportunity service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, contract_listen, "127.0.0.1:50054",
          "the contract service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, collaboration_listen, "127.0.0.1:50055",
          "the collaboration service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, scoring_listen, "127.0.0.1:50056",
          "the scoring service's gRPC address (loopback: only the gateway calls it)");
ABSL_FLAG(std::string, jwt_hs256_secret, crm::jwt::kDevelopmentSecret,
          "shared secret of local HS256 tokens");

namespace {

int Fail(std::string_view what, const absl::Status& status) {
  crm::log::Error(what, {{"error", std::string(status.message())}});
  return 1;
}

crm::server::ServerOptions ServerOptionsFor(std::string address, std::string name) {
  crm::server::ServerOptions options;
  options.address = std::move(address);
  options.service_name = std::move(name);
  options.access_log = absl::GetFlag(FLAGS_access_log);
  crm::server::ApplyShutdownFlags(options);
  // Only the gateway is reached from outside, so only it waits for callers to
  // go (main); it has drained before the services stop.
  options.not_serving_delay = absl::ZeroDuration();
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-suite: the gateway and every service in one process");
  const crm::config::Secret principal_key_secret = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-suite", {principal_key_secret,
                    crm::config::FlagSecret(FLAGS_jwt_hs256_secret, "verifies HS256 bearer tokens",
                                            "--jwt_hs256_secret= to accept no HS256 tokens"),
                    crm::config::FlagSecret(FLAGS_pii_key, "seals contacts' personal fields"),
                    crm::config::FlagSecret(FLAGS_page_token_key, "signs page tokens")});
  const std::string& principal_key = principal_key_secret.value;

  crm::customer::CustomerConfig customer_config;
  customer_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  customer_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  customer_config.principal_key = principal_key;
  customer_config.pii_key = absl::GetFlag(FLAGS_pii_key);
  customer_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  customer_config.trusted_source_systems = absl::GetFlag(FLAGS_trusted_source_systems);
  absl::StatusOr<std::unique_ptr<crm::customer::CustomerModule>> customer =
      crm::customer::CustomerModule::Create(customer_config);
  if (!customer.ok()) return Fail("customer service cannot start", customer.status());
  crm::server::GrpcServer customer_server(
      ServerOptionsFor(absl::GetFlag(FLAGS_customer_listen), "crm.customer.v1.CustomerService"));
  customer_server.AddService((*customer)->service());
  customer_server.AddService((*customer)->operations_service());
  if (absl::Status s = customer_server.Start(); !s.ok()) {
    return Fail("customer service cannot start", s);
  }

  const std::string customer_address = crm::StrCat("127.0.0.1:", customer_server.port());

  crm::hierarchy::HierarchyConfig hierarchy_config;
  hierarchy_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  hierarchy_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  hierarchy_config.customer_address = customer_address;
  hierarchy_config.principal_key = principal_key;
  hierarchy_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  absl::StatusOr<std::unique_ptr<crm::hierarchy::HierarchyModule>> hierarchy =
      crm::hierarchy::HierarchyModule::Create(hierarchy_config);
  if (!hierarchy.ok()) return Fail("hierarchy service cannot start", hierarchy.status());
  crm::server::GrpcServer hierarchy_server(
      ServerOptionsFor(absl::GetFlag(FLAGS_hierarchy_listen), "crm.hierarchy.v1.HierarchyService"));
  hierarchy_server.AddService((*hierarchy)->service());
  if (absl::Status s = hierarchy_server.Start(); !s.ok()) {
    return Fail("hierarchy service cannot start", s);
  }
  const std::string hierarchy_address = crm::StrCat("127.0.0.1:", hierarchy_server.port());
  (*customer)->ConnectHierarchy(hierarchy_address);

  crm::opportunity::OpportunityConfig opportunity_config;
  opportunity_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  opportunity_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  opportunity_config.customer_address = customer_address;
  opportunity_config.hierarchy_address = hierarchy_address;
  opportunity_config.principal_key = principal_key;
  opportunity_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  absl::StatusOr<std::unique_ptr<crm::opportunity::OpportunityModule>> opportunity =
      crm::opportunity::OpportunityModule::Create(opportunity_config);
  if (!opportunity.ok()) return Fail("opportunity service cannot start", opportunity.status());
  crm::server::GrpcServer opportunity_server(ServerOptionsFor(
      absl::GetFlag(FLAGS_opportunity_listen), "crm.opportunity.v1.OpportunityService"));
  opportunity_server.AddService((*opportunity)->service());
  if (absl::Status s = opportunity_server.Start(); !s.ok()) {
    return Fail("opportunity service cannot start", s);
  }
  const std::string opportunity_address = crm::StrCat("127.0.0.1:", opportunity_server.port());

  crm::contract::ContractConfig contract_config;
  contract_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  contract_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  contract_config.customer_address = customer_address;
  contract_config.hierarchy_address = hierarchy_address;
  contract_config.opportunity_address = opportunity_address;
  contract_config.principal_key = principal_key;
  contract_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  absl::StatusOr<std::unique_ptr<crm::contract::ContractModule>> contract =
      crm::contract::ContractModule::Create(contract_config);
  if (!contract.ok()) return Fail("contract service cannot start", contract.status());
  crm::server::GrpcServer contract_server(
      ServerOptionsFor(absl::GetFlag(FLAGS_contract_listen), "crm.contract.v1.ContractService"));
  contract_server.AddService((*contract)->service());
  if (absl::Status s = contract_server.Start(); !s.ok()) {
    return Fail("contract service cannot start", s);
  }
  const std::string contract_address = crm::StrCat("127.0.0.1:", contract_server.port());

  // Collaboration follows the opportunity and contract feeds (a won deal
  // opens its attribution), so it starts after them.
  crm::collaboration::CollaborationConfig collaboration_config;
  collaboration_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  collaboration_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  collaboration_config.customer_address = customer_address;
  collaboration_config.hierarchy_address = hierarchy_address;
  collaboration_config.opportunity_address = opportunity_address;
  collaboration_config.contract_address = contract_address;
  collaboration_config.principal_key = principal_key;
  collaboration_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  absl::StatusOr<std::unique_ptr<crm::collaboration::CollaborationModule>> collaboration =
      crm::collaboration::CollaborationModule::Create(collaboration_config);
  if (!collaboration.ok()) {
    return Fail("collaboration service cannot start", collaboration.status());
  }
  crm::server::GrpcServer collaboration_server(ServerOptionsFor(
      absl::GetFlag(FLAGS_collaboration_listen), "crm.collaboration.v1.CollaborationService"));
  collaboration_server.AddService((*collaboration)->service());
  if (absl::Status s = collaboration_server.Start(); !s.ok()) {
    return Fail("collaboration service cannot start", s);
  }
  const std::string collaboration_address = crm::StrCat("127.0.0.1:", collaboration_server.port());

  // Scoring follows the opportunity, contract and collaboration feeds and
  // reads those services for each customer's facts, so it starts after them.
  crm::scoring::ScoringConfig scoring_config;
  scoring_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  scoring_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  scoring_config.customer_address = customer_address;
  scoring_config.hierarchy_address = hierarchy_address;
  scoring_config.opportunity_address = opportunity_address;
  scoring_config.contract_address = contract_address;
  scoring_config.collaboration_address = collaboration_address;
  scoring_config.principal_key = principal_key;
  scoring_config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  absl::StatusOr<std::unique_ptr<crm::scoring::ScoringModule>> scoring =
      crm::scoring::ScoringModule::Create(scoring_config);
  if (!scoring.ok()) return Fail("scoring service cannot start", scoring.status());
  crm::server::GrpcServer scoring_server(
      ServerOptionsFor(absl::GetFlag(FLAGS_scoring_listen), "crm.scoring.v1.ScoringService"));
  scoring_server.AddService((*scoring)->service());
  if (absl::Status s = scoring_server.Start(); !s.ok()) {
    return Fail("scoring service cannot start", s);
  }
  const std::string scoring_address = crm::StrCat("127.0.0.1:", scoring_server.port());

  crm::gateway::GatewayConfig gateway_config;
  gateway_config.backends = {{"crm.customer.v1.CustomerService", customer_address},
                             {"crm.hierarchy.v1.HierarchyService", hierarchy_address},
                             {"crm.opportunity.v1.OpportunityService", opportunity_address},
                             {"crm.contract.v1.ContractService", contract_address},
                             {"crm.collaboration.v1.CollaborationService", collaboration_address},
                             {"crm.scoring.v1.ScoringService", scoring_address}};
  gateway_config.hs256_secret = absl::GetFlag(FLAGS_jwt_hs256_secret);
  gateway_config.principal_key = principal_key;
  gateway_config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  absl::StatusOr<std::unique_ptr<crm::gateway::GatewayModule>> gateway =
      crm::gateway::GatewayModule::Create(gateway_config);
  if (!gateway.ok()) return Fail("gateway cannot start", gateway.status());
  crm::server::ServerOptions gateway_options =
      ServerOptionsFor(crm::config::ListenAddressOr("127.0.0.1:50050"), "gateway");
  crm::server::ApplyShutdownFlags(gateway_options);  // with --not_serving_delay
  crm::server::GrpcServer gateway_server(gateway_options);
  gateway_server.SetGenericService((*gateway)->proxy());
  if (absl::Status s = gateway_server.Start(); !s.ok()) return Fail("gateway cannot start", s);
  (*gateway)->ServeBackendHealth(gateway_server);

  crm::log::Info("suite serving", {{"gateway", crm::config::ListenAddressOr("127.0.0.1:50050")},
                                   {"customer", customer_address},
                                   {"hierarchy", hierarchy_address},
                                   {"opportunity", opportunity_address},
                                   {"contract", contract_address},
                                   {"collaboration", collaboration_address},
                                   {"scoring", scoring_address}});
  crm::server::WaitForTerminationSignal();
  // Outside in: the gateway reports NOT_SERVING, serves on for
  // --not_serving_delay, then drains; no new calls reach the services while
  // they drain after it.
  gateway_server.Shutdown();
  scoring_server.Shutdown();
  collaboration_server.Shutdown();
  contract_server.Shutdown();
  opportunity_server.Shutdown();
  hierarchy_server.Shutdown();
  customer_server.Shutdown();
  crm::log::Info("suite stopped");
  return 0;
}
