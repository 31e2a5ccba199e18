// crm-contract: contracts and receivables (frameworks and executions,
// approvals, signing, renewal, payment milestones, receipts, aging, expiry)
// as their own process.
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
#include "services/contract/contract_module.h"

ABSL_FLAG(std::string, customer_address, "127.0.0.1:50051",
          "host:port of the customer service (customers and their change feed)");
ABSL_FLAG(std::string, hierarchy_address, "127.0.0.1:50052",
          "host:port of the hierarchy service (customer groups, for frameworks and receivables)");
ABSL_FLAG(std::string, opportunity_address, "127.0.0.1:50053",
          "host:port of the opportunity service (contracts created from won opportunities); "
          "empty: CreateContract checks the opportunity's name only");
ABSL_FLAG(std::string, page_token_key, "crm-local-development-contract-page-token-key",
          "HMAC key for page tokens (the default is public: development mode only)");
ABSL_FLAG(int, expiry_reminder_days, 60,
          "days before a contract's end date that CONTRACT_EXPIRING is announced");

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-contract: contracts and receivables");
  const crm::config::Secret principal_key = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-contract", {principal_key, crm::config::FlagSecret(FLAGS_page_token_key,
                                                              "signs the service's page tokens")});

  crm::contract::ContractConfig config;
  config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.redis_address = absl::GetFlag(FLAGS_redis_address);
  config.customer_address = absl::GetFlag(FLAGS_customer_address);
  config.hierarchy_address = absl::GetFlag(FLAGS_hierarchy_address);
  config.opportunity_address = absl::GetFlag(FLAGS_opportunity_address);
  config.principal_key = principal_key.value;
  config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  config.expiry_reminder_days = absl::GetFlag(FLAGS_expiry_reminder_days);
  config.migrate = absl::GetFlag(FLAGS_migrate);

  absl::StatusOr<std::unique_ptr<crm::contract::ContractModule>> module =
      crm::contract::ContractModule::Create(config);
  if (!module.ok()) {
    crm::log::Error("contract service cannot start",
                    {{"error", std::string(module.status().message())}});
    return 1;
  }
  const crm::server::ServerOptions options =
      crm::server::ServiceServerOptions("127.0.0.1:50054", "crm.contract.v1.ContractService");
  crm::server::GrpcServer server(options);
  server.AddService((*module)->service());
  (*module)->ExportMetrics(server.metrics());
  if (absl::Status started = server.Start(); !started.ok()) {
    crm::log::Error("contract service cannot start", {{"error", std::string(started.message())}});
    return 1;
  }
  crm::log::Info("contract service serving", {{"address", options.address}});
  crm::server::RunUntilSignalled(server);
  crm::log::Info("contract service stopped");
  return 0;
}
