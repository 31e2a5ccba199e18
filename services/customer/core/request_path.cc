#include "services/customer/core/request_path.h"

#include "libs/request/serve.h"

namespace crm::customer {

grpc::ServerUnaryReactor* Serve(
    const auth::PrincipalVerifier& verifier, grpc::CallbackServerContext* context,
    std::string_view method, const google::protobuf::Message& request,
    absl::FunctionRef<absl::Status(const Caller&, status::FieldViolations&)> handler) {
  return request::Serve(
      context, verifier, method, request,
      [&](const request::Actor& actor, status::FieldViolations& violations) -> absl::Status {
        Caller caller{actor.principal,
                      MutationContextFor(actor.principal, actor.method, actor.request_id)};
        caller.context.idempotency = actor.idempotency;
        return handler(caller, violations);
      });
}

}  // namespace crm::customer
