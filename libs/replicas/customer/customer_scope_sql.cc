#include "libs/replicas/customer/customer_scope_sql.h"

#include "libs/auth/sql_scope.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {

std::string CustomerInScopeSql(std::string_view schema, std::string_view customer_column,
                               int all_param, int org_units_param) {
  const std::string org_units = crm::StrCat("$", org_units_param, "::text[]");
  return crm::StrCat("($", all_param, "::boolean OR EXISTS (SELECT 1 FROM ", schema,
                     ".replica_customers rc WHERE rc.customer_id = ", customer_column,
                     " AND (rc.owner_org_unit = ANY(", org_units, ") OR rc.account_team && ",
                     org_units, ")))");
}

CustomerScopeParams ScopeParamsOf(const auth::DataScope& scope) {
  return {.all = scope.all, .org_units = auth::TextArrayLiteral(scope.org_units)};
}

}  // namespace crm::replicas
