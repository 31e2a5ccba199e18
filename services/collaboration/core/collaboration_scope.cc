#include "services/collaboration/core/collaboration_scope.h"

#include "absl/strings/str_cat.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "services/collaboration/core/collaboration_database.h"

namespace crm::collaboration {

// PostgreSQL tests an OR's arms left to right: the row's own columns come
// before the customer replica's EXISTS.
std::string RequestInScope(int all_param, int org_units_param) {
  return absl::StrCat("($", all_param, "::boolean OR r.requesting_org_unit = ANY($",
                      org_units_param, "::text[]) OR r.participant_org_units && $", org_units_param,
                      "::text[] OR ",
                      replicas::CustomerInScopeSql(kCollaborationSchema, "r.customer_id", all_param,
                                                   org_units_param),
                      ")");
}

std::string AttributionInScope(int all_param, int org_units_param) {
  return absl::StrCat("($", all_param, "::boolean OR a.owner_org_unit = ANY($", org_units_param,
                      "::text[]) OR a.contributor_org_units && $", org_units_param, "::text[])");
}

std::string CustomerInScope(const char* column, int all_param, int org_units_param) {
  return replicas::CustomerInScopeSql(kCollaborationSchema, column, all_param, org_units_param);
}

}  // namespace crm::collaboration
