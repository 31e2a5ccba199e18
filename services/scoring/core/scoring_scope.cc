#include "services/scoring/core/scoring_scope.h"

#include "libs/auth/data_scope.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/replicas/customer/replicated_customer.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_database.h"

namespace crm::scoring {
namespace {

constexpr char kVisible[] = "scoring.scope_customer_visible";

const std::string& VisibleSql() {
  static const std::string sql =
      // Not aliased rc: the scope predicate's own subquery is, and would
      // then compare its row with itself.
      crm::StrCat("SELECT c.state, coalesce(c.merged_into::text, ''), ",
                  CustomerInScope("c.customer_id", 2, 3),
                  " FROM scoring.replica_customers c WHERE c.customer_id = $1::uuid");
  return sql;
}

}  // namespace

std::string CustomerInScope(std::string_view customer_id_column, int all_param,
                            int org_units_param) {
  return replicas::CustomerInScopeSql(kScoringSchema, customer_id_column, all_param,
                                      org_units_param);
}

absl::Status CustomerUnreachable(const auth::v1::Principal& principal,
                                 const std::string& customer_id) {
  const std::string name = names::CustomerName(customer_id);
  if (auth::ScopeOf(principal).all) {
    return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonCustomerNotFound,
                         crm::StrCat(name, " does not exist"), {{"customer", name}});
  }
  return status::Error(absl::StatusCode::kPermissionDenied, kErrorDomain, kReasonCustomerNotInScope,
                       crm::StrCat(name, " is not among the customers ", principal.user(),
                                   " may see (those owned or served by org units in the scope of ",
                                   principal.org_unit(), "), or does not exist"),
                       {{"customer", name}, {"user", principal.user()}});
}

absl::Status CheckCustomerVisible(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const std::string& customer_id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::result rows = tx.exec_prepared(kVisible, customer_id, scope.all, scope.org_units);
  if (rows.empty() || !rows[0][2].as<bool>()) return CustomerUnreachable(principal, customer_id);
  if (rows[0][0].as<int>() == static_cast<int>(replicas::CustomerState::kMerged)) {
    const std::string name = names::CustomerName(customer_id);
    const std::string survivor = names::CustomerName(rows[0][1].as<std::string>());
    return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonCustomerMerged,
                         crm::StrCat(name, " was merged into ", survivor, "; use ", survivor),
                         {{"customer", name}, {"mergedInto", survivor}});
  }
  return absl::OkStatus();
}

absl::Status StoreCustomer(const ScoringContext& context, const std::string& customer_id) {
  if (context.customers == nullptr) return absl::OkStatus();
  absl::StatusOr<replicas::ReplicatedCustomer> customer = context.customers->Get(customer_id);
  if (customer.ok() || customer.status().code() == absl::StatusCode::kNotFound) {
    return absl::OkStatus();
  }
  return customer.status();
}

absl::Status CheckCustomerVisible(const ScoringContext& context,
                                  const auth::v1::Principal& principal,
                                  const std::string& customer_id) {
  if (absl::Status stored = StoreCustomer(context, customer_id); !stored.ok()) return stored;
  return pg::RunReadOnly(
      *context.pool,
      [&](pqxx::nontransaction& tx) { return CheckCustomerVisible(tx, principal, customer_id); },
      "scoring.customer_visible");
}

std::vector<pg::PreparedStatement> ScopeStatements() { return {{kVisible, VisibleSql()}}; }

}  // namespace crm::scoring
