#include "libs/config/service_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "",
          "gRPC address to serve on; empty: the binary's own (gateway and crm-suite "
          "127.0.0.1:50050, customer 127.0.0.1:50051, hierarchy 127.0.0.1:50052)");
ABSL_FLAG(std::string, metrics_address, "", "Prometheus /metrics address; empty: off");
ABSL_FLAG(std::string, pg_dsn, "host=127.0.0.1 port=15432 user=crm dbname=crm",
          "PostgreSQL connection string");
ABSL_FLAG(int, pg_pool_size, 8, "PostgreSQL connections in each service's pool");
ABSL_FLAG(std::string, redis_address, "127.0.0.1:16379",
          "Redis host:port (cache and event streams); empty: none");
ABSL_FLAG(bool, migrate, true, "apply database migrations at start-up");
ABSL_FLAG(bool, access_log, true, "write one JSON line per call");

namespace crm::config {

std::string ListenAddressOr(std::string_view own) {
  std::string address = absl::GetFlag(FLAGS_listen);
  return address.empty() ? std::string(own) : address;
}

}  // namespace crm::config
