#include "services/scoring/warnings/warning_handlers.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_subtree.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/text_array.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/text_field.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/warnings/churn_warnings.h"

namespace crm::scoring {
namespace {

using google::protobuf::util::TimeUtil;

constexpr size_t kMaxActionsChars = 2000;
constexpr size_t kMaxNoteChars = 2000;

// A timestamptz column as microseconds since the epoch, -1 for NULL; a
// parameter of microseconds as a timestamptz.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"
#define AT(param) "('epoch'::timestamptz + " param "::bigint * interval '1 microsecond')"

// A warning aliased `w` with its customer's replica row `rc`: see FromRow.
// clang-format off
#define WARNING_COLUMNS                                                              \
  "w.id::text, w.customer_id::text, coalesce(rc.display_name, ''), w.owner_org_unit," \
  " w.state, w.reasons, w.health_score, w.tier, "                                    \
  MICROS("w.raise_time") ", " MICROS("w.clear_time") ", w.plan_actions,"             \
  " w.plan_owner, coalesce(to_char(w.plan_due_date, 'YYYYMMDD')::int, 0),"           \
  " w.outcome, w.outcome_note, w.plan_recorded_by, "                                 \
  MICROS("w.plan_update_time") ", w.version"
// clang-format on
#define WARNING_FROM               \
  " FROM scoring.churn_warnings w" \
  " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = w.customer_id"

constexpr char kRead[] = "scoring.churn_warning_read";
constexpr char kReadSql[] = "SELECT " WARNING_COLUMNS WARNING_FROM " WHERE w.id = $1::uuid";
constexpr char kInScope[] = "scoring.churn_warning_in_scope";
constexpr char kLock[] = "scoring.churn_warning_lock";
constexpr char kList[] = "scoring.churn_warning_list";
constexpr char kSavePlan[] = "scoring.churn_warning_save_plan";
constexpr char kSavePlanSql[] =
    "UPDATE scoring.churn_warnings SET plan_actions = $2, plan_owner = $3,"
    " plan_due_date = $4::date, outcome = 1, plan_recorded_by = $5,"
    " plan_update_time = " AT("$6") ", version = version + 1 WHERE id = $1::uuid";
constexpr char kSaveOutcome[] = "scoring.churn_warning_save_outcome";
constexpr char kSaveOutcomeSql[] =
    "UPDATE scoring.churn_warnings SET outcome = $2, outcome_note = $3, plan_recorded_by = $4,"
    " plan_update_time = " AT("$5") ", version = version + 1 WHERE id = $1::uuid";

// A warning is seen by those who see its customer (owner or account team
// in scope) and by its owner org unit's side.
std::string WarningInScope(int all_param, int org_units_param) {
  return crm::StrCat("(w.owner_org_unit = ANY($", org_units_param, "::text[]) OR ",
                     CustomerInScope("w.customer_id", all_param, org_units_param), ")");
}

const std::string& InScopeSql() {
  static const std::string sql = crm::StrCat(
      "SELECT " WARNING_COLUMNS WARNING_FROM " WHERE w.id = $1::uuid AND ", WarningInScope(2, 3));
  return sql;
}
const std::string& LockSql() {
  static const std::string sql =
      crm::StrCat("SELECT " WARNING_COLUMNS WARNING_FROM " WHERE w.id = $1::uuid AND ",
                  WarningInScope(2, 3), " FOR UPDATE OF w");
  return sql;
}
// $1 $2 the scope, $3 the state, $4 "any owner", $5 the owner org units,
// $6 "first page", ($7, $8) the last row's (health score, id), $9 the
// limit. Open warnings walk churn_warnings_open_order.
const std::string& ListSql() {
  static const std::string sql =
      crm::StrCat("SELECT " WARNING_COLUMNS ", w.health_score::text" WARNING_FROM " WHERE ",
                  WarningInScope(1, 2),
                  " AND w.state = $3 AND ($4::boolean OR w.owner_org_unit = ANY($5::text[]))"
                  " AND ($6::boolean OR (w.health_score, w.id) > ($7::double precision, $8::uuid))"
                  " ORDER BY w.health_score, w.id LIMIT $9");
  return sql;
}

// A timestamp from microseconds since the epoch; nothing for -1 (NULL).
std::optional<google::protobuf::Timestamp> TimeOf(int64_t micros) {
  if (micros < 0) return std::nullopt;
  return TimeUtil::MicrosecondsToTimestamp(micros);
}

struct StoredWarning {
  std::string id;
  std::string customer_id;
  int64_t version = 0;
  v1::ChurnWarning view;
};

StoredWarning FromRow(const pqxx::row& row) {
  StoredWarning s;
  v1::ChurnWarning& out = s.view;
  s.id = row[0].as<std::string>();
  s.customer_id = row[1].as<std::string>();
  out.set_name(ChurnWarningName(s.id));
  out.set_customer(names::CustomerName(s.customer_id));
  out.set_display_name(row[2].as<std::string>());
  out.set_owner_org_unit(row[3].as<std::string>());
  out.set_state(static_cast<v1::ChurnWarning::State>(row[4].as<int>()));
  for (std::string& reason : pg::ReadTextArray(row[5])) out.add_reasons(std::move(reason));
  out.set_health_score(row[6].as<double>());
  out.set_tier(static_cast<v1::Tier>(row[7].as<int>()));
  if (auto t = TimeOf(row[8].as<int64_t>())) *out.mutable_raise_time() = *t;
  if (auto t = TimeOf(row[9].as<int64_t>())) *out.mutable_clear_time() = *t;
  const std::string actions = row[10].as<std::string>();
  const int outcome = row[13].as<int>();
  if (!actions.empty() || outcome != 0) {
    v1::RetentionPlan& plan = *out.mutable_retention_plan();
    plan.set_actions(actions);
    plan.set_owner(row[11].as<std::string>());
    if (const int due = row[12].as<int>(); due > 0) {
      plan.mutable_due_date()->set_year(due / 10000);
      plan.mutable_due_date()->set_month(due / 100 % 100);
      plan.mutable_due_date()->set_day(due % 100);
    }
    plan.set_outcome(static_cast<v1::RetentionPlan::Outcome>(outcome));
    plan.set_outcome_note(row[14].as<std::string>());
    plan.set_recorded_by(row[15].as<std::string>());
    if (auto t = TimeOf(row[16].as<int64_t>())) *plan.mutable_update_time() = *t;
  }
  s.version = row[17].as<int64_t>();
  out.set_etag(EtagOf(s.version));
  return s;
}

absl::Status Unreachable(const auth::v1::Principal& principal, const std::string& id) {
  const std::string name = ChurnWarningName(id);
  if (auth::ScopeOf(principal).all) {
    return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonChurnWarningNotFound,
                         crm::StrCat(name, " does not exist"), {{"churnWarning", name}});
  }
  return status::Error(
      absl::StatusCode::kPermissionDenied, kErrorDomain, kReasonChurnWarningNotInScope,
      crm::StrCat(name, " is not among the churn warnings ", principal.user(),
                  " may see (those of customers owned or served by org units in the scope of ",
                  principal.org_unit(), "), or does not exist"),
      {{"churnWarning", name}, {"user", principal.user()}});
}

std::string WarningIdOr(std::string_view name, std::string_view field,
                        status::FieldViolations& violations) {
  absl::StatusOr<std::string> id = ParseChurnWarningName(name);
  if (id.ok()) return *std::move(id);
  violations.Add(std::string(field), crm::StrCat(field, ": ", id.status().message()));
  return "";
}

// The owner side (scope holds the warning's owner org unit) or HQ.
absl::Status RequireOwnerSide(const auth::v1::Principal& principal, const v1::ChurnWarning& w,
                              std::string_view what) {
  const auth::DataScope scope = auth::ScopeOf(principal);
  if (scope.all || scope.Contains(w.owner_org_unit())) return absl::OkStatus();
  return status::Error(absl::StatusCode::kPermissionDenied, kErrorDomain, kReasonNotWarningOwner,
                       crm::StrCat(principal.user(), " may not ", what, " of ", w.name(),
                                   ": that is for the customer's owner org unit ",
                                   w.owner_org_unit(), " (or those above it) and HQ"),
                       {{"churnWarning", w.name()},
                        {"ownerOrgUnit", w.owner_org_unit()},
                        {"user", principal.user()}});
}

std::string ActorName(const request::Actor& actor) {
  return actor.principal.user().empty() ? std::string(kServicePrincipal) : actor.principal.user();
}

using Change = std::function<absl::Status(pqxx::work&, const StoredWarning&, absl::Time)>;

// One change of one warning: lock it in the caller's scope, the owner side
// or HQ only, check the etag, apply `change`, record
// RETENTION_PLAN_RECORDED and answer with the warning after it.
absl::Status Run(const ScoringContext& context, const request::Actor& actor, const std::string& id,
                 int64_t expected_version, std::string_view what, const Change& change,
                 v1::ChurnWarning& response) {
  absl::StatusOr<v1::ChurnWarning> changed = idempotency::RunIdempotent<v1::ChurnWarning>(
      *context.pool, *context.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::ChurnWarning> {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
        const pqxx::result rows = tx.exec_prepared(kLock, id, scope.all, scope.org_units);
        if (rows.empty()) return Unreachable(actor.principal, id);
        const StoredWarning stored = FromRow(rows[0]);
        if (absl::Status s = RequireOwnerSide(actor.principal, stored.view, what); !s.ok()) {
          return s;
        }
        if (stored.version != expected_version) {
          return EtagMismatch(kErrorDomain, stored.view.name(), expected_version, stored.version);
        }
        const absl::Time now = context.clock->Now();
        if (absl::Status s = change(tx, stored, now); !s.ok()) return s;
        ScoringEventFacts facts;
        facts.customer_id = stored.customer_id;
        facts.risk = stored.view.state() == v1::ChurnWarning::OPEN ? v1::RISK_HIGH
                                                                   : v1::RISK_LEVEL_UNSPECIFIED;
        facts.org_unit = stored.view.owner_org_unit();
        if (absl::Status s =
                RecordScoringEvent(*context.outbox, tx, v1::ScoringEvent::RETENTION_PLAN_RECORDED,
                                   stored.view.name(), facts);
            !s.ok()) {
          return s;
        }
        const pqxx::result after = tx.exec_prepared(kRead, id);
        if (after.empty()) return absl::InternalError("a changed churn warning vanished");
        return std::move(FromRow(after[0]).view);
      });
  if (!changed.ok()) return changed.status();
  response = *std::move(changed);
  return absl::OkStatus();
}

}  // namespace

