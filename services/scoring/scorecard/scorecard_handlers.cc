#include "services/scoring/scorecard/scorecard_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_subtree.h"
#include "libs/auth/roles.h"
#include "libs/auth/sql_scope.h"
#include "libs/auth/strategy_centre.h"
#include "libs/clock/quarter.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/money/money_check.h"
#include "libs/pg/transaction.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/rules/scorecard_rules.h"
#include "services/scoring/scorecard/peer_inputs.h"
#include "services/scoring/scores/scoring_policy_store.h"

namespace crm::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;
using Violations = status::FieldViolations;

constexpr char kCurrency[] = "CNY";

// A timestamptz column as microseconds since the epoch; a parameter of
// microseconds as a timestamptz.
#define MICROS(column) "(extract(epoch FROM " column ") * 1000000)::bigint"
#define AT(param) "('epoch'::timestamptz + " param "::bigint * interval '1 microsecond')"

#define TARGET_COLUMNS                                                         \
  "t.org_unit, t.quarter, t.currency_code, t.amount_minor, t.set_by, " MICROS( \
      "t.update_time") ", t.version"

constexpr char kLockTarget[] = "scoring.sales_target_lock";
constexpr char kLockTargetSql[] =
    "SELECT t.version FROM scoring.sales_targets t WHERE t.org_unit = $1 AND t.quarter = $2"
    " FOR UPDATE";
// A new target; nothing when another came first (the caller then reports
// the etag it missed).
constexpr char kInsertTarget[] = "scoring.sales_target_insert";
constexpr char kInsertTargetSql[] =
    "INSERT INTO scoring.sales_targets AS t (org_unit, quarter, currency_code, amount_minor,"
    " set_by, update_time, version) VALUES ($1, $2, 'CNY', $3, $4, " AT("$5") ", 1)"
    " ON CONFLICT (org_unit, quarter) DO NOTHING RETURNING " TARGET_COLUMNS;
constexpr char kUpdateTarget[] = "scoring.sales_target_update";
constexpr char kUpdateTargetSql[] =
    "UPDATE scoring.sales_targets t SET amount_minor = $3, set_by = $4, update_time = " AT("$5")
    ", version = t.version + 1 WHERE t.org_unit = $1 AND t.quarter = $2 AND t.version = $6"
    " RETURNING " TARGET_COLUMNS;
// A quarter's targets of the org units in scope ($2 all, $3 org units).
constexpr char kListTargets[] = "scoring.sales_targets_list";
constexpr char kListTargetsSql[] =
    "SELECT " TARGET_COLUMNS
    " FROM scoring.sales_targets t WHERE t.quarter = $1"
    " AND ($2::boolean OR t.org_unit = ANY($3::text[])) ORDER BY t.org_unit";
// An org unit's target for a quarter ($1, $2), its survey answers for the
// quarter from the customers it owns (count and mean), in one snapshot.
constexpr char kReadOwn[] = "scoring.scorecard_own_inputs";
constexpr char kReadOwnSql[] =
    "SELECT (SELECT t.amount_minor FROM scoring.sales_targets t"
    "        WHERE t.org_unit = $1 AND t.quarter = $2),"
    " count(s.id), coalesce(avg(s.score), 0)::double precision"
    " FROM scoring.surveys s JOIN scoring.replica_customers rc ON rc.customer_id = s.customer_id"
    " WHERE s.period = $2 AND rc.owner_org_unit = $1";
// The org units in scope ($2 all, $3 org units) with a target for quarter
// $1 or owning live customers.
constexpr char kScorecardUnits[] = "scoring.scorecard_units";
constexpr char kScorecardUnitsSql[] =
    "SELECT t.org_unit FROM scoring.sales_targets t WHERE t.quarter = $1"
    " AND ($2::boolean OR t.org_unit = ANY($3::text[]))"
    " UNION"
    " SELECT DISTINCT rc.owner_org_unit FROM scoring.replica_customers rc WHERE rc.state = 1"
    " AND ($2::boolean OR rc.owner_org_unit = ANY($3::text[]))"
    " ORDER BY 1";

