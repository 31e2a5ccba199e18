// crm-opportunity: the pipeline (opportunities, stages, activities, stale
// reminders, funnel) as its own process.
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
#include "services/opportunity/opportunity_module.h"

ABSL_FLAG(std::string, customer_address, "127.0.0.1:50051",
          "host:port of the customer service (customers, contacts and their change feed)");
ABSL_FLAG(std::string, hierarchy_address, "127.0.0.1:50052",
          "host:port of the hierarchy service (customer groups, for group funnels)");
ABSL_FLAG(std::string, page_token_key, "crm-local-development-opportunity-page-token-key",
          "HMAC key for page tokens (the default is public: development mode only)");

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-opportunity: the pipeline");
  const crm::config::Secret principal_key = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-opportunity",
      {principal_key,
       crm::config::FlagSecret(FLAGS_page_token_key, "signs the service's page tokens")});

  crm::opportunity::OpportunityConfig config;
  config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.redis_address = absl::GetFlag(FLAGS_redis_address);
  config.customer_address = absl::GetFlag(FLAGS_customer_address);
  config.hierarchy_address = absl::GetFlag(FLAGS_hierarchy_address);
  config.principal_key = principal_key.value;
  config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  config.migrate = absl::GetFlag(FLAGS_migrate);

  absl::StatusOr<std::unique_ptr<crm::opportunity::OpportunityModule>> module =
      crm::opportunity::OpportunityModule::Create(config);
  if (!module.ok()) {
    crm::log::Error("opportunity service cannot start",
                    {{"error", std::string(module.status().message())}});
    return 1;
  }
  const crm::server::ServerOptions options =
      crm::server::ServiceServerOptions("127.0.0.1:50053", "crm.opportunity.v1.OpportunityService");
  crm::server::GrpcServer server(options);
  server.AddService((*module)->service());
  (*module)->ExportMetrics(server.metrics());
  if (absl::Status started = server.Start(); !started.ok()) {
    crm::log::Error("opportunity service cannot start",
                    {{"error", std::string(started.message())}});
    return 1;
  }
  crm::log::Info("opportunity service serving", {{"address", options.address}});
  crm::server::RunUntilSignalled(server);
  crm::log::Info("opportunity service stopped");
  return 0;
}
