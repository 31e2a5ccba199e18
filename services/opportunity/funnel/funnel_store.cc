#include "services/opportunity/funnel/funnel_store.h"

#include <array>
#include <string>

#include "absl/strings/numbers.h"
#include "libs/auth/sql_scope.h"
#include "libs/money/errors.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/replicas/group/node_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/core/opportunity_scope.h"

namespace crm::opportunity {
namespace {

constexpr int kStages = 7;     // LEAD … LOST
constexpr int kWon = 6;        // v1::WON
constexpr int kReachable = 6;  // LEAD … WON: the stages furthest_stage counts
constexpr char kOfOrgUnit[] = "opportunity.funnel_of_org_unit";
constexpr char kOfCustomer[] = "opportunity.funnel_of_customer";
constexpr char kOfGroup[] = "opportunity.funnel_of_group";
constexpr char kNodeKnown[] = "opportunity.funnel_node_known";
constexpr char kNodeKnownSql[] =
    "SELECT EXISTS (SELECT 1 FROM opportunity.replica_group_nodes WHERE node_id = $1::bigint)";

// The result's columns: first the forecast group's, then the totals'.
constexpr int kGroupingColumn = 0;  // 0: a forecast row, 3: the totals row
constexpr int kMonthColumn = 1;
constexpr int kCategoryColumn = 2;
constexpr int kForecastCountColumn = 3;  // then amount, weighted
constexpr int kTotalColumn = 6;          // then other currency, cycle days sum, cycle count
constexpr int kStageColumns = 10;        // per stage: count, amount, weighted
constexpr int kReachedColumns = kStageColumns + 3 * kStages;  // per reachable stage
constexpr int kDaysColumns = kReachedColumns + kReachable;    // per reachable stage: sum, count

// The statement of one target: $1 the target, $2 $3 the scope, $4 $5 the
// first and last creation day, $6 the currency summed. Creation days are
// Asia/Shanghai's, bounds written as instants so the range is sargable.
std::string FunnelSql(std::string_view target) {
  std::string sql = crm::StrCat(
      "WITH f AS (SELECT o.stage, o.furthest_stage, o.stage_days, o.probability,"
      " o.forecast_category, o.currency_code = $6 AS summed,"
      " CASE WHEN o.currency_code = $6 THEN o.amount_minor ELSE 0 END AS amount,"
      " o.close_date - (o.create_time AT TIME ZONE 'Asia/Shanghai')::date AS cycle_days,"
      " CASE WHEN o.stage = 6 THEN to_char(o.close_date, 'YYYY-MM')"
      "   WHEN o.stage < 6 THEN to_char(o.expected_close_date, 'YYYY-MM') END AS month"
      " FROM opportunity.opportunities o WHERE ",
      target, " AND ", OpportunityInScope(2, 3),
      " AND o.create_time >= ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai')"
      " AND o.create_time < (($5::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))"
      " SELECT GROUPING(month, forecast_category), month, forecast_category,"
      " count(*) FILTER (WHERE stage <= 6),"
      " coalesce(sum(amount) FILTER (WHERE stage <= 6), 0),"
      " coalesce(round(sum(amount::numeric * probability) FILTER (WHERE stage <= 6) / 100), 0),"
      " count(*), count(*) FILTER (WHERE NOT summed),"
      " coalesce(sum(cycle_days) FILTER (WHERE stage >= 6), 0),"
      " count(cycle_days) FILTER (WHERE stage >= 6)");
  for (int stage = 1; stage <= kStages; ++stage) {
    crm::StrAppend(&sql, ", count(*) FILTER (WHERE stage = ", stage, "), coalesce(sum(amount)",
                   " FILTER (WHERE stage = ", stage, "), 0), coalesce(round(sum(amount::numeric",
                   " * probability) FILTER (WHERE stage = ", stage, ") / 100), 0)");
  }
  for (int stage = 1; stage <= kReachable; ++stage) {
    crm::StrAppend(&sql, ", count(*) FILTER (WHERE furthest_stage >= ", stage, ")");
  }
  for (int stage = 1; stage <= kReachable; ++stage) {
    const std::string left =
        crm::StrCat(" FILTER (WHERE furthest_stage >= ", stage, " AND stage <> ", stage, ")");
    crm::StrAppend(&sql, ", coalesce(sum(stage_days[", stage, "])", left, ", 0), count(*)", left);
  }
  crm::StrAppend(&sql,
                 " FROM f GROUP BY GROUPING SETS ((), (month, forecast_category))"
                 " ORDER BY 1, 2, 3");
  return sql;
}

struct Sql {
  std::string of_org_unit, of_customer, of_group;
};

const Sql& FunnelStatements() {
  static const Sql sql{
      .of_org_unit = FunnelSql("o.owner_org_unit_path @> ARRAY[$1::text]"),
      .of_customer = FunnelSql("o.customer_id = $1::uuid"),
      .of_group = FunnelSql(replicas::GroupSubtreePredicate("opportunity", "o.customer_id", 1)),
  };
  return sql;
}

// A sum PostgreSQL computed exactly (numeric) as int64 fen, or OUT_OF_RANGE.
absl::StatusOr<int64_t> Fen(const pqxx::field& field, std::string_view what) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(field.c_str(), &value)) {
    return status::Error(absl::StatusCode::kOutOfRange, money::kErrorDomain, "MONEY_OVERFLOW",
                         crm::StrCat("the funnel's ", what, " (", field.c_str(),
                                     " minor units) does not fit in 64 bits: narrow the funnel"),
                         {{"sum", field.c_str()}, {"figure", std::string(what)}});
  }
  return value;
}

