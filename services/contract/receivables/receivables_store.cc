#include "services/contract/receivables/receivables_store.h"

#include <string_view>

#include "absl/strings/numbers.h"
#include "libs/auth/sql_scope.h"
#include "libs/money/errors.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_database.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"
#include "services/contract/core/contract_scope.h"
#include "services/contract/receivables/org_unit_target.h"

namespace crm::contract {
namespace {

constexpr char kOfContract[] = "contract.receivables_of_contract";
constexpr char kOfCustomer[] = "contract.receivables_of_customer";
constexpr char kOfGroup[] = "contract.receivables_of_group";
constexpr char kOfOrgUnit[] = "contract.receivables_of_org_unit";
constexpr char kNodeKnown[] = "contract.receivables_node_known";
constexpr char kNodeKnownSql[] =
    "SELECT EXISTS (SELECT 1 FROM contract.replica_group_nodes WHERE node_id = $1::bigint)";

// $1 the target, $2 $3 the scope, $4 today, $5 the currency summed. Sums
// come back as text (numeric: exact at any size) and are checked into
// int64 here.
std::string FiguresSql(std::string_view target) {
  constexpr char kIn[] = "m.currency_code = $5";
  const std::string past = crm::StrCat(kIn, " AND m.due_date < $4::date");
  std::string sql = crm::StrCat(
      "SELECT count(*) FILTER (WHERE m.currency_code <> $5),"
      " count(*) FILTER (WHERE ",
      kIn, "), coalesce(sum(m.outstanding_minor) FILTER (WHERE ", kIn,
      "), 0)::text, count(*) FILTER (WHERE ", past,
      "), coalesce(sum(m.outstanding_minor) FILTER (WHERE ", past,
      "), 0)::text, coalesce(max($4::date - m.due_date) FILTER (WHERE ", past, "), 0)");
  for (const AgingBucketSpec& bucket : kAgingBuckets) {
    // days = today - due in [min, max]  <=>  due in [today - max, today - min]
    std::string in_bucket = crm::StrCat(kIn, " AND m.due_date <= $4::date - ", bucket.min_days);
    if (bucket.max_days != 0) {
      crm::StrAppend(&in_bucket, " AND m.due_date >= $4::date - ", bucket.max_days);
    }
    crm::StrAppend(&sql, ", count(*) FILTER (WHERE ", in_bucket,
                   "), coalesce(sum(m.outstanding_minor) FILTER (WHERE ", in_bucket, "), 0)::text");
  }
  // The partial indexes' own predicate, written as they are.
  crm::StrAppend(&sql,
                 " FROM contract.payment_milestones m"
                 " WHERE m.receivable AND m.outstanding_minor > 0 AND ",
                 target, " AND ", MilestoneInScope(2, 3));
  return sql;
}

std::string TargetSql(ReceivablesQuery::Target target) {
  switch (target) {
    case ReceivablesQuery::Target::kContract:
      return "m.contract_id = $1::uuid";
    case ReceivablesQuery::Target::kCustomer:
      return "m.customer_id = $1::uuid";
    case ReceivablesQuery::Target::kGroup:
      return replicas::GroupSubtreePredicate(kContractSchema, "m.customer_id", 1);
    case ReceivablesQuery::Target::kOrgUnit:
      return OrgUnitTargetSql("m", 1);
  }
  return "false";
}

// A numeric sum as int64 minor units, or OUT_OF_RANGE.
absl::StatusOr<int64_t> Fen(const pqxx::field& field, std::string_view what) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(field.c_str(), &value)) {
    return status::Error(absl::StatusCode::kOutOfRange, money::kErrorDomain, "MONEY_OVERFLOW",
                         crm::StrCat("the ", what,
                                     " does not fit in 64-bit minor units: ask for a narrower "
                                     "target"),
                         {{"figure", std::string(what)}});
  }
  return value;
}

