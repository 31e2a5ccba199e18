#ifndef CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLES_STORE_H_
#define CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLES_STORE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/auth/data_scope.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "services/contract/rules/aging.h"

namespace crm::contract {

// Whose open milestones to sum: exactly one target, always within the
// caller's data scope (MilestoneInScope), as of `today`, in one currency.
struct ReceivablesQuery {
  enum class Target { kContract, kCustomer, kGroup, kOrgUnit };
  Target target = Target::kContract;
  std::string contract_id;  // kContract: lower-case UUID
  std::string customer_id;  // kCustomer: lower-case UUID
  int64_t node_id = 0;      // kGroup: the hierarchy node whose subtree's customers count
  std::string org_unit;     // kOrgUnit: "orgUnits/{id}"
  std::string currency_code = "CNY";
  absl::CivilDay today;
};

// The open milestones' figures (receivable and outstanding > 0), in
// `currency_code` only; milestones in other currencies are only counted.
struct OpenFigures {
  struct Bucket {
    int64_t amount = 0;
    int64_t count = 0;
  };
  int64_t receivable = 0;  // Σ outstanding, due or not
  int64_t open_count = 0;
  int64_t overdue = 0;  // Σ outstanding of those past due (due before today)
  int64_t overdue_count = 0;
  int32_t max_days_overdue = 0;
  int64_t other_currency_count = 0;
  std::array<Bucket, kAgingBuckets.size()> buckets{};  // kAgingBuckets' order
};

// Receivables and aging as one aggregate statement per target over
// contract.payment_milestones, whose rows copy their contract's customer,
// signing org unit (and path), currency and receivable flag so nothing else
// is joined but the target's own lookup:
//   contract  m.contract_id = $1 (the primary key)
//   customer  m.customer_id = $1 (payment_milestones_open_customer, covering)
//   group     the customers of node $1's subtree in replica_group_nodes
//             (replicas::GroupSubtreePredicate), joined to
//             payment_milestones_open_customer
//   org unit  contracts signed in the unit's subtree (signing_org_unit_path,
//             payment_milestones_open_path) or of customers the unit itself
//             owns or serves (replica_customers: the replica knows no owner
//             paths, so a customer owned by a unit below it counts through
//             its contracts' signing unit only)
// PostgreSQL sums with FILTER clauses into every figure and bucket in one
// pass (bucket bounds from kAgingBuckets); no row reaches C++.
class ReceivablesStore final {
 public:
  explicit ReceivablesStore(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  // The figures of `query` over the milestones `scope` covers. NOT_FOUND
  // (NODE_NOT_FOUND) for a group node the replica does not know;
  // OUT_OF_RANGE (money.crm MONEY_OVERFLOW) for a sum beyond int64.
  absl::StatusOr<OpenFigures> Compute(const auth::DataScope& scope, const ReceivablesQuery& query);

  // The SQL of a target, for EXPLAIN in tests and the bench.
  static std::string SqlFor(ReceivablesQuery::Target target);

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RECEIVABLES_RECEIVABLES_STORE_H_
