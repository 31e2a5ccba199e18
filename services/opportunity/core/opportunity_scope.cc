#include "services/opportunity/core/opportunity_scope.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace crm::opportunity {

std::string CustomerInScope(const char* column, int all_param, int org_units_param) {
  return absl::StrReplaceAll(
      "($A::boolean OR EXISTS (SELECT 1 FROM opportunity.replica_customers rc "
      "WHERE rc.customer_id = COLUMN AND (rc.owner_org_unit = ANY($O::text[]) "
      "OR rc.account_team && $O::text[])))",
      {{"COLUMN", column},
       {"$A", absl::StrCat("$", all_param)},
       {"$O", absl::StrCat("$", org_units_param)}});
}

std::string OpportunityInScope(int all_param, int org_units_param) {
  const std::string units = absl::StrCat("$", org_units_param, "::text[]");
  return absl::StrCat("(", CustomerInScope("o.customer_id", all_param, org_units_param),
                      " OR o.owner_org_unit = ANY(", units, ") OR o.collaborating_org_units && ",
                      units, ")");
}

std::string ActivityInScope(int all_param, int org_units_param) {
  const std::string units = absl::StrCat("$", org_units_param, "::text[]");
  return absl::StrCat("(", CustomerInScope("a.customer_id", all_param, org_units_param),
                      " OR EXISTS (SELECT 1 FROM opportunity.opportunities ao WHERE ao.id = "
                      "a.opportunity_id AND (ao.owner_org_unit = ANY(",
                      units, ") OR ao.collaborating_org_units && ", units, ")))");
}

}  // namespace crm::opportunity
