#include "services/contract/core/contract_scope.h"

#include "absl/strings/str_cat.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "services/contract/core/contract_database.h"

namespace crm::contract {
namespace {

// PostgreSQL tests an OR's arms left to right: the row's own column comes
// before the customer replica's EXISTS.
std::string RowInScope(const char* alias, int all_param, int org_units_param) {
  const std::string customer = absl::StrCat(alias, ".customer_id");
  return absl::StrCat(
      "($", all_param, "::boolean OR ", alias, ".signing_org_unit = ANY($", org_units_param,
      "::text[]) OR ",
      replicas::CustomerInScopeSql(kContractSchema, customer, all_param, org_units_param), ")");
}

}  // namespace

std::string CustomerInScope(const char* column, int all_param, int org_units_param) {
  return replicas::CustomerInScopeSql(kContractSchema, column, all_param, org_units_param);
}

std::string ContractInScope(int all_param, int org_units_param) {
  return RowInScope("c", all_param, org_units_param);
}

std::string MilestoneInScope(int all_param, int org_units_param) {
  return RowInScope("m", all_param, org_units_param);
}

}  // namespace crm::contract
