#ifndef CRM_LIBS_GRPC_SERVER_TERMINATION_SIGNALS_H_
#define CRM_LIBS_GRPC_SERVER_TERMINATION_SIGNALS_H_

#include "libs/grpc_server/grpc_server.h"

namespace crm::server {

// Blocks SIGTERM and SIGINT in the calling thread. Call it first thing in
// main, before any thread starts: threads inherit the mask, so the signals
// then reach only the thread waiting in RunUntilSignalled instead of killing
// the process from whichever thread the kernel picks.
void BlockTerminationSignals();

// Waits (sigwait) in the calling thread for SIGTERM or SIGINT, then calls
// server.Shutdown(), which drains in-flight calls within the grace period.
// Returns when the server has stopped; main then closes its pools and exits.
void RunUntilSignalled(GrpcServer& server);

// Waits (sigwait) for SIGTERM or SIGINT, for a process that runs several
// servers and shuts them down in its own order.
void WaitForTerminationSignal();

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_TERMINATION_SIGNALS_H_
