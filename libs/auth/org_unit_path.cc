#include "libs/auth/org_unit_path.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/data_scope.h"
#include "libs/status/status.h"

namespace crm::auth {

absl::StatusOr<std::vector<std::string>> OrgUnitPathFor(const v1::Principal& principal,
                                                        const std::string& unit,
                                                        std::string_view domain,
                                                        std::string_view rule) {
  std::vector<std::string> own(principal.org_unit_path().begin(), principal.org_unit_path().end());
  if (own.empty() || own.back() != principal.org_unit()) own.push_back(principal.org_unit());
  if (unit == principal.org_unit()) return own;
  const DataScope scope = ScopeOf(principal);
  if (!scope.all && !scope.Contains(unit)) {
    return status::Error(
        absl::StatusCode::kPermissionDenied, domain, "ORG_UNIT_NOT_IN_SCOPE",
        absl::StrCat(unit, " is not in the scope of ", principal.user(), " (", principal.org_unit(),
                     "); ", absl::string_view(rule.data(), rule.size())),
        {{"orgUnit", unit}, {"user", principal.user()}});
  }
  own.push_back(unit);
  return own;
}

}  // namespace crm::auth