std::string ActorName(const request::Actor& actor) {
  return actor.principal.user().empty() ? std::string(kServicePrincipal) : actor.principal.user();
}

v1::SalesTarget TargetFromRow(const pqxx::row& row) {
  v1::SalesTarget target;
  target.set_name(SalesTargetName(row[0].as<std::string>(), row[1].as<std::string>()));
  target.mutable_amount()->set_currency_code(row[2].as<std::string>());
  target.mutable_amount()->set_minor_units(row[3].as<int64_t>());
  target.set_set_by(row[4].as<std::string>());
  *target.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  target.set_etag(EtagOf(row[6].as<int64_t>()));
  return target;
}

// The quarter field of a list request, or a violation.
std::optional<clock::Quarter> QuarterOr(const std::string& text, Violations& violations) {
  absl::StatusOr<clock::Quarter> quarter = ParseQuarterField(text);
  if (!quarter.ok()) {
    violations.Add("quarter", crm::StrCat("quarter: ", quarter.status().message()));
    return std::nullopt;
  }
  return *quarter;
}

// The weights in force, checked (a policy whose weights do not add up
// would make totals that mean nothing).
absl::StatusOr<v1::ScorecardWeights> WeightsOf(const ScoringPolicyRow& policy) {
  status::FieldViolations problems;
  ValidateScorecardWeights(policy.policy.scorecard_weights(), "scorecard_weights", problems);
  if (!problems.empty()) {
    return status::Error(
        absl::StatusCode::kFailedPrecondition, kErrorDomain, kReasonScorecardWeightsInvalid,
        crm::StrCat("the scoring policy in force (version ", policy.version,
                    ") has scorecard weights that do not sum to 10,000 basis points: "
                    "update the policy"),
        {{"policyVersion", std::to_string(policy.version)}});
  }
  return policy.policy.scorecard_weights();
}

// What the scoring schema itself holds for an org unit's quarter.
struct OwnInputs {
  std::optional<int64_t> target_minor;
  int64_t answers = 0;
  double mean_score = 0;
};

}  // namespace

std::vector<pg::PreparedStatement> ScorecardHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = ScoringPolicyStoreStatements();
  statements.insert(statements.end(), {{kLockTarget, kLockTargetSql},
                                       {kInsertTarget, kInsertTargetSql},
                                       {kUpdateTarget, kUpdateTargetSql},
                                       {kListTargets, kListTargetsSql},
                                       {kReadOwn, kReadOwnSql},
                                       {kScorecardUnits, kScorecardUnitsSql}});
  return statements;
}

