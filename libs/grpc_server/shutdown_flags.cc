#include "libs/grpc_server/shutdown_flags.h"

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(absl::Duration, not_serving_delay, absl::ZeroDuration(),
          "after SIGTERM, how long to report NOT_SERVING while still serving, so load "
          "balancers stop sending before the server stops accepting (e.g. 5s)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "after that, how long in-flight calls may take to finish before they are cancelled");

namespace crm::server {

void ApplyShutdownFlags(ServerOptions& options) {
  options.not_serving_delay = absl::GetFlag(FLAGS_not_serving_delay);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
}

}  // namespace crm::server
