#include "libs/request/serve.h"

#include <string>
#include <utility>

#include "google/protobuf/descriptor.h"
#include "libs/grpc_server/request_id.h"
#include "libs/grpc_server/unary_call.h"
#include "libs/idempotency/request_log.h"
#include "libs/log/log.h"

namespace crm::request {
namespace {

// The request's idempotency key field, "" when it has none. Found by name, so
// a new mutating request needs nothing but the field.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

absl::Status Handle(absl::StatusOr<auth::v1::Principal> principal, std::string_view method,
                    std::string_view call_request_id, const google::protobuf::Message& request,
                    Handler handler) {
  if (!principal.ok()) return principal.status();
  Actor actor{*std::move(principal), std::string(method), std::string(call_request_id),
              std::nullopt};
  status::FieldViolations violations;
  const std::string request_id = RequestIdOf(request);
  if (!request_id.empty()) {
    idempotency::ValidateRequestId(request_id, violations);
    if (violations.empty()) {
      actor.idempotency = idempotency::RequestKey{request_id, actor.method, actor.principal.user(),
                                                  idempotency::RequestHash(request)};
    }
  }
  absl::Status status = handler(actor, violations);
  if (status.ok() && !violations.empty()) {
    log::Error("handler succeeded with field violations pending", {{"method", method}});
    return absl::InternalError("handler ignored its field violations");
  }
  return status;
}

grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                const auth::PrincipalVerifier& verifier, std::string_view method,
                                const google::protobuf::Message& request, Handler handler) {
  return server::FinishUnary(context, method, [&]() -> absl::Status {
    return Handle(verifier.FromContext(*context), method, server::RequestId(*context), request,
                  handler);
  });
}

}  // namespace crm::request
