#include "libs/grpc_server/service_server_options.h"

#include <utility>

#include "absl/flags/flag.h"
#include "libs/config/service_flags.h"
#include "libs/grpc_server/shutdown_flags.h"

namespace crm::server {

ServerOptions ServiceServerOptions(std::string_view own_address, std::string service_name) {
  ServerOptions options;
  options.address = config::ListenAddressOr(own_address);
  options.service_name = std::move(service_name);
  options.metrics_address = absl::GetFlag(FLAGS_metrics_address);
  options.access_log = absl::GetFlag(FLAGS_access_log);
  ApplyShutdownFlags(options);
  return options;
}

}  // namespace crm::server
