#include "services/opportunity/core/opportunity_scope.h"

#include "absl/strings/str_cat.h"
#include "libs/replicas/customer/customer_scope_sql.h"

namespace crm::opportunity {

// PostgreSQL tests an OR's arms left to right: the row's own columns come
// before the customer replica's EXISTS, which would otherwise be probed (or
// hashed over every replicated customer) for rows the cheap arms already let
// through (bench/README.md, "What limits the pipeline figures").

std::string CustomerInScope(const char* column, int all_param, int org_units_param) {
  return replicas::CustomerInScopeSql("opportunity", column, all_param, org_units_param);
}

std::string OpportunityInScope(int all_param, int org_units_param) {
  const std::string units = absl::StrCat("$", org_units_param, "::text[]");
  return absl::StrCat("($", all_param, "::boolean OR o.owner_org_unit = ANY(", units,
                      ") OR o.collaborating_org_units && ", units, " OR ",
                      CustomerInScope("o.customer_id", all_param, org_units_param), ")");
}

std::string ActivityInScope(int all_param, int org_units_param) {
  const std::string units = absl::StrCat("$", org_units_param, "::text[]");
  return absl::StrCat("(", CustomerInScope("a.customer_id", all_param, org_units_param),
                      " OR EXISTS (SELECT 1 FROM opportunity.opportunities ao WHERE ao.id = "
                      "a.opportunity_id AND (ao.owner_org_unit = ANY(",
                      units, ") OR ao.collaborating_org_units && ", units, ")))");
}

}  // namespace crm::opportunity