absl::StatusOr<OpenFigures> FiguresOf(const pqxx::row& row) {
  OpenFigures figures;
  figures.other_currency_count = row[0].as<int64_t>();
  figures.open_count = row[1].as<int64_t>();
  absl::StatusOr<int64_t> receivable = Fen(row[2], "receivable amount");
  if (!receivable.ok()) return receivable.status();
  figures.receivable = *receivable;
  figures.overdue_count = row[3].as<int64_t>();
  absl::StatusOr<int64_t> overdue = Fen(row[4], "overdue amount");
  if (!overdue.ok()) return overdue.status();
  figures.overdue = *overdue;
  figures.max_days_overdue = row[5].as<int32_t>();
  for (size_t i = 0; i < kAgingBuckets.size(); ++i) {
    const int column = 6 + 2 * static_cast<int>(i);
    figures.buckets[i].count = row[column].as<int64_t>();
    absl::StatusOr<int64_t> amount =
        Fen(row[column + 1], crm::StrCat(kAgingBuckets[i].label, " days bucket"));
    if (!amount.ok()) return amount.status();
    figures.buckets[i].amount = *amount;
  }
  return figures;
}

const char* StatementOf(ReceivablesQuery::Target target) {
  switch (target) {
    case ReceivablesQuery::Target::kContract:
      return kOfContract;
    case ReceivablesQuery::Target::kCustomer:
      return kOfCustomer;
    case ReceivablesQuery::Target::kGroup:
      return kOfGroup;
    case ReceivablesQuery::Target::kOrgUnit:
      return kOfOrgUnit;
  }
  return kOfContract;
}

}  // namespace

std::string ReceivablesStore::SqlFor(ReceivablesQuery::Target target) {
  return FiguresSql(TargetSql(target));
}

std::vector<pg::PreparedStatement> ReceivablesStore::Statements() {
  using Target = ReceivablesQuery::Target;
  // The statements' text lives as long as the process (PreparedStatement
  // holds views).
  static const std::string* const sql =
      new std::string[4]{SqlFor(Target::kContract), SqlFor(Target::kCustomer),
                         SqlFor(Target::kGroup), SqlFor(Target::kOrgUnit)};
  return {{kOfContract, sql[0]},
          {kOfCustomer, sql[1]},
          {kOfGroup, sql[2]},
          {kOfOrgUnit, sql[3]},
          {kNodeKnown, kNodeKnownSql}};
}

absl::StatusOr<OpenFigures> ReceivablesStore::Compute(const auth::DataScope& scope,
                                                      const ReceivablesQuery& query) {
  using Target = ReceivablesQuery::Target;
  OpenFigures figures;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        // One aggregate over up to hundreds of thousands of index entries:
        // JIT compiling it costs more than it saves.
        tx.exec0("SET LOCAL jit = off");
        tx.exec0("SET LOCAL work_mem = '64MB'");
        std::string target;
        switch (query.target) {
          case Target::kContract:
            target = query.contract_id;
            break;
          case Target::kCustomer:
            target = query.customer_id;
            break;
          case Target::kOrgUnit:
            target = query.org_unit;
            break;
          case Target::kGroup:
            target = crm::StrCat(query.node_id);
            if (!tx.exec_prepared1(kNodeKnown, target)[0].as<bool>()) {
              const std::string node = names::NodeName(query.node_id);
              return status::Error(absl::StatusCode::kNotFound, kDomain, "NODE_NOT_FOUND",
                                   crm::StrCat(node, " is no customer-group node known here"),
                                   {{"group", node}});
            }
            break;
        }
        const pqxx::row row = tx.exec_prepared1(StatementOf(query.target), target, scope.all,
                                                auth::TextArrayLiteral(scope.org_units),
                                                DayParam(query.today), query.currency_code);
        absl::StatusOr<OpenFigures> computed = FiguresOf(row);
        if (!computed.ok()) return computed.status();
        figures = *computed;
        return absl::OkStatus();
      },
      {.operation = "contract.receivables"});
  if (!status.ok()) return status;
  return figures;
}

}  // namespace crm::contract
