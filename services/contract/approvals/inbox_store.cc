#include "services/contract/approvals/inbox_store.h"

#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/auth/sql_scope.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_scope.h"
#include "services/contract/rules/approval_policy.h"

namespace crm::contract {
namespace {

constexpr char kInbox[] = "contract.inbox";

// $1, $2 the scope; $3 the caller's approver roles; $4 the caller; ($5, $6)
// the cursor; $7 the limit. The pending contracts come from the partial
// index contracts_pending in submission order.
const std::string& InboxSql() {
  static const std::string sql = crm::StrCat(
      "SELECT c.id::text, (extract(epoch FROM c.submit_time) * 1000000)::bigint"
      " FROM contract.contracts c"
      " JOIN contract.approval_steps s ON s.contract_id = c.id AND s.sequence ="
      "   (SELECT min(x.sequence) FROM contract.approval_steps x"
      "    WHERE x.contract_id = c.id AND x.outcome = 0)"
      " WHERE c.state = 2 AND s.role = ANY($3::text[]) AND c.submitter <> $4 AND ",
      ContractInScope(1, 2),
      " AND ($5::bigint = 0 OR (c.submit_time, c.id) > ('epoch'::timestamptz + $5::bigint *"
      " interval '1 microsecond', NULLIF($6, '')::uuid))"
      " ORDER BY c.submit_time, c.id LIMIT $7");
  return sql;
}

}  // namespace

std::vector<pg::PreparedStatement> InboxStatements() { return {{kInbox, InboxSql()}}; }

std::vector<InboxEntry> ReadInbox(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const InboxCursor& after, int limit) {
  std::vector<std::string> roles;
  for (const char* role : kApproverRoles) {
    if (auth::HasRole(principal, role)) roles.emplace_back(role);
  }
  std::vector<InboxEntry> entries;
  if (roles.empty()) return entries;
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  for (const pqxx::row& row :
       tx.exec_prepared(kInbox, scope.all, scope.org_units, auth::TextArrayLiteral(roles),
                        principal.user(), after.submit_micros, after.id, limit)) {
    entries.push_back({.id = row[0].as<std::string>(), .submit_micros = row[1].as<int64_t>()});
  }
  return entries;
}

}  // namespace crm::contract