std::vector<pg::PreparedStatement> WarningHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = ChurnWarningStatements();
  for (const pg::PreparedStatement& s :
       std::vector<pg::PreparedStatement>{{kRead, kReadSql},
                                          {kInScope, InScopeSql()},
                                          {kLock, LockSql()},
                                          {kList, ListSql()},
                                          {kSavePlan, kSavePlanSql},
                                          {kSaveOutcome, kSaveOutcomeSql}}) {
    statements.push_back(s);
  }
  return statements;
}

absl::Status WarningHandlers::ListChurnWarnings(const request::Actor& actor,
                                                const v1::ListChurnWarningsRequest& request,
                                                v1::ListChurnWarningsResponse& response,
                                                status::FieldViolations& violations) {
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kErrorDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  v1::ChurnWarning::State state = request.state();
  if (state == v1::ChurnWarning::STATE_UNSPECIFIED) {
    state = v1::ChurnWarning::OPEN;
  } else if (!v1::ChurnWarning::State_IsValid(state)) {
    violations.Add("state", crm::StrCat("state: ", static_cast<int>(request.state()),
                                        " is not a churn warning state (OPEN or CLEARED)"));
  }
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  std::string owner;
  if (!request.owner_org_unit().empty()) {
    const std::string unit =
        names::OrgUnitIdOr(request.owner_org_unit(), "owner_org_unit", violations);
    if (!unit.empty()) owner = names::OrgUnitName(unit);
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  // The owner org unit and those below it, as far as the principal tells.
  bool any_owner = true;
  std::vector<std::string> owners;
  if (!owner.empty()) {
    absl::StatusOr<auth::OrgUnitSubtree> subtree =
        auth::OrgUnitAndBelow(actor.principal, owner, kErrorDomain);
    if (!subtree.ok()) return subtree.status();
    any_owner = subtree->everything;
    owners = std::move(subtree->org_units);
  }
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListChurnWarnings", crm::StrCat(static_cast<int>(state)),
       any_owner ? "any" : auth::TextArrayLiteral(owners), actor.principal.user(),
       scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListChurnWarnings call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const bool first = after.empty();
  if (!first && !names::IsUuid(after[1])) {
    return absl::InternalError("churn warning page cursor does not parse");
  }
  std::vector<std::string> last_key;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_churn_warnings();
        const replicas::CustomerScopeParams params = replicas::ScopeParamsOf(scope);
        const pqxx::result rows = tx.exec_prepared(
            kList, params.all, params.org_units, static_cast<int>(state), any_owner,
            auth::TextArrayLiteral(owners), first, first ? "0" : after[0],
            first ? "00000000-0000-0000-0000-000000000000" : after[1], page_size + 1);
        const int shown = std::min(static_cast<int>(rows.size()), page_size);
        for (int i = 0; i < shown; ++i) {
          *response.add_churn_warnings() = std::move(FromRow(rows[i]).view);
        }
        if (static_cast<int>(rows.size()) > page_size) {
          const pqxx::row last = rows[page_size - 1];
          last_key = {last[18].as<std::string>(), last[0].as<std::string>()};
        }
        return absl::OkStatus();
      },
      "scoring.churn_warning_list");
  if (!status.ok()) return status;
  if (!last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = std::move(last_key)}));
  }
  return absl::OkStatus();
}

