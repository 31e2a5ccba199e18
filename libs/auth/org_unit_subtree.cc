#include "libs/auth/org_unit_subtree.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/data_scope.h"
#include "libs/status/status.h"

namespace crm::auth {

absl::StatusOr<OrgUnitSubtree> OrgUnitAndBelow(const v1::Principal& principal,
                                               const std::string& unit, std::string_view domain) {
  const DataScope scope = ScopeOf(principal);
  if (!scope.Contains(unit)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, domain, "ORG_UNIT_NOT_IN_SCOPE",
        absl::StrCat(unit, " is outside the data scope of ", principal.user(), " (",
                     principal.org_unit(), "): name your own org unit or one below it"),
        {{"orgUnit", unit}, {"user", principal.user()}});
  }
  OrgUnitSubtree subtree;
  if (unit == principal.org_unit()) {
    subtree.everything = scope.all;
    if (!scope.all) subtree.org_units = scope.org_units;
    return subtree;
  }
  subtree.org_units = {unit};
  return subtree;
}

}  // namespace crm::auth
