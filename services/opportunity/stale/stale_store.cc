#include "services/opportunity/stale/stale_store.h"

#include "absl/strings/numbers.h"
#include "libs/auth/sql_scope.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/core/opportunity_scope.h"

namespace crm::opportunity {
namespace {

constexpr char kOfUser[] = "opportunity.stale_of_user";
constexpr char kOfOrgUnit[] = "opportunity.stale_of_org_unit";

// $1 the target, $2 $3 the scope, $4 now (microseconds), $5 "first page",
// ($6, $7) the last row's (quiet-since micros, id), $8 the limit. The
// quiet-since expression is the partial indexes' own, written the same way
// so the planner matches it.
std::string StaleSql(std::string_view target) {
  constexpr char kNow[] = "('epoch'::timestamptz + $4::bigint * interval '1 microsecond')";
  constexpr char kQuiet[] = "coalesce(o.last_activity_time, o.create_time)";
  const std::string stale_before = crm::StrCat(
      kNow,
      " - make_interval(days => (SELECT m.stale_after_days FROM opportunity.stage_models m"
      " ORDER BY m.version DESC LIMIT 1))");
  const std::string today = crm::StrCat("(", kNow, " AT TIME ZONE 'Asia/Shanghai')::date");
  return crm::StrCat(
      "SELECT ", kOpportunityColumns, ", (extract(epoch FROM ", kQuiet,
      ") * 1000000)::bigint, floor(extract(epoch FROM ", kNow, " - ", kQuiet,
      ") / 86400)::integer, ", kQuiet, " < ", stale_before, ", coalesce(o.next_follow_up_date < ",
      today,
      ", false)"
      " FROM opportunity.opportunities o WHERE ",
      target, " AND o.stage < 6 AND ", OpportunityInScope(2, 3), " AND (", kQuiet, " < ",
      stale_before, " OR o.next_follow_up_date < ", today, ") AND ($5::boolean OR (", kQuiet,
      ", o.id) > ('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::uuid))"
      " ORDER BY ",
      kQuiet, ", o.id LIMIT $8");
}

struct Sql {
  std::string of_user, of_org_unit;
};

const Sql& StaleStatements() {
  static const Sql sql{.of_user = StaleSql("o.owner_user = $1"),
                       .of_org_unit = StaleSql("o.owner_org_unit_path @> ARRAY[$1::text]")};
  return sql;
}

}  // namespace

std::vector<pg::PreparedStatement> StaleStore::Statements() {
  const Sql& sql = StaleStatements();
  return {{kOfUser, sql.of_user}, {kOfOrgUnit, sql.of_org_unit}};
}

absl::StatusOr<StalePage> StaleStore::List(const auth::DataScope& scope, const StaleTarget& target,
                                           absl::Time now, const std::vector<std::string>& after,
                                           int limit) {
  int64_t after_micros = 0;
  std::string after_id = "00000000-0000-0000-0000-000000000000";
  const bool first = after.empty();
  if (!first) {
    if (after.size() != 2 || !absl::SimpleAtoi(after[0], &after_micros) ||
        !names::IsUuid(after[1])) {
      return absl::InternalError("stale page cursor does not parse");
    }
    after_id = after[1];
  }
  const bool by_user = !target.owner_user.empty();
  StalePage page;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(
            by_user ? kOfUser : kOfOrgUnit, by_user ? target.owner_user : target.org_unit,
            scope.all, auth::TextArrayLiteral(scope.org_units), absl::ToUnixMicros(now), first,
            after_micros, after_id, limit + 1);
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.stale.size()) == limit) {
            const pqxx::row last = rows[limit - 1];
            page.last_key = {crm::StrCat(last[kOpportunityColumnCount].as<int64_t>()),
                             last[0].as<std::string>()};
            break;
          }
          v1::StaleOpportunity& out = page.stale.emplace_back();
          *out.mutable_opportunity() = OpportunityFromRow(row);
          out.set_days_since_activity(row[kOpportunityColumnCount + 1].as<int32_t>());
          out.set_no_recent_activity(row[kOpportunityColumnCount + 2].as<bool>());
          out.set_follow_up_overdue(row[kOpportunityColumnCount + 3].as<bool>());
        }
        return absl::OkStatus();
      },
      "opportunity.list_stale");
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::opportunity
