#ifndef CRM_SERVICES_GATEWAY_ORG_SERVICE_H_
#define CRM_SERVICES_GATEWAY_ORG_SERVICE_H_

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/gateway/directory.h"
#include "services/gateway/org_store.h"

namespace crm::gateway {

// crm.gateway.v1.OrgService: the seller organisation's admin API. It sits
// behind the gateway like every service (the gateway checked the caller's
// token and the permission map, and signed the principal it verifies here);
// this adds the field checks and the reach of org admins (org_rules.h), and
// reloads the directory after each change so the next call sees it.
class OrgService final : public v1::OrgService::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  OrgService(OrgStore& store, Directory& directory, const auth::PrincipalVerifier& verifier,
             const pagination::PageTokenCodec& page_tokens)
      : store_(store), directory_(directory), verifier_(verifier), page_tokens_(page_tokens) {}

  Reactor* GetCurrentUser(Context*, const v1::GetCurrentUserRequest*, v1::CurrentUser*) override;
  Reactor* CreateOrgUnit(Context*, const v1::CreateOrgUnitRequest*, v1::OrgUnit*) override;
  Reactor* GetOrgUnit(Context*, const v1::GetOrgUnitRequest*, v1::OrgUnit*) override;
  Reactor* ListOrgUnits(Context*, const v1::ListOrgUnitsRequest*,
                        v1::ListOrgUnitsResponse*) override;
  Reactor* UpdateOrgUnit(Context*, const v1::UpdateOrgUnitRequest*, v1::OrgUnit*) override;
  Reactor* DeleteOrgUnit(Context*, const v1::DeleteOrgUnitRequest*,
                         v1::DeleteOrgUnitResponse*) override;
  Reactor* CreateUser(Context*, const v1::CreateUserRequest*, v1::User*) override;
  Reactor* GetUser(Context*, const v1::GetUserRequest*, v1::User*) override;
  Reactor* ListUsers(Context*, const v1::ListUsersRequest*, v1::ListUsersResponse*) override;
  Reactor* UpdateUser(Context*, const v1::UpdateUserRequest*, v1::User*) override;
  Reactor* ListAuditEntries(Context*, const v1::ListAuditEntriesRequest*,
                            v1::ListAuditEntriesResponse*) override;

 private:
  // After a committed change: the gateway's own calls see it at once.
  void Changed();

  OrgStore& store_;
  Directory& directory_;
  const auth::PrincipalVerifier& verifier_;
  const pagination::PageTokenCodec& page_tokens_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_ORG_SERVICE_H_
