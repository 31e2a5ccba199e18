#include "services/customer/core/request_path.h"

#include "libs/request/serve.h"

namespace crm::customer {

grpc::ServerUnaryReactor* Serve(const auth::PrincipalVerifier& verifier,
                                grpc::CallbackServerContext* context, std::string_view method,
                                const std::string& /*request_id*/,
                                const google::protobuf::Message& request,
                                absl::FunctionRef<absl::Status(const Caller&)> handler) {
  return request::Serve(
      context, verifier, method, request,
      [&](const request::Actor& actor, status::FieldViolations& violations) -> absl::Status {
        Caller caller{actor.principal,
                      MutationContextFor(actor.principal, actor.method, actor.request_id)};
        caller.context.idempotency = actor.idempotency;
        // The customer handlers check request_id among their own fields
        // (idempotency::ValidateRequestId), so they report it, once.
        violations = status::FieldViolations();
        return handler(caller);
      });
}

}  // namespace crm::customer
