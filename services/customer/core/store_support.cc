#include "services/customer/core/store_support.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/sql_scope.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

constexpr char kLockInScope[] = "customer.lock_in_scope";
constexpr char kInScope[] = "customer.in_scope";
constexpr char kExists[] = "customer.exists";
constexpr char kInsertHistory[] = "customer.insert_history";

// $2: the caller sees everything (HQ); $3: org units whose customers they
// serve.
const std::string& ScopeSql() {
  static const std::string sql = CustomerScopeSql(2, 3);
  return sql;
}

const std::string& LockInScopeSql() {
  static const std::string sql =
      crm::StrCat("SELECT c.version FROM customer.customers c WHERE c.id = $1::uuid AND ",
                  ScopeSql(), " FOR UPDATE OF c");
  return sql;
}

const std::string& InScopeSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", ScopeSql(), " FROM customer.customers c WHERE c.id = $1::uuid");
  return sql;
}

constexpr char kExistsSql[] = "SELECT 1 FROM customer.customers WHERE id = $1::uuid";

// One row per entry; entries of many customers in one statement.
constexpr char kInsertHistorySql[] = R"sql(
  INSERT INTO customer.history
    (customer_id, resource, actor, actor_org_unit, method, request_id,
     field, old_value, new_value)
  SELECT e.customer_id, e.resource, $1, $2, $3, $4, e.field, e.old_value, e.new_value
  FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS e(customer_id, resource, field, old_value, new_value, n)
  ORDER BY e.n)sql";

absl::Status OutOfScope(const std::string& id) {
  const std::string name = crm::StrCat("customers/", id);
  return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "OUT_OF_DATA_SCOPE",
                       crm::StrCat(name,
                                   " is not owned or served by your org unit; ask its "
                                   "owner to add your org unit to the account team"),
                       {{"customer", name}});
}

absl::Status Diagnose(pqxx::transaction_base& tx, const std::string& id) {
  if (tx.exec_prepared(kExists, id).empty()) return CustomerNotFound(id);
  return OutOfScope(id);
}

}  // namespace

// A customer is in scope when its owner or an account-team member is one of
// the scope's org units.
std::string CustomerScopeSql(int all_param, int org_units_param) {
  return auth::ScopePredicate({.row_id = "c.id",
                               .owner_org_unit = "c.owner_org_unit",
                               .member_table = "customer.account_team",
                               .member_row_id = "customer_id",
                               .member_org_unit = "org_unit"},
                              all_param, org_units_param);
}

std::string ByteaArrayLiteral(const std::vector<std::string>& values) {
  std::vector<std::string> hex;
  for (const std::string& value : values) {
    hex.push_back(crm::StrCat("\\x", absl::BytesToHexString(value)));
  }
  return auth::TextArrayLiteral(hex);
}

std::vector<pg::PreparedStatement> SupportStatements() {
  return {{kLockInScope, LockInScopeSql()},
          {kInScope, InScopeSql()},
          {kExists, kExistsSql},
          {kInsertHistory, kInsertHistorySql}};
}

absl::Status CustomerNotFound(const std::string& id) {
  const std::string name = crm::StrCat("customers/", id);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"customer", name}});
}

absl::Status MergedCustomerError(const v1::Customer& customer) {
  return status::Error(
      absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
      crm::StrCat(customer.name(), " was merged into ", customer.merged_into(), "; use ",
                  customer.merged_into(), " (UnmergeCustomer restores it)"),
      {{"customer", customer.name()}, {"mergedInto", customer.merged_into()}});
}

absl::StatusOr<int64_t> LockInScope(pqxx::work& tx, const MutationContext& context,
                                    const std::string& id) {
  const pqxx::result rows =
      tx.exec_prepared(kLockInScope, id, context.scope_all, context.scope_org_units);
  if (rows.empty()) return Diagnose(tx, id);
  return rows[0][0].as<int64_t>();
}

bool InScope(pqxx::transaction_base& tx, const MutationContext& context, const std::string& id) {
  const pqxx::result rows =
      tx.exec_prepared(kInScope, id, context.scope_all, context.scope_org_units);
  return !rows.empty() && rows[0][0].as<bool>();
}

absl::Status RequireReadScope(pqxx::transaction_base& tx, const MutationContext& context,
                              const std::string& id) {
  const pqxx::result rows =
      tx.exec_prepared(kInScope, id, context.scope_all, context.scope_org_units);
  if (rows.empty()) return CustomerNotFound(id);
  if (!rows[0][0].as<bool>()) return OutOfScope(id);
  return absl::OkStatus();
}

void WriteHistory(pqxx::work& tx, const MutationContext& context,
                  std::span<const HistoryOfResource> written) {
  std::vector<std::string> customers, resources, fields, old_values, new_values;
  for (const HistoryOfResource& entry : written) {
    for (const FieldChange& change : entry.changes) {
      customers.push_back(entry.customer_id);
      resources.push_back(entry.resource);
      fields.push_back(change.field);
      old_values.push_back(change.old_value);
      new_values.push_back(change.new_value);
    }
  }
  if (fields.empty()) return;
  tx.exec_prepared(kInsertHistory, context.actor, context.actor_org_unit, context.method,
                   context.request_id, auth::TextArrayLiteral(customers),
                   auth::TextArrayLiteral(resources), auth::TextArrayLiteral(fields),
                   auth::TextArrayLiteral(old_values), auth::TextArrayLiteral(new_values));
}

void WriteHistory(pqxx::work& tx, const MutationContext& context, const std::string& customer_id,
                  const std::string& resource, const std::vector<FieldChange>& changes) {
  const HistoryOfResource entry{customer_id, resource, changes};
  WriteHistory(tx, context, std::span<const HistoryOfResource>(&entry, 1));
}

}  // namespace crm::customer
