#include "libs/auth/strategy_centre.h"

#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::auth {

bool IsStrategyCentre(const v1::Principal& principal) {
  return HasRole(principal, kRoleStrategy) && ScopeOf(principal).all;
}

absl::Status RequireStrategyCentre(const v1::Principal& principal, std::string_view error_domain,
                                   std::string_view what) {
  if (IsStrategyCentre(principal)) return absl::OkStatus();
  const bool below_hq = HasRole(principal, kRoleStrategy);
  return status::Error(
      absl::StatusCode::kPermissionDenied, error_domain, kReasonStrategyRoleRequired,
      below_hq
          ? crm::StrCat(principal.user(), " holds the strategy role at ", principal.org_unit(),
                        ", below HQ; only HQ's strategy centre may ", what)
          : crm::StrCat(principal.user(),
                        " does not hold the strategy role; only HQ's strategy centre may ", what),
      {{"user", principal.user()}, {"role", kRoleStrategy}});
}

}  // namespace crm::auth
