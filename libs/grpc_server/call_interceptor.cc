#include "libs/grpc_server/call_interceptor.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/interceptor.h"
#include "libs/grpc_server/call_principal.h"
#include "libs/grpc_server/code_name.h"
#include "libs/grpc_server/request_id.h"
#include "libs/log/log.h"

namespace crm::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

// Generic calls carry a caller-chosen method name; registered methods do not.
// Only a generic context can be BIDI_STREAMING without being registered as
// such, so the cheap type test spares most calls the dynamic_cast.
bool IsGenericCall(ServerRpcInfo& info) {
  return info.type() == ServerRpcInfo::Type::BIDI_STREAMING &&
         dynamic_cast<grpc::GenericCallbackServerContext*>(info.server_context()) != nullptr;
}

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(ServerRpcInfo& info, MethodMetrics& metrics, CallGate& gate,
                  std::string_view service_name, bool access_log)
      : info_(info),
        metrics_(metrics),
        gate_(gate),
        service_name_(service_name),
        access_log_(access_log),
        start_(std::chrono::steady_clock::now()) {
    ForgetCallPrincipal(*info_.server_context());  // left by an earlier call, if any
  }

  ~CallInterceptor() override {
    if (entered_) gate_.Leave();
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      if (auto* metadata = methods->GetRecvInitialMetadata(); metadata != nullptr) {
        request_id_ = ResolveRequestId(*metadata, generated_id_);
      }
      // A stopping server holds the call here; it goes on at Release().
      if (!gate_.Enter([methods] { methods->Proceed(); })) return;
      entered_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      OnSendStatus(*methods);
    }
    methods->Proceed();
  }

 private:
  void OnSendStatus(InterceptorBatchMethods& methods) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!request_id_.empty()) {
      methods.GetSendTrailingMetadata()->emplace(std::string(kRequestIdKey),
                                                 std::string(request_id_));
    }
    const grpc::StatusCode code = methods.GetSendStatus().error_code();
    metrics_.Record(code, seconds);
    std::string principal = TakeCallPrincipal(*info_.server_context());
    if (access_log_) WriteAccessLog(code, seconds, principal);
  }

  void WriteAccessLog(grpc::StatusCode code, double seconds, const std::string& principal) const {
    char latency_ms[32];
    std::snprintf(latency_ms, sizeof(latency_ms), "%.3f", seconds * 1e3);
    const std::string peer = info_.server_context()->peer();
    crm::log::Info("rpc", {{"service", service_name_},
                           {"method", info_.method()},
                           {"code", CodeName(code)},
                           {"latency_ms", latency_ms},
                           {"request_id", request_id_},
                           {"principal", principal},
                           {"peer", peer}});
  }

  ServerRpcInfo& info_;
  MethodMetrics& metrics_;
  CallGate& gate_;
  bool entered_ = false;                 // counted in flight by gate_
  const std::string_view service_name_;  // owned by the factory
  const bool access_log_;
  const std::chrono::steady_clock::time_point start_;
  // Points into the call's client metadata or into generated_id_, both of
  // which live as long as the call.
  std::string_view request_id_;
  GeneratedRequestId generated_id_;
};

}  // namespace

CallInterceptorFactory::CallInterceptorFactory(RpcMetrics& metrics, CallGate& gate,
                                               std::string service_name, bool access_log)
    : metrics_(metrics),
      gate_(gate),
      service_name_(std::move(service_name)),
      access_log_(access_log) {}

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  MethodMetrics& metrics = metrics_.ForMethod(
      IsGenericCall(*info) ? kUnknownMethodLabel : std::string_view(info->method()));
  return std::make_unique<CallInterceptor>(*info, metrics, gate_, service_name_, access_log_)
      .release();
}

}  // namespace crm::server
