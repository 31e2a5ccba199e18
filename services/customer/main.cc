// crm-customer: the customer master-data service as its own process.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "libs/auth/principal_key.h"
#include "libs/config/flags.h"
#include "libs/config/secret.h"
#include "libs/config/service_flags.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/service_server_options.h"
#include "libs/grpc_server/termination_signals.h"
#include "libs/log/log.h"
#include "services/customer/customer_flags.h"
#include "services/customer/customer_module.h"

ABSL_FLAG(int, cache_ttl_seconds, 60, "how long a cached customer may live");
ABSL_FLAG(std::string, hierarchy_address, "",
          "the hierarchy service's host:port; merges are checked against customer group "
          "trees there first (empty: no hierarchy deployed)");
ABSL_FLAG(int, change_feed_retention_days, 30,
          "how long the change feed keeps a change (ListCustomerChanges, WatchCustomerChanges)");
ABSL_FLAG(int64_t, change_stream_max_length, 1000000,
          "the Redis stream of changes is trimmed to about this many entries; older "
          "cursors are served from PostgreSQL");
ABSL_FLAG(int, max_change_watches, 64, "concurrent WatchCustomerChanges calls per replica");

int main(int argc, char** argv) {
  crm::server::BlockTerminationSignals();
  crm::config::ParseFlags(argc, argv, "crm-customer: customer master-data service");
  const crm::config::Secret principal_key = crm::auth::PrincipalKeySecret();
  crm::config::RequireSecrets(
      "crm-customer",
      {principal_key,
       crm::config::FlagSecret(FLAGS_pii_key,
                               "seals contacts' phone, e-mail and WeChat and keys their lookup "
                               "hashes; keep it, or the sealed data cannot be read"),
       crm::config::FlagSecret(FLAGS_page_token_key, "signs the service's page tokens")});

  crm::customer::CustomerConfig config;
  config.pg_dsn = absl::GetFlag(FLAGS_pg_dsn);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.redis_address = absl::GetFlag(FLAGS_redis_address);
  config.cache_ttl = absl::Seconds(absl::GetFlag(FLAGS_cache_ttl_seconds));
  config.principal_key = principal_key.value;
  config.pii_key = absl::GetFlag(FLAGS_pii_key);
  config.page_token_key = absl::GetFlag(FLAGS_page_token_key);
  config.migrate = absl::GetFlag(FLAGS_migrate);
  config.trusted_source_systems = absl::GetFlag(FLAGS_trusted_source_systems);
  config.change_feed_retention = absl::Hours(24 * absl::GetFlag(FLAGS_change_feed_retention_days));
  config.change_stream_max_length = absl::GetFlag(FLAGS_change_stream_max_length);
  config.max_change_watches = absl::GetFlag(FLAGS_max_change_watches);

  absl::StatusOr<std::unique_ptr<crm::customer::CustomerModule>> module =
      crm::customer::CustomerModule::Create(config);
  if (!module.ok()) {
    crm::log::Error("customer service cannot start",
                    {{"error", std::string(module.status().message())}});
    return 1;
  }
  (*module)->ConnectHierarchy(absl::GetFlag(FLAGS_hierarchy_address));
  const crm::server::ServerOptions options =
      crm::server::ServiceServerOptions("127.0.0.1:50051", "crm.customer.v1.CustomerService");
  crm::server::GrpcServer server(options);
  server.AddService((*module)->service());
  server.AddService((*module)->operations_service());
  if (absl::Status started = server.Start(); !started.ok()) {
    crm::log::Error("customer service cannot start", {{"error", std::string(started.message())}});
    return 1;
  }
  crm::log::Info("customer service serving", {{"address", options.address}});
  crm::server::RunUntilSignalled(server);
  crm::log::Info("customer service stopped");
  return 0;
}
