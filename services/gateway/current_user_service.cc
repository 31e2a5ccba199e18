#include "services/gateway/current_user_service.h"

#include "absl/time/clock.h"
#include "libs/status/status.h"

namespace crm::gateway {

grpc::ServerUnaryReactor* CurrentUserService::GetCurrentUser(
    grpc::CallbackServerContext* context, const v1::GetCurrentUserRequest*,
    v1::CurrentUser* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<auth::v1::Principal> principal = policy_.Authenticate(*context, absl::Now());
  if (!principal.ok()) {
    reactor->Finish(status::ToGrpc(principal.status()));
    return reactor;
  }
  response->set_user(principal->user());
  response->set_org_unit(principal->org_unit());
  *response->mutable_org_unit_path() = principal->org_unit_path();
  *response->mutable_roles() = principal->roles();
  response->set_global_scope(principal->global_scope());
  *response->mutable_scope_org_units() = principal->scope_org_units();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace crm::gateway
