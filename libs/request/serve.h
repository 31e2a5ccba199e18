#ifndef CRM_LIBS_REQUEST_SERVE_H_
#define CRM_LIBS_REQUEST_SERVE_H_

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/auth/principal_verifier.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"

namespace crm::request {

// A handler collects every bad field in `violations` (which may already hold
// the request_id's), returns INVALID_ARGUMENT with them before it changes
// anything, and otherwise does the work as `actor`.
using Handler =
    absl::FunctionRef<absl::Status(const Actor& actor, status::FieldViolations& violations)>;

// The one request path of a unary RPC, for every service:
//   1. the principal the gateway signed is verified (UNAUTHENTICATED if not);
//   2. when the request message has a string field `request_id` (AIP-155:
//      every mutating request has one), a non-empty one is checked, and a
//      valid one becomes the actor's idempotency key (method, user, request
//      hash), so a retry returns the first answer;
//   3. `handler` runs;
//   4. the call finishes with its status, mapped at the edge; an exception
//      becomes INTERNAL (logged, never shown).
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                const auth::PrincipalVerifier& verifier, std::string_view method,
                                const google::protobuf::Message& request, Handler handler);

// Steps 2 and 3 on an already verified principal (or its error), without a
// server; `call_request_id` is the call's x-request-id. Returns what the
// handler returns; INTERNAL when it returns OK with violations pending, a
// bug that must not pass silently.
absl::Status Handle(absl::StatusOr<auth::v1::Principal> principal, std::string_view method,
                    std::string_view call_request_id, const google::protobuf::Message& request,
                    Handler handler);

}  // namespace crm::request

#endif  // CRM_LIBS_REQUEST_SERVE_H_
