#ifndef CRM_LIBS_GRPC_SERVER_SHUTDOWN_FLAGS_H_
#define CRM_LIBS_GRPC_SERVER_SHUTDOWN_FLAGS_H_

// The shutdown flags every binary takes, defined once:
//   --not_serving_delay (CRM_NOT_SERVING_DELAY)  how long a SIGTERMed server
//       reports NOT_SERVING while still serving, so load balancers stop
//       sending first (default 0s: local runs and tests stop at once)
//   --shutdown_grace (CRM_SHUTDOWN_GRACE)  how long it then lets in-flight
//       calls finish (default 10s)

#include "libs/grpc_server/server_options.h"

namespace crm::server {

// Sets options.not_serving_delay and options.shutdown_grace from the flags.
void ApplyShutdownFlags(ServerOptions& options);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_SHUTDOWN_FLAGS_H_
