// crm-scoring: customer value and health scores from the other services'
// feeds, tiers by quarterly review, churn warnings with retention plans,
// satisfaction surveys, the customer and group overviews and the org units'
// scorecards, as its own process.
#include <string>

#include "absl/flags/flag.h"
#include "libs/auth/principal_key.h"
#include "libs/config/flags.h"
#include "libs/config/secret.h"
#include "libs/config/service_flags.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/service_server_options.h"
#include "libs/grpc_server/termination_signals.h"
#include "libs/log/log.h"
#include "services/scoring/scoring_module.h"

ABSL_FLAG(std::string, customer_address, "127.0.0.1:50051",
          "host:port of the customer service (customers, their change feed, data quality)");
ABSL_FLAG(std::string, hierarchy_address, "127.0.0.1:50052",
          "host:port of the hierarchy service (customer groups, for the group overviews)");
ABSL_FLAG(std::string, opportunity_address, "127.0.0.1:50053",
          "host:port of the opportunity service (orders, pipeline, activities and visits); "
          "empty: its feed is not followed and its facts are missing");
ABSL_FLAG(std::string, contract_address, "127.0.0.1:50054",
          "host:port of the contract service (contracts, receipts, receivables); "
          "empty: its feed is not followed and its facts are missing");
ABSL_FLAG(std::string, collaboration_address, "127.0.0.1:50055",
          "host:port of the collaboration service (open requests, credit for the scorecard); "
          "empty: its feed is not followed and its facts are missing");
ABSL_FLAG(std::string, page_token_key, "crm-local-development-scoring-page-token-key",
          "HMAC key for page tokens (the default is public: development mode only)");

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-scoring: customer scores, tiers and scorecards");
  const crm::config::Secret principal_key = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-scoring", {principal_key, crm::config::FlagSecret(FLAGS_page_token_key,
                                                             "signs the service's page tokens")});

  crm::scoring::ScoringConfig config;
  config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.redis_address = absl::GetFlag(FLAGS_redis_address);
  config.customer_address = absl::GetFlag(FLAGS_customer_address);
  config.hierarchy_address = absl::GetFlag(FLAGS_hierarchy_address);
  config.opportunity_address = absl::GetFlag(FLAGS_opportunity_address);
  config.contract_address = absl::GetFlag(FLAGS_contract_address);
  config.collaboration_address = absl::GetFlag(FLAGS_collaboration_address);
  config.principal_key = principal_key.value;
  config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  config.migrate = absl::GetFlag(FLAGS_migrate);

  absl::StatusOr<std::unique_ptr<crm::scoring::ScoringModule>> module =
      crm::scoring::ScoringModule::Create(config);
  if (!module.ok()) {
    crm::log::Error("scoring service cannot start",
                    {{"error", std::string(module.status().message())}});
    return 1;
  }
  const crm::server::ServerOptions options =
      crm::server::ServiceServerOptions("127.0.0.1:50056", "crm.scoring.v1.ScoringService");
  crm::server::GrpcServer server(options);
  server.AddService((*module)->service());
  (*module)->ExportMetrics(server.metrics());
  if (absl::Status started = server.Start(); !started.ok()) {
    crm::log::Error("scoring service cannot start", {{"error", std::string(started.message())}});
    return 1;
  }
  crm::log::Info("scoring service serving", {{"address", options.address}});
  crm::server::RunUntilSignalled(server);
  crm::log::Info("scoring service stopped");
  return 0;
}