absl::Status ScorecardHandlers::SetSalesTarget(const Actor& actor,
                                               const v1::SetSalesTargetRequest& request,
                                               v1::SalesTarget& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::IsStrategyCentre(caller) && !auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return auth::RequireStrategyCentre(caller, kErrorDomain, "set a sales target (or hq_admin)");
  }
  if (!request.has_sales_target()) {
    violations.Add("sales_target",
                   "sales_target: required; send its name (orgUnits/{org_unit}/salesTargets/"
                   "{quarter}) and amount");
    return violations.ToStatus(kErrorDomain);
  }
  const v1::SalesTarget& values = request.sales_target();
  std::optional<OrgUnitQuarter> key;
  if (absl::StatusOr<OrgUnitQuarter> parsed = ParseSalesTargetName(values.name()); parsed.ok()) {
    key = *std::move(parsed);
  } else {
    violations.Add("sales_target.name",
                   crm::StrCat("sales_target.name: ", parsed.status().message()));
  }
  if (!values.has_amount()) {
    violations.Add("sales_target.amount",
                   "sales_target.amount: required, in CNY fen, e.g. {currency_code: \"CNY\", "
                   "minor_units: 1000000000} for 10,000,000.00");
  } else {
    money::CheckMoney(values.amount(), "sales_target.amount", violations, {.non_negative = true});
    if (money::IsCurrencyCode(values.amount().currency_code()) &&
        values.amount().currency_code() != kCurrency) {
      violations.Add(
          "sales_target.amount.currency_code",
          crm::StrCat("sales_target.amount.currency_code: ", Quote(values.amount().currency_code()),
                      " is not CNY; targets are set in CNY, as the scorecard counts"));
    }
  }
  const std::optional<int64_t> expected =
      ParseEtagField(values.etag(), "sales_target.etag", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);

  const auth::DataScope scope = auth::ScopeOf(caller);
  if (!scope.Contains(key->org_unit)) {
    return auth::OrgUnitAndBelow(caller, key->org_unit, kErrorDomain).status();
  }
  const std::string quarter = clock::FormatQuarter(key->quarter);
  const std::string name = SalesTargetName(key->org_unit, quarter);
  const int64_t amount = values.amount().minor_units();
  absl::StatusOr<v1::SalesTarget> stored = idempotency::RunIdempotent<v1::SalesTarget>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::SalesTarget> {
        const int64_t now = absl::ToUnixMicros(context_.clock->Now());
        const pqxx::result current = tx.exec_prepared(kLockTarget, key->org_unit, quarter);
        pqxx::result rows;
        if (current.empty()) {
          if (expected.has_value()) return EtagMismatch(kErrorDomain, name, *expected, 0);
          rows = tx.exec_prepared(kInsertTarget, key->org_unit, quarter, amount, ActorName(actor),
                                  now);
          if (rows.empty()) {
            // Another request created it since the lock found none.
            const int64_t actual =
                tx.exec_prepared1(kLockTarget, key->org_unit, quarter)[0].as<int64_t>();
            return EtagMismatch(kErrorDomain, name, 0, actual);
          }
        } else {
          const int64_t actual = current[0][0].as<int64_t>();
          if (!expected.has_value()) {
            Violations missing;
            missing.Add("sales_target.etag",
                        crm::StrCat("sales_target.etag: ", name,
                                    " is already set; pass the etag of the last read to "
                                    "change it"));
            return missing.ToStatus(kErrorDomain);
          }
          if (*expected != actual) return EtagMismatch(kErrorDomain, name, *expected, actual);
          rows = tx.exec_prepared(kUpdateTarget, key->org_unit, quarter, amount, ActorName(actor),
                                  now, actual);
          if (rows.empty()) return absl::InternalError("the locked sales target is gone");
        }
        v1::SalesTarget target = TargetFromRow(rows[0]);
        ScoringEventFacts facts;
        facts.org_unit = key->org_unit;
        if (absl::Status s = RecordScoringEvent(*context_.outbox, tx,
                                                v1::ScoringEvent::SALES_TARGET_SET, name, facts);
            !s.ok()) {
          return s;
        }
        return target;
      });
  if (!stored.ok()) return stored.status();
  response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status ScorecardHandlers::ListSalesTargets(const Actor& actor,
                                                 const v1::ListSalesTargetsRequest& request,
                                                 v1::ListSalesTargetsResponse& response,
                                                 Violations& violations) {
  const std::optional<clock::Quarter> quarter = QuarterOr(request.quarter(), violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_sales_targets();
        for (const pqxx::row& row :
             tx.exec_prepared(kListTargets, clock::FormatQuarter(*quarter), scope.all,
                              auth::TextArrayLiteral(scope.org_units))) {
          *response.add_sales_targets() = TargetFromRow(row);
        }
        return absl::OkStatus();
      },
      "scoring.sales_targets");
}

absl::Status ScorecardHandlers::GetScorecard(const Actor& actor,
                                             const v1::GetScorecardRequest& request,
                                             v1::Scorecard& response, Violations& violations) {
  absl::StatusOr<OrgUnitQuarter> key = ParseScorecardName(request.name());
  if (!key.ok()) {
    violations.Add("name", crm::StrCat("name: ", key.status().message()));
    return violations.ToStatus(kErrorDomain);
  }
  if (!auth::ScopeOf(actor.principal).Contains(key->org_unit)) {
    return auth::OrgUnitAndBelow(actor.principal, key->org_unit, kErrorDomain).status();
  }
  absl::StatusOr<v1::ScorecardWeights> weights;
  absl::Status read = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
        if (!policy.ok()) return policy.status();
        weights = WeightsOf(*policy);
        return absl::OkStatus();
      },
      "scoring.scorecard_policy");
  if (!read.ok()) return read;
  if (!weights.ok()) return weights.status();
  absl::StatusOr<v1::Scorecard> scorecard = Compute(key->org_unit, key->quarter, *weights);
  if (!scorecard.ok()) return scorecard.status();
  response = *std::move(scorecard);
  return absl::OkStatus();
}

