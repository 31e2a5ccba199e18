#include "libs/proxy/generic_proxy.h"

#include "libs/proxy/proxy_call.h"
#include "libs/strings/str_cat.h"

namespace crm::proxy {
namespace {

// Answers a method no backend serves.
class Unimplemented final : public grpc::ServerGenericBidiReactor {
 public:
  explicit Unimplemented(const std::string& method) {
    Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        crm::StrCat("no service here serves ", method)));
  }
  void OnDone() override { delete this; }
};

}  // namespace

GenericProxy::GenericProxy(BackendRouter router, ProxyOptions options)
    : router_(std::move(router)),
      options_(std::move(options)),
      watchdog_(options_.idle_check_interval) {
  router_.SetMaxCallsPerBackend(options_.max_calls_per_backend);
}

grpc::ServerGenericBidiReactor* GenericProxy::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  Backend* backend = router_.Find(context->method());
  if (backend == nullptr) return new Unimplemented(context->method());
  // gRPC's reactor contract: the reactor owns itself and deletes itself in OnDone.
  return new ProxyCall(context, backend, options_, watchdog_);
}

}  // namespace crm::proxy
