#ifndef CRM_LIBS_AUTH_SQL_SCOPE_H_
#define CRM_LIBS_AUTH_SQL_SCOPE_H_

// The data scope as a SQL predicate with bound parameters, so the database
// filters rows before any leave it (a subsidiary cannot read another's
// customer by id). Usage, with DataScope `scope`:
//
//   constexpr ScopeColumns kCustomerScope{
//       .row_id = "c.id", .owner_org_unit = "c.owner_org_unit",
//       .member_table = "customer.account_team t",
//       .member_row_id = "t.customer_id", .member_org_unit = "t.org_unit"};
//   "SELECT ... FROM customer.customers c WHERE c.id = $1 AND " +
//       ScopePredicate(kCustomerScope, 2, 3)
//   -- bind $2 = scope.all, $3 = TextArrayLiteral(scope.org_units)

#include <string>
#include <string_view>
#include <vector>

namespace crm::auth {

// Column and table names as written in the statement, alias included. They
// are pasted into SQL: pass compile-time constants only, never input.
struct ScopeColumns {
  std::string_view row_id = {};           // "c.id"
  std::string_view owner_org_unit = {};   // "c.owner_org_unit"; empty: no owner
  std::string_view member_table = {};     // "customer.account_team t"; empty: none
  std::string_view member_row_id = {};    // "t.customer_id"
  std::string_view member_org_unit = {};  // "t.org_unit"
};

// "($A::boolean OR <owner> = ANY($O::text[]) OR EXISTS (SELECT 1 FROM
// <member_table> WHERE <member_row_id> = <row_id> AND <member_org_unit> =
// ANY($O::text[])))" with A = all_param and O = org_units_param; the owner
// and EXISTS arms are left out when their columns are empty.
std::string ScopePredicate(const ScopeColumns& columns, int all_param, int org_units_param);

// A PostgreSQL text[] literal, e.g. {"orgUnits/a","x \"y\""}, to bind as
// the org_units parameter. Every element is double-quoted, with quotes and
// backslashes escaped, so commas, braces, blanks, empty strings and words like
// NULL stay plain text.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_SQL_SCOPE_H_
