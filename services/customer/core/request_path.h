#ifndef CRM_SERVICES_CUSTOMER_CORE_REQUEST_PATH_H_
#define CRM_SERVICES_CUSTOMER_CORE_REQUEST_PATH_H_

// The path every unary customer call takes: the suite's request::Serve
// (libs/request/serve.h: verify the principal, the idempotency key from the
// request's request_id field, finish the call with its status mapped at the
// edge), with the caller's mutation context built for the store.

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/auth/principal_verifier.h"
#include "libs/status/status.h"
#include "services/customer/core/mutation_context.h"

namespace crm::customer {

// The verified caller of one call.
struct Caller {
  auth::v1::Principal principal;
  MutationContext context;
};

// Never lets an exception escape (see server::FinishUnary). The request's
// request_id field is checked here: a bad one is already in `violations`
// when the handler runs, which adds the other fields' problems and returns
// violations.ToStatus() when there are any.
grpc::ServerUnaryReactor* Serve(
    const auth::PrincipalVerifier& verifier, grpc::CallbackServerContext* context,
    std::string_view method, const google::protobuf::Message& request,
    absl::FunctionRef<absl::Status(const Caller&, status::FieldViolations&)> handler);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_REQUEST_PATH_H_