absl::Status ScorecardHandlers::ListScorecards(const Actor& actor,
                                               const v1::ListScorecardsRequest& request,
                                               v1::ListScorecardsResponse& response,
                                               Violations& violations) {
  const std::optional<clock::Quarter> quarter = QuarterOr(request.quarter(), violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  std::vector<std::string> units;
  absl::StatusOr<v1::ScorecardWeights> weights;
  absl::Status read = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        units.clear();
        absl::StatusOr<ScoringPolicyRow> policy = CurrentScoringPolicy(tx);
        if (!policy.ok()) return policy.status();
        weights = WeightsOf(*policy);
        for (const pqxx::row& row :
             tx.exec_prepared(kScorecardUnits, clock::FormatQuarter(*quarter), scope.all,
                              auth::TextArrayLiteral(scope.org_units))) {
          units.push_back(row[0].as<std::string>());
        }
        return absl::OkStatus();
      },
      "scoring.scorecard_units");
  if (!read.ok()) return read;
  if (!weights.ok()) return weights.status();

  std::vector<v1::Scorecard> scorecards;
  scorecards.reserve(units.size());
  for (const std::string& unit : units) {
    absl::StatusOr<v1::Scorecard> scorecard = Compute(unit, *quarter, *weights);
    if (!scorecard.ok()) return scorecard.status();
    scorecards.push_back(*std::move(scorecard));
  }
  std::stable_sort(scorecards.begin(), scorecards.end(),
                   [](const v1::Scorecard& a, const v1::Scorecard& b) {
                     if (a.total() != b.total()) return a.total() > b.total();
                     return a.name() < b.name();
                   });
  response.clear_scorecards();
  for (v1::Scorecard& scorecard : scorecards) *response.add_scorecards() = std::move(scorecard);
  return absl::OkStatus();
}

absl::StatusOr<v1::Scorecard> ScorecardHandlers::Compute(const std::string& org_unit,
                                                         const clock::Quarter& quarter,
                                                         const v1::ScorecardWeights& weights) {
  const std::string quarter_text = clock::FormatQuarter(quarter);
  const absl::Time now = context_.clock->Now();
  OwnInputs own;
  absl::Status read = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::row row = tx.exec_prepared1(kReadOwn, org_unit, quarter_text);
        own = OwnInputs{};
        if (!row[0].is_null()) own.target_minor = row[0].as<int64_t>();
        own.answers = row[1].as<int64_t>();
        own.mean_score = row[2].as<double>();
        return absl::OkStatus();
      },
      "scoring.scorecard_own_inputs");
  if (!read.ok()) return read;

  SalesResultInputs sales;
  sales.target_minor = own.target_minor;
  ReadSalesInputs(context_.peers, org_unit, quarter, sales);
  DataCompletenessInputs completeness;
  ReadDataCompleteness(context_.peers, org_unit, completeness);
  ProcessComplianceInputs compliance;
  ReadProcessCompliance(context_.peers, org_unit, quarter, now, compliance);
  const CustomerSatisfactionInputs satisfaction{.answers = own.answers,
                                                .mean_score = own.mean_score};

  v1::Scorecard scorecard;
  scorecard.set_name(ScorecardName(org_unit, quarter));
  *scorecard.add_components() = ScoreSalesResult(sales, weights.sales_result_bp(), quarter_text);
  *scorecard.add_components() = ScoreDataCompleteness(completeness, weights.data_completeness_bp());
  *scorecard.add_components() = ScoreProcessCompliance(compliance, weights.process_compliance_bp());
  *scorecard.add_components() =
      ScoreCustomerSatisfaction(satisfaction, weights.customer_satisfaction_bp(), quarter_text);
  scorecard.set_total(ScorecardTotal(scorecard));
  *scorecard.mutable_compute_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  return scorecard;
}

}  // namespace crm::scoring
