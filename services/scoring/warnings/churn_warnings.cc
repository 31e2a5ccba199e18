#include "services/scoring/warnings/churn_warnings.h"

#include "libs/auth/sql_scope.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_names.h"

namespace crm::scoring {
namespace {

// A parameter of microseconds since the epoch as a timestamptz.
#define AT(param) "('epoch'::timestamptz + " param "::bigint * interval '1 microsecond')"

// Raises a warning unless one is open (the partial unique index
// churn_warnings_one_open arbitrates between concurrent scorers); an open
// one takes the new health score (the lists' order), tier and owner, and is
// written only when one of them moved. Returns the warning and whether this
// statement raised it; no row when the open one was already up to date.
constexpr char kRaise[] = "scoring.churn_warning_raise";
constexpr char kRaiseSql[] =
    "INSERT INTO scoring.churn_warnings AS w (id, customer_id, owner_org_unit, state, reasons,"
    " health_score, tier, raise_time)"
    " VALUES (gen_random_uuid(), $1::uuid, $2, 1, $3::text[], $4, $5, " AT("$6") ")"
    " ON CONFLICT (customer_id) WHERE state = 1 DO UPDATE"
    " SET health_score = EXCLUDED.health_score, tier = EXCLUDED.tier,"
    " owner_org_unit = EXCLUDED.owner_org_unit"
    " WHERE (w.health_score, w.tier, w.owner_org_unit)"
    " IS DISTINCT FROM (EXCLUDED.health_score, EXCLUDED.tier, EXCLUDED.owner_org_unit)"
    " RETURNING w.id::text, (w.xmax = 0)";
constexpr char kClear[] = "scoring.churn_warning_clear";
constexpr char kClearSql[] =
    "UPDATE scoring.churn_warnings SET state = 2, clear_time = " AT("$2") ","
    " version = version + 1"
    " WHERE customer_id = $1::uuid AND state = 1 RETURNING id::text, owner_org_unit";

absl::Status Clear(pqxx::work& tx, const events::Outbox& outbox, const std::string& customer_id,
                   v1::RiskLevel risk, absl::Time now) {
  for (const pqxx::row& row : tx.exec_prepared(kClear, customer_id, absl::ToUnixMicros(now))) {
    ScoringEventFacts facts;
    facts.customer_id = customer_id;
    facts.risk = risk;
    facts.org_unit = row[1].as<std::string>();
    if (absl::Status s = RecordScoringEvent(outbox, tx, v1::ScoringEvent::CHURN_WARNING_CLEARED,
                                            ChurnWarningName(row[0].as<std::string>()), facts);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<pg::PreparedStatement> ChurnWarningStatements() {
  return {{kRaise, kRaiseSql}, {kClear, kClearSql}};
}

absl::Status ReconcileChurnWarning(pqxx::work& tx, const events::Outbox& outbox,
                                   const WarningInput& input, absl::Time now) {
  if (input.health.risk() != v1::RISK_HIGH) {
    return Clear(tx, outbox, input.customer_id, input.health.risk(), now);
  }
  const std::vector<std::string> reasons(input.health.reasons().begin(),
                                         input.health.reasons().end());
  const pqxx::result rows = tx.exec_prepared(kRaise, input.customer_id, input.owner_org_unit,
                                             auth::TextArrayLiteral(reasons), input.health.score(),
                                             static_cast<int>(input.tier), absl::ToUnixMicros(now));
  if (rows.empty() || !rows[0][1].as<bool>()) return absl::OkStatus();  // already open
  // The notification: once per spell of high risk, to the owner org unit.
  ScoringEventFacts facts;
  facts.customer_id = input.customer_id;
  facts.risk = v1::RISK_HIGH;
  facts.org_unit = input.owner_org_unit;
  return RecordScoringEvent(outbox, tx, v1::ScoringEvent::CHURN_WARNING_RAISED,
                            ChurnWarningName(rows[0][0].as<std::string>()), facts);
}

absl::Status ClearChurnWarning(pqxx::work& tx, const events::Outbox& outbox,
                               const std::string& customer_id, absl::Time now) {
  return Clear(tx, outbox, customer_id, v1::RISK_LEVEL_UNSPECIFIED, now);
}

}  // namespace crm::scoring
