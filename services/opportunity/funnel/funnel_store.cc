#include "services/opportunity/funnel/funnel_store.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "libs/auth/sql_scope.h"
#include "libs/money/errors.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/group/group_subtree_sql.h"
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

// The statement of one target: $1 the target, $2 $3 the scope, $4 $5 the
// first and last creation day, $6 the currency summed. Creation days are
// Asia/Shanghai's, bounds written as instants so the range is sargable. The
// rows are grouped by what the figures depend on (stage, furthest stage,
// category, forecast month, currency summed or not, probability): a few
// hundred groups, hashed without a sort, with plain bigint sums (the
// weighting by probability is done on the groups' sums, exactly, in
// FunnelOf, not per row in numeric).
std::string FunnelSql(std::string_view target) {
  std::string sql = crm::StrCat(
      "SELECT o.stage, o.furthest_stage, o.forecast_category,"
      " CASE WHEN o.stage = 6 THEN to_char(o.close_date, 'YYYY-MM')"
      "   WHEN o.stage < 6 THEN to_char(o.expected_close_date, 'YYYY-MM') END,"
      " o.currency_code = $6, o.probability, count(*), sum(o.amount_minor),"
      " coalesce(sum(CASE WHEN o.close_date IS NOT NULL"
      "   THEN o.close_date - (o.create_time AT TIME ZONE 'Asia/Shanghai')::date END), 0),"
      " count(o.close_date)");
  for (int stage = 1; stage <= kReachable; ++stage) {
    crm::StrAppend(&sql, ", sum(o.stage_days[", stage, "])");
  }
  crm::StrAppend(&sql, " FROM opportunity.opportunities o WHERE ", target, " AND ",
                 OpportunityInScope(2, 3),
                 " AND o.create_time >= ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai')"
                 " AND o.create_time < (($5::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
                 " GROUP BY 1, 2, 3, 4, 5, 6");
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

// An exact sum in minor units (×100 for a weighted one) while combining:
// 128 bits hold any sum of int64 amounts times 100 over any number of rows
// PostgreSQL can hold.
using Wide = __int128;

// A numeric sum PostgreSQL computed exactly; NULL (no rows) is 0.
absl::StatusOr<Wide> WideOf(const pqxx::field& field) {
  if (field.is_null()) return Wide{0};
  const std::string_view text = field.c_str();
  const bool negative = text.starts_with('-');
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 36 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return absl::InternalError("funnel sum is not a whole number");
  }
  Wide value = 0;
  for (char digit : digits) value = value * 10 + (digit - '0');
  return negative ? -value : value;
}

// A figure as int64 fen, or OUT_OF_RANGE (money.crm MONEY_OVERFLOW).
absl::StatusOr<int64_t> Fen(Wide value, std::string_view what) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return status::Error(absl::StatusCode::kOutOfRange, money::kErrorDomain, "MONEY_OVERFLOW",
                         crm::StrCat("the funnel's ", what,
                                     " does not fit in 64-bit minor units: narrow the funnel"),
                         {{"figure", std::string(what)}});
  }
  return static_cast<int64_t>(value);
}

