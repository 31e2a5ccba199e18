#include "services/gateway/call_policy.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/auth/principal_fields.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/call_principal.h"
#include "libs/grpc_server/request_id.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

std::string_view Header(const grpc::ServerContextBase& context, std::string_view key) {
  const auto found = context.client_metadata().find(grpc::string_ref(key.data(), key.size()));
  if (found == context.client_metadata().end()) return {};
  return std::string_view(found->second.data(), found->second.size());
}

}  // namespace

absl::StatusOr<auth::v1::Principal> CallPolicy::Authenticate(
    const grpc::ServerContextBase& incoming, absl::Time now) const {
  absl::StatusOr<auth::v1::Principal> principal =
      authenticator_.Authenticate(Header(incoming, "authorization"), now);
  if (!principal.ok()) return principal.status();
  server::SetCallPrincipal(incoming, principal->user());  // for the access log
  // Per principal, so one busy integration cannot starve everyone else.
  if (absl::Status admitted = limiter_.Admit(principal->user(), now); !admitted.ok()) {
    return admitted;
  }
  return principal;
}

absl::Status CallPolicy::Prepare(const grpc::GenericCallbackServerContext& incoming,
                                 grpc::ClientContext& outgoing, std::string* caller) const {
  const absl::Time now = absl::Now();
  absl::StatusOr<auth::v1::Principal> principal = Authenticate(incoming, now);
  if (!principal.ok()) return principal.status();

  const std::string& method = incoming.method();
  std::vector<std::string> roles(principal->roles().begin(), principal->roles().end());
  if (!permissions_.Allows(method, roles)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, "gateway.crm", "METHOD_NOT_ALLOWED",
        crm::StrCat("role ", absl::StrJoin(roles, ", "), " may not call ", method.substr(1)),
        {{"method", method}});
  }

  // The service logs and answers under the same request id as the gateway.
  const std::string request_id(server::RequestId(incoming));
  outgoing.AddMetadata(std::string(server::kRequestIdKey), request_id);
  principal->set_request_id(request_id);
  auth::SetExpireTime(*principal, now + principal_ttl_);
  auth::AttachPrincipal(outgoing, signer_, *principal);
  *caller = principal->user();
  return absl::OkStatus();
}

}  // namespace crm::gateway
