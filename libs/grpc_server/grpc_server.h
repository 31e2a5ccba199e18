#ifndef CRM_LIBS_GRPC_SERVER_GRPC_SERVER_H_
#define CRM_LIBS_GRPC_SERVER_GRPC_SERVER_H_

// The gRPC server every service and the gateway run:
//
//   crm::server::BlockTerminationSignals();      // first thing in main
//   crm::server::GrpcServer server({.address = "0.0.0.0:50051",
//                                   .service_name = "customer"});
//   server.AddService(&customer_service);        // callback services
//   if (absl::Status s = server.Start(); !s.ok()) { ...; return 1; }
//   crm::server::RunUntilSignalled(server);      // SIGTERM -> drain -> return
//
// It serves the added services plus grpc.health.v1.Health (overall and each
// service SERVING until Shutdown) and server reflection, and runs every call
// through one interceptor (call_interceptor.h) that resolves the request id
// (request_id.h), records crm_rpc_* metrics (rpc_metrics.h) and writes the
// access log.
//
// Cost per call on top of plain gRPC (grpc_server_benchmark, 2-core box,
// loopback unary call of ~150us):
//   - interceptor, metrics, request id: one small allocation, a shared-lock
//     map lookup, one atomic add, one histogram observe, one id generation
//     when the caller sent none, two trailing-metadata strings: ~1-2us.
//   - access log: a JSON line built and written per call, ~3-5us more;
//     switch it off with ServerOptions::access_log = false when measuring
//     the server itself.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/service_type.h"
#include "grpcpp/server.h"
#include "libs/grpc_server/call_gate.h"
#include "libs/grpc_server/rpc_metrics.h"
#include "libs/grpc_server/server_options.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace crm::server {

class GrpcServer final {
 public:
  explicit GrpcServer(ServerOptions options);
  // Shuts down (with the grace period) if still running.
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Before Start(). Not owned: `service` must outlive this server.
  void AddService(grpc::Service* service);

  // Serves every method no added service has (a proxy). Not owned.
  void SetGenericService(grpc::CallbackGenericService* service);

  // Builds and starts the server. UNAVAILABLE naming the address when it
  // cannot listen there (taken port, bad address) or the metrics exposer
  // cannot; FAILED_PRECONDITION when called twice.
  absl::Status Start();

  // The bound port (the one picked when the address asked for port 0); 0
  // before Start().
  int port() const { return port_; }

  // The port of the metrics exposer; 0 without one.
  int metrics_port() const;

  // Idempotent and safe from any thread: runs the AtShutdown callbacks, sets
  // every health status to NOT_SERVING, keeps serving for
  // not_serving_delay, then stops accepting calls, lets in-flight calls
  // finish until shutdown_grace has passed (then cancels them), and returns
  // when done. A call that arrives while it stops is either served or
  // refused with UNAVAILABLE (a new connection is refused), never cancelled
  // unseen (call_gate.h). Concurrent callers all return once the server has
  // stopped.
  void Shutdown();

  // Runs `callback` at the start of Shutdown(), before health turns
  // NOT_SERVING: for what writes into health_service() and must stop before
  // the server goes. Before Shutdown().
  void AtShutdown(std::function<void()> callback);

  // The health service (grpc.health.v1) this server answers with, for
  // statuses of names it does not serve itself (a proxy's backends); null
  // before Start(). Every status reads NOT_SERVING once Shutdown() began,
  // whatever is set afterwards.
  grpc::HealthCheckServiceInterface* health_service();

  // Blocks until Shutdown() has completed; returns at once if never started.
  void Wait();

  // The registry behind the metrics exposer, so services add their own
  // figures (pool, cache).
  prometheus::Registry& metrics() { return *registry_; }

 private:
  const ServerOptions options_;
  std::vector<grpc::Service*> services_;
  grpc::CallbackGenericService* generic_service_ = nullptr;
  std::shared_ptr<prometheus::Registry> registry_;
  RpcMetrics rpc_metrics_;
  CallGate gate_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<std::string> service_names_;
  std::unique_ptr<grpc::Server> server_;  // after everything its calls use
  int port_ = 0;
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
  std::vector<std::function<void()>> at_shutdown_ ABSL_GUARDED_BY(shutdown_mu_);
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_GRPC_SERVER_H_
