#include "libs/grpc_server/unary_call.h"

#include <exception>

#include "libs/log/log.h"
#include "libs/status/status.h"

namespace crm::server {

grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context, std::string_view method,
                                      absl::FunctionRef<absl::Status()> handler) {
  absl::Status status;
  try {
    status = handler();
  } catch (const std::exception& e) {
    log::Error("unhandled exception", {{"method", method}, {"what", e.what()}});
    status = absl::InternalError("unhandled exception");
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status::ToGrpc(status));
  return reactor;
}

}  // namespace crm::server
