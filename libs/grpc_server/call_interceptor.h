#ifndef CRM_LIBS_GRPC_SERVER_CALL_INTERCEPTOR_H_
#define CRM_LIBS_GRPC_SERVER_CALL_INTERCEPTOR_H_

#include <string>
#include <string_view>

#include "grpcpp/support/server_interceptor.h"
#include "libs/grpc_server/call_gate.h"
#include "libs/grpc_server/rpc_metrics.h"

namespace crm::server {

// Methods that reach the server's built-in "unimplemented" handler (or any
// generic service) share this metric label: their names come from the
// caller, and one series per name would let a caller grow the registry.
inline constexpr std::string_view kUnknownMethodLabel = "unknown";

// Creates the one interceptor every call goes through. Per call it
//   1. resolves the request id before the handler runs (see request_id.h),
//      and passes the call through `gate`, which holds it while the server
//      stops (see call_gate.h),
//   2. at the status: adds "x-request-id" to the trailing metadata, records
//      crm_rpc_requests_total / crm_rpc_latency_seconds, and, when
//      `access_log` is set, writes one JSON line (method, code, latency_ms,
//      request_id, principal (see call_principal.h), peer; never payloads
//      or other metadata).
// One combined interceptor rather than three: gRPC allocates every
// interceptor per call and runs each on every batch of the call, so each
// extra one costs an allocation and ~3 virtual rounds (see
// grpc_server_benchmark for the figures).
class CallInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` and `gate` must outlive the server that owns this factory.
  CallInterceptorFactory(RpcMetrics& metrics, CallGate& gate, std::string service_name,
                         bool access_log);

  // Ownership passes to gRPC (the interface's contract).
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  RpcMetrics& metrics_;
  CallGate& gate_;
  const std::string service_name_;
  const bool access_log_;
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_CALL_INTERCEPTOR_H_
