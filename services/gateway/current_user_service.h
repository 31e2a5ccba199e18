#ifndef CRM_SERVICES_GATEWAY_CURRENT_USER_SERVICE_H_
#define CRM_SERVICES_GATEWAY_CURRENT_USER_SERVICE_H_

#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "services/gateway/call_policy.h"

namespace crm::gateway {

// The part of crm.gateway.v1.OrgService the gateway answers itself today:
// GetCurrentUser, the caller as the gateway resolved them (what
// `crmctl login` and `crmctl whoami` show). The org units, users and audit
// methods are not built yet and answer UNIMPLEMENTED.
class CurrentUserService final : public v1::OrgService::CallbackService {
 public:
  explicit CurrentUserService(const CallPolicy& policy) : policy_(policy) {}

  grpc::ServerUnaryReactor* GetCurrentUser(grpc::CallbackServerContext* context,
                                           const v1::GetCurrentUserRequest* request,
                                           v1::CurrentUser* response) override;

 private:
  const CallPolicy& policy_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_CURRENT_USER_SERVICE_H_
