#ifndef CRM_LIBS_AUTH_STRATEGY_CENTRE_H_
#define CRM_LIBS_AUTH_STRATEGY_CENTRE_H_

#include <string_view>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// ErrorInfo reason of RequireStrategyCentre's refusal.
inline constexpr char kReasonStrategyRoleRequired[] = "STRATEGY_ROLE_REQUIRED";

// HQ's customer-strategy centre (客户战略管理中心): the strategy role
// granted at HQ, that is with a global scope. The same role granted below
// HQ is not the centre.
bool IsStrategyCentre(const v1::Principal& principal);

// OK for the strategy centre; else PERMISSION_DENIED STRATEGY_ROLE_REQUIRED
// (in `error_domain`) saying whether the caller lacks the role or holds it
// below HQ, and that only the centre may do `what` ("approve an
// attribution").
absl::Status RequireStrategyCentre(const v1::Principal& principal, std::string_view error_domain,
                                   std::string_view what);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_STRATEGY_CENTRE_H_
