#include "services/opportunity/stale/stale_handlers.h"

#include <string>
#include <utility>
#include <vector>

#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {

absl::Status StaleHandlers::ListStaleOpportunities(const request::Actor& actor,
                                                   const v1::ListStaleOpportunitiesRequest& request,
                                                   v1::ListStaleOpportunitiesResponse& response,
                                                   status::FieldViolations& violations) {
  StaleTarget target;
  if (!request.owner_user().empty() && !request.org_unit().empty()) {
    violations.Add("owner_user",
                   "owner_user: give one of owner_user and org_unit, or neither for your own");
  } else if (!request.owner_user().empty()) {
    const std::string id = names::UserIdOr(request.owner_user(), "owner_user", violations);
    if (!id.empty()) target.owner_user = names::UserName(id);
  } else if (!request.org_unit().empty()) {
    const std::string id = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    if (!id.empty()) target.org_unit = names::OrgUnitName(id);
  } else {
    target.owner_user = actor.principal.user();
  }
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListStaleOpportunities", target.owner_user, target.org_unit, actor.principal.user(),
       scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after =
      deps_.page_tokens->ResumeAfter(request.page_token(), fingerprint, 2,
                                     "ListStaleOpportunities call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  if (!target.org_unit.empty() && !scope.all && !scope.Contains(target.org_unit)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ORG_UNIT_OUT_OF_SCOPE",
                         crm::StrCat(target.org_unit,
                                     " is outside your data scope: ask for an org unit of your "
                                     "own subtree"),
                         {{"orgUnit", target.org_unit}});
  }

  absl::StatusOr<StalePage> page =
      deps_.store->List(scope, target, deps_.clock->Now(), after, page_size);
  if (!page.ok()) return page.status();
  for (v1::StaleOpportunity& stale : page->stale) {
    *response.add_stale_opportunities() = std::move(stale);
  }
  if (!page->last_key.empty()) {
    response.set_next_page_token(
        deps_.page_tokens->Encode(fingerprint, {.last_key = std::move(page->last_key)}));
  }
  return absl::OkStatus();
}

}  // namespace crm::opportunity
