#include "services/customer/core/request_path.h"

#include "libs/grpc_server/request_id.h"
#include "libs/grpc_server/unary_call.h"
#include "libs/idempotency/request_log.h"

namespace crm::customer {

grpc::ServerUnaryReactor* Serve(const auth::PrincipalVerifier& verifier,
                                grpc::CallbackServerContext* context, std::string_view method,
                                const std::string& request_id,
                                const google::protobuf::Message& request,
                                absl::FunctionRef<absl::Status(const Caller&)> handler) {
  return server::FinishUnary(context, method, [&]() -> absl::Status {
    absl::StatusOr<auth::v1::Principal> principal = verifier.FromContext(*context);
    if (!principal.ok()) return principal.status();
    Caller caller{*std::move(principal), {}};
    MutationContext& mc = caller.context;
    mc = MutationContextFor(caller.principal, method, server::RequestId(*context));
    if (!request_id.empty()) {
      mc.idempotency = idempotency::RequestKey{request_id, mc.method, mc.actor,
                                               idempotency::RequestHash(request)};
    }
    return handler(caller);
  });
}

}  // namespace crm::customer