common::v1::Money MoneyOf(const std::string& currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

int32_t BasisPoints(int64_t part, int64_t whole) {
  return whole == 0 ? 0 : static_cast<int32_t>(part * 10000 / whole);
}

double Mean(int64_t sum, int64_t count) {
  return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
}

absl::Status ReadTotals(const pqxx::row& row, const std::string& currency, v1::Funnel& funnel) {
  funnel.set_total_count(row[kTotalColumn].as<int64_t>());
  funnel.set_other_currency_count(row[kTotalColumn + 1].as<int64_t>());
  funnel.set_average_cycle_days(
      Mean(row[kTotalColumn + 2].as<int64_t>(), row[kTotalColumn + 3].as<int64_t>()));
  std::array<int64_t, kStages + 2> reached{};  // by stage number; [8] stays 0
  for (int stage = 1; stage <= kReachable; ++stage) {
    reached[stage] = row[kReachedColumns + stage - 1].as<int64_t>();
  }
  reached[kStages] = row[kStageColumns + 3 * (kStages - 1)].as<int64_t>();  // the lost ones
  for (int stage = 1; stage <= kStages; ++stage) {
    const int column = kStageColumns + 3 * (stage - 1);
    v1::FunnelStage& out = *funnel.add_stages();
    out.set_stage(static_cast<v1::Stage>(stage));
    out.set_count(row[column].as<int64_t>());
    absl::StatusOr<int64_t> amount = Fen(row[column + 1], "amount");
    if (!amount.ok()) return amount.status();
    absl::StatusOr<int64_t> weighted = Fen(row[column + 2], "weighted amount");
    if (!weighted.ok()) return weighted.status();
    *out.mutable_amount() = MoneyOf(currency, *amount);
    *out.mutable_weighted_amount() = MoneyOf(currency, *weighted);
    out.set_reached_count(reached[stage]);
    if (stage < kWon)
      out.set_conversion_to_next_bp(BasisPoints(reached[stage + 1], reached[stage]));
    if (stage <= kReachable) {
      const int days = kDaysColumns + 2 * (stage - 1);
      out.set_average_days_in_stage(Mean(row[days].as<int64_t>(), row[days + 1].as<int64_t>()));
    }
  }
  const int64_t won = funnel.stages(kWon - 1).count();
  const int64_t lost = funnel.stages(kStages - 1).count();
  funnel.set_win_rate_bp(BasisPoints(won, won + lost));
  return absl::OkStatus();
}

}  // namespace

std::vector<pg::PreparedStatement> FunnelStore::Statements() {
  const Sql& sql = FunnelStatements();
  return {{kOfOrgUnit, sql.of_org_unit},
          {kOfCustomer, sql.of_customer},
          {kOfGroup, sql.of_group},
          {kNodeKnown, kNodeKnownSql}};
}

absl::StatusOr<v1::Funnel> FunnelStore::Compute(const auth::DataScope& scope,
                                                const FunnelQuery& query) {
  v1::Funnel funnel;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        std::string target;
        const char* statement = kOfOrgUnit;
        switch (query.target) {
          case FunnelQuery::Target::kOrgUnit:
            target = query.org_unit;
            break;
          case FunnelQuery::Target::kCustomer:
            statement = kOfCustomer;
            target = query.customer_id;
            break;
          case FunnelQuery::Target::kGroup:
            statement = kOfGroup;
            target = crm::StrCat(query.node_id);
            if (!tx.exec_prepared1(kNodeKnown, target)[0].as<bool>()) {
              const std::string node = replicas::NodeName(query.node_id);
              return status::Error(absl::StatusCode::kNotFound, kDomain, "NODE_NOT_FOUND",
                                   crm::StrCat(node, " is no customer-group node known here"),
                                   {{"group", node}});
            }
            break;
        }
        const pqxx::result rows =
            tx.exec_prepared(statement, target, scope.all, auth::TextArrayLiteral(scope.org_units),
                             query.start_date, query.end_date, query.currency_code);
        for (const pqxx::row& row : rows) {
          if (row[kGroupingColumn].as<int>() != 0) {
            if (absl::Status s = ReadTotals(row, query.currency_code, funnel); !s.ok()) return s;
            continue;
          }
          // Closed-lost rows and open ones without an expected close date
          // have no month; a group of lost ones only counts nothing.
          if (row[kMonthColumn].is_null() || row[kForecastCountColumn].as<int64_t>() == 0) {
            continue;
          }
          v1::ForecastRow& out = *funnel.add_forecast();
          out.set_month(row[kMonthColumn].as<std::string>());
          out.set_category(static_cast<v1::ForecastCategory>(row[kCategoryColumn].as<int>()));
          out.set_count(row[kForecastCountColumn].as<int64_t>());
          absl::StatusOr<int64_t> amount = Fen(row[kForecastCountColumn + 1], "forecast amount");
          if (!amount.ok()) return amount.status();
          absl::StatusOr<int64_t> weighted =
              Fen(row[kForecastCountColumn + 2], "forecast weighted amount");
          if (!weighted.ok()) return weighted.status();
          *out.mutable_amount() = MoneyOf(query.currency_code, *amount);
          *out.mutable_weighted_amount() = MoneyOf(query.currency_code, *weighted);
        }
        return absl::OkStatus();
      },
      "opportunity.funnel");
  if (!status.ok()) return status;
  return funnel;
}

}  // namespace crm::opportunity
