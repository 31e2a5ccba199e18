#ifndef CRM_LIBS_GRPC_SERVER_UNARY_CALL_H_
#define CRM_LIBS_GRPC_SERVER_UNARY_CALL_H_

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace crm::server {

// Finishes a callback-API unary call with the status `handler` returns,
// translated by status::ToGrpc. An exception escaping the handler becomes
// INTERNAL and is logged with `method`, so no handler crashes the server or
// shows its text to a caller.
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context, std::string_view method,
                                      absl::FunctionRef<absl::Status()> handler);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_UNARY_CALL_H_