// Σ amount × probability ÷ 100, rounded half away from zero once, on the sum.
Wide Weighted(Wide amount_times_probability) {
  return amount_times_probability >= 0 ? (amount_times_probability + 50) / 100
                                       : -((-amount_times_probability + 50) / 100);
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

// What is summed per stage and per forecast row.
struct Sums {
  int64_t count = 0;
  Wide amount = 0;
  Wide amount_times_probability = 0;
};

// The result's columns (FunnelSql).
enum Column {
  kStage,
  kFurthest,
  kCategory,
  kMonth,
  kSummed,
  kProbability,
  kCount,
  kAmount,
  kCycleDays,
  kCycleCount,
  kStageDays,  // then one per reachable stage
};

// The funnel from the grouped rows, figure by figure as funnel_store.h
// defines them.
absl::StatusOr<v1::Funnel> FunnelOf(const pqxx::result& rows, const std::string& currency) {
  std::array<Sums, kStages + 1> stages{};                    // by stage number
  std::array<int64_t, kStages + 2> reached{};                // by stage number; [8] stays 0
  std::array<int64_t, kReachable + 1> days{}, days_count{};  // of those that left the stage
  std::map<std::pair<std::string, int>, Sums> forecast;      // by month and category
  int64_t total = 0, other_currency = 0, cycle_days = 0, cycle_count = 0;
  for (const pqxx::row& row : rows) {
    const int stage = row[kStage].as<int>();
    const int furthest = row[kFurthest].as<int>();
    const bool summed = row[kSummed].as<bool>();
    const int64_t count = row[kCount].as<int64_t>();
    absl::StatusOr<Wide> amount = WideOf(row[kAmount]);
    if (!amount.ok()) return amount.status();
    const Wide weighted = *amount * row[kProbability].as<int>();
    if (stage < 1 || stage > kStages) return absl::InternalError("stored stage out of range");
    const auto add = [&](Sums& sums) {
      sums.count += count;
      if (summed) {
        sums.amount += *amount;
        sums.amount_times_probability += weighted;
      }
    };
    total += count;
    if (!summed) other_currency += count;
    add(stages[stage]);
    for (int s = 1; s <= std::min(furthest, kReachable); ++s) {
      reached[s] += count;
      if (s != stage) {
        days[s] += row[kStageDays + s - 1].as<int64_t>();
        days_count[s] += count;
      }
    }
    if (stage >= kWon) {
      cycle_days += row[kCycleDays].as<int64_t>();
      cycle_count += row[kCycleCount].as<int64_t>();
    }
    // Open and won ones with a month; lost ones and open ones without an
    // expected close date have none.
    if (stage <= kWon && !row[kMonth].is_null()) {
      add(forecast[{row[kMonth].as<std::string>(), row[kCategory].as<int>()}]);
    }
  }
  reached[kStages] = stages[kStages].count;  // the lost ones

  v1::Funnel funnel;
  funnel.set_total_count(total);
  funnel.set_other_currency_count(other_currency);
  funnel.set_average_cycle_days(Mean(cycle_days, cycle_count));
  for (int stage = 1; stage <= kStages; ++stage) {
    v1::FunnelStage& out = *funnel.add_stages();
    out.set_stage(static_cast<v1::Stage>(stage));
    out.set_count(stages[stage].count);
    absl::StatusOr<int64_t> amount = Fen(stages[stage].amount, "amount");
    if (!amount.ok()) return amount.status();
    absl::StatusOr<int64_t> weighted =
        Fen(Weighted(stages[stage].amount_times_probability), "weighted amount");
    if (!weighted.ok()) return weighted.status();
    *out.mutable_amount() = MoneyOf(currency, *amount);
    *out.mutable_weighted_amount() = MoneyOf(currency, *weighted);
    out.set_reached_count(reached[stage]);
    if (stage < kWon)
      out.set_conversion_to_next_bp(BasisPoints(reached[stage + 1], reached[stage]));
    if (stage <= kReachable) out.set_average_days_in_stage(Mean(days[stage], days_count[stage]));
  }
  const int64_t won = stages[kWon].count;
  const int64_t lost = stages[kStages].count;
  funnel.set_win_rate_bp(BasisPoints(won, won + lost));
  for (const auto& [key, sums] : forecast) {
    v1::ForecastRow& out = *funnel.add_forecast();
    out.set_month(key.first);
    out.set_category(static_cast<v1::ForecastCategory>(key.second));
    out.set_count(sums.count);
    absl::StatusOr<int64_t> amount = Fen(sums.amount, "forecast amount");
    if (!amount.ok()) return amount.status();
    absl::StatusOr<int64_t> weighted =
        Fen(Weighted(sums.amount_times_probability), "forecast weighted amount");
    if (!weighted.ok()) return weighted.status();
    *out.mutable_amount() = MoneyOf(currency, *amount);
    *out.mutable_weighted_amount() = MoneyOf(currency, *weighted);
  }
  return funnel;
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
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        // One aggregate over up to hundreds of thousands of rows: JIT
        // compiling it costs more than it saves, and a sort spilling to disk
        // (the default work_mem) doubles its time.
        tx.exec0("SET LOCAL jit = off");
        tx.exec0("SET LOCAL work_mem = '64MB'");
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
            // The planner takes any subtree for GiST's default 1,000 rows and
            // probes the opportunities once per customer; a whole group is
            // ~100,000 customers, where a hash join is 3× faster.
            tx.exec0("SET LOCAL enable_nestloop = off");
            if (!tx.exec_prepared1(kNodeKnown, target)[0].as<bool>()) {
              const std::string node = names::NodeName(query.node_id);
              return status::Error(absl::StatusCode::kNotFound, kDomain, "NODE_NOT_FOUND",
                                   crm::StrCat(node, " is no customer-group node known here"),
                                   {{"group", node}});
            }
            break;
        }
        const pqxx::result rows =
            tx.exec_prepared(statement, target, scope.all, auth::TextArrayLiteral(scope.org_units),
                             query.start_date, query.end_date, query.currency_code);
        absl::StatusOr<v1::Funnel> computed = FunnelOf(rows, query.currency_code);
        if (!computed.ok()) return computed.status();
        funnel = *std::move(computed);
        return absl::OkStatus();
      },
      {.operation = "opportunity.funnel"});
  if (!status.ok()) return status;
  return funnel;
}

}  // namespace crm::opportunity