absl::Status WarningHandlers::GetChurnWarning(const request::Actor& actor,
                                              const v1::GetChurnWarningRequest& request,
                                              v1::ChurnWarning& response,
                                              status::FieldViolations& violations) {
  const std::string id = WarningIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
        const pqxx::result rows = tx.exec_prepared(kInScope, id, scope.all, scope.org_units);
        if (rows.empty()) return Unreachable(actor.principal, id);
        response = std::move(FromRow(rows[0]).view);
        return absl::OkStatus();
      },
      "scoring.churn_warning_get");
}

absl::Status WarningHandlers::RecordRetentionPlan(const request::Actor& actor,
                                                  const v1::RecordRetentionPlanRequest& request,
                                                  v1::ChurnWarning& response,
                                                  status::FieldViolations& violations) {
  const std::string id = WarningIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  const v1::RetentionPlan& plan = request.retention_plan();
  validation::CheckText(plan.actions(), "retention_plan.actions", 1, kMaxActionsChars,
                        validation::Lines::kMulti, violations);
  // The plan's owner: a user; the caller when not given.
  std::string owner = actor.principal.user();
  if (!plan.owner().empty()) {
    const std::string user = names::UserIdOr(plan.owner(), "retention_plan.owner", violations);
    owner = user.empty() ? "" : names::UserName(user);
  } else if (actor.principal.user().empty()) {
    violations.Add("retention_plan.owner", "retention_plan.owner: is required, e.g. users/li.si");
  }
  std::string due_date;
  if (!plan.has_due_date()) {
    violations.Add("retention_plan.due_date",
                   "retention_plan.due_date: is required: when the plan should have worked");
  } else if (std::optional<std::string> error = validation::DateError(plan.due_date());
             error.has_value()) {
    violations.Add("retention_plan.due_date", crm::StrCat("retention_plan.due_date: ", *error));
  } else if (const absl::CivilDay today = clock::BusinessToday(*context_.clock);
             validation::ToCivilDay(plan.due_date()) < today) {
    violations.Add("retention_plan.due_date",
                   crm::StrCat("retention_plan.due_date: ", validation::FormatDate(plan.due_date()),
                               " is in the past; today is ",
                               validation::FormatDate(validation::FromCivilDay(today))));
  } else {
    due_date = validation::FormatDate(plan.due_date());
  }
  if (plan.outcome() != v1::RetentionPlan::OUTCOME_UNSPECIFIED &&
      plan.outcome() != v1::RetentionPlan::IN_PROGRESS) {
    violations.Add("retention_plan.outcome",
                   "retention_plan.outcome: a new plan is IN_PROGRESS; record how it ended with "
                   "RecordRetentionOutcome");
  }
  if (!plan.outcome_note().empty()) {
    violations.Add("retention_plan.outcome_note",
                   "retention_plan.outcome_note: is recorded with RecordRetentionOutcome");
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  return Run(
      context_, actor, id, version, "record the retention plan",
      [&](pqxx::work& tx, const StoredWarning&, absl::Time now) -> absl::Status {
        tx.exec_prepared0(kSavePlan, id, plan.actions(), owner, due_date, ActorName(actor),
                          absl::ToUnixMicros(now));
        return absl::OkStatus();
      },
      response);
}

absl::Status WarningHandlers::RecordRetentionOutcome(
    const request::Actor& actor, const v1::RecordRetentionOutcomeRequest& request,
    v1::ChurnWarning& response, status::FieldViolations& violations) {
  const std::string id = WarningIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  if (request.outcome() == v1::RetentionPlan::OUTCOME_UNSPECIFIED) {
    violations.Add("outcome", "outcome: is required: IN_PROGRESS, RETAINED or LOST");
  } else if (!v1::RetentionPlan::Outcome_IsValid(request.outcome())) {
    violations.Add("outcome", crm::StrCat("outcome: ", static_cast<int>(request.outcome()),
                                          " is not IN_PROGRESS, RETAINED or LOST"));
  }
  validation::CheckText(request.note(), "note", 0, kMaxNoteChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  return Run(
      context_, actor, id, version, "record the retention outcome",
      [&](pqxx::work& tx, const StoredWarning& stored, absl::Time now) -> absl::Status {
        if (!stored.view.has_retention_plan()) {
          return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                               kReasonNoRetentionPlan,
                               crm::StrCat(stored.view.name(),
                                           " has no retention plan yet; record the plan "
                                           "(RecordRetentionPlan) before its outcome"),
                               {{"churnWarning", stored.view.name()}});
        }
        tx.exec_prepared0(kSaveOutcome, id, static_cast<int>(request.outcome()), request.note(),
                          ActorName(actor), absl::ToUnixMicros(now));
        return absl::OkStatus();
      },
      response);
}

}  // namespace crm::scoring
