#ifndef CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_SCOPE_SQL_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_SCOPE_SQL_H_

// The data scope of a service's rows that belong to a customer, decided in
// SQL by the customer replica in the service's own schema: a row is in scope
// when the caller sees everything, or its customer's owner org unit or an org
// unit of its account team is in the caller's scope. Usage, with DataScope
// `scope`:
//
//   constexpr char kSchema[] = "opportunity";
//   "SELECT ... FROM opportunity.opportunities o WHERE o.id = $1 AND " +
//       CustomerInScopeSql(kSchema, "o.customer_id", 2, 3)
//   -- bind $2 = scope.all, $3 = auth::TextArrayLiteral(scope.org_units)
//   -- (CustomerScopeParams(scope) gives both)
//
// A row whose customer has no replica row is in scope only for `all`: the
// service stores a customer (CustomerReplica::Get) before rows that name it.

#include <string>
#include <string_view>

#include "libs/auth/data_scope.h"

namespace crm::replicas {

// "($A::boolean OR EXISTS (SELECT 1 FROM <schema>.replica_customers rc
// WHERE rc.customer_id = <customer_column> AND (rc.owner_org_unit =
// ANY($O::text[]) OR rc.account_team && $O::text[])))" with A = all_param
// and O = org_units_param. `schema` and `customer_column` (alias included,
// a uuid column) are pasted into SQL: pass compile-time constants only,
// never input.
std::string CustomerInScopeSql(std::string_view schema, std::string_view customer_column,
                               int all_param, int org_units_param);

// The values to bind to the predicate's two parameters.
struct CustomerScopeParams {
  bool all = false;       // bind as $A
  std::string org_units;  // a text[] literal; bind as $O
};
CustomerScopeParams ScopeParamsOf(const auth::DataScope& scope);

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_SCOPE_SQL_H_
