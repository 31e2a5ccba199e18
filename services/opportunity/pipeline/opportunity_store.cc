#include "services/opportunity/pipeline/opportunity_store.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_path.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/resource_names.h"
#include "libs/pg/text_array.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/core/opportunity_scope.h"
#include "services/opportunity/rules/committee.h"
#include "services/opportunity/rules/needs_survey.h"
#include "services/opportunity/rules/stage_transition.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;

#define STORED_EXTRAS                                                              \
  ", o.owner_org_unit_path, array_to_string(o.stage_days, ','), o.furthest_stage," \
  " o.has_decision_maker"

// The columns every write sets, as $2 … $29 after the id ($1), and the
// change's time ($30).
#define WRITTEN_COLUMNS                                                                     \
  "customer_id, title, owner_org_unit, owner_org_unit_path, owner_user,"                    \
  " collaborating_org_units, stage, furthest_stage, stage_days, probability,"               \
  " probability_overridden, forecast_category, currency_code, amount_minor, product_lines," \
  " expected_close_date, next_follow_up_date, lead_source, competitors, loss_reason,"       \
  " loss_reason_text, close_date, buying_committee, needs_survey, survey_completeness_bp,"  \
  " has_decision_maker, stage_model_version, stage_enter_time"
#define WRITTEN_VALUES                                                                        \
  "$2::uuid, $3, $4, $5::text[], $6, $7::text[], $8, $9, $10::integer[], $11, $12, $13, $14," \
  " $15, $16::jsonb, NULLIF($17, '')::date, NULLIF($18, '')::date, $19, $20::text[], $21,"    \
  " $22, NULLIF($23, '')::date, $24::jsonb, $25::jsonb, $26, $27, $28, $29::timestamptz"

constexpr char kInsert[] = "opportunity.insert";
constexpr char kInsertSql[] =
    "INSERT INTO opportunity.opportunities AS o (id, " WRITTEN_COLUMNS
    ", create_time, update_time) VALUES ($1::uuid, " WRITTEN_VALUES
    ", $30::timestamptz, $30::timestamptz) RETURNING " CRM_OPPORTUNITY_COLUMNS STORED_EXTRAS;
constexpr char kUpdate[] = "opportunity.update";
constexpr char kUpdateSql[] = "UPDATE opportunity.opportunities AS o SET (" WRITTEN_COLUMNS
                              ", update_time) = (" WRITTEN_VALUES
                              ", $30::timestamptz), version = o.version + 1 WHERE o.id = $1::uuid"
                              " RETURNING " CRM_OPPORTUNITY_COLUMNS STORED_EXTRAS;

constexpr char kInsertHistory[] = "opportunity.insert_history";
constexpr char kInsertHistorySql[] =
    "INSERT INTO opportunity.stage_history (opportunity_id, actor, method, change_time,"
    " previous_stage, stage, currency_code, previous_amount_minor, amount_minor,"
    " previous_expected_close_date, expected_close_date, previous_probability, probability,"
    " previous_forecast_category, forecast_category, days_in_previous_stage, reason,"
    " skipped_stages)"
    " VALUES ($1::uuid, $2, $3, $4::timestamptz, $5, $6, $7, NULLIF($8, '')::bigint, $9,"
    " NULLIF($10, '')::date, NULLIF($11, '')::date, NULLIF($12, '')::smallint, $13, $14, $15,"
    " NULLIF($16, '')::integer, $17, $18::smallint[])";
constexpr char kHistory[] = "opportunity.history";
constexpr char kHistorySql[] =
    "SELECT h.id, h.actor, h.method, (extract(epoch FROM h.change_time) * 1000000)::bigint,"
    " h.previous_stage, h.stage, h.currency_code, coalesce(h.previous_amount_minor::text, ''),"
    " h.amount_minor, coalesce(h.previous_expected_close_date::text, ''),"
    " coalesce(h.expected_close_date::text, ''), coalesce(h.previous_probability::text, ''),"
    " h.probability, h.previous_forecast_category, h.forecast_category,"
    " coalesce(h.days_in_previous_stage, 0), h.reason, array_to_string(h.skipped_stages, ',')"
    " FROM opportunity.stage_history h WHERE h.opportunity_id = $1::uuid AND h.id > $2"
    " ORDER BY h.id LIMIT $3";

#define MODEL_COLUMNS                                                         \
  "version, array_to_string(probabilities, ','), min_survey_completeness_bp," \
  " require_decision_maker, stale_after_days, (extract(epoch FROM create_time) * 1000000)::bigint"
constexpr char kModel[] = "opportunity.stage_model";
constexpr char kModelSql[] =
    "SELECT " MODEL_COLUMNS " FROM opportunity.stage_models ORDER BY version DESC LIMIT 1";
constexpr char kLockModel[] = "opportunity.lock_stage_model";
constexpr char kLockModelSql[] = "SELECT " MODEL_COLUMNS
                                 " FROM opportunity.stage_models ORDER BY version DESC LIMIT 1"
                                 " FOR UPDATE";
constexpr char kInsertModel[] = "opportunity.insert_stage_model";
constexpr char kInsertModelSql[] =
    "INSERT INTO opportunity.stage_models (version, probabilities, min_survey_completeness_bp,"
    " require_decision_maker, stale_after_days, actor, create_time)"
    " VALUES ($1, $2::smallint[], $3, $4, $5, $6, $7::timestamptz) RETURNING " MODEL_COLUMNS;

constexpr char kSameGroup[] = "opportunity.same_group";
constexpr char kSameGroupSql[] =
    "SELECT EXISTS (SELECT 1 FROM opportunity.replica_group_nodes x"
    " JOIN opportunity.replica_group_nodes y ON y.root_id = x.root_id"
    " WHERE x.customer_id = $1::uuid AND y.customer_id = $2::uuid)";

// The statements that paste the scope predicate (opportunity_scope.h) in.
constexpr char kGet[] = "opportunity.get";
constexpr char kLock[] = "opportunity.lock";
constexpr char kInScope[] = "opportunity.in_scope";
constexpr char kList[] = "opportunity.list";
constexpr char kCustomerInScope[] = "opportunity.customer_in_scope";

const std::string& GetSql() {
  static const std::string sql =
      crm::StrCat("SELECT " CRM_OPPORTUNITY_COLUMNS
                  " FROM opportunity.opportunities o WHERE o.id = $1::uuid AND ",
                  OpportunityInScope(2, 3));
  return sql;
}
const std::string& LockSql() {
  static const std::string sql =
      crm::StrCat("SELECT " CRM_OPPORTUNITY_COLUMNS STORED_EXTRAS
                  " FROM opportunity.opportunities o WHERE o.id = $1::uuid AND ",
                  OpportunityInScope(2, 3), " FOR UPDATE OF o");
  return sql;
}
const std::string& InScopeSql() {
  static const std::string sql =
      crm::StrCat("SELECT 1 FROM opportunity.opportunities o WHERE o.id = $1::uuid AND ",
                  OpportunityInScope(2, 3));
  return sql;
}
// $3 customer, $4 owner user, $5 owner org unit (its subtree), $6 stages,
// ($7, $8) the cursor (create time in microseconds, id), $9 the limit.
const std::string& ListSql() {
  static const std::string sql = crm::StrCat(
      "SELECT " CRM_OPPORTUNITY_COLUMNS " FROM opportunity.opportunities o WHERE ",
      OpportunityInScope(1, 2),
      " AND ($3 = '' OR o.customer_id = NULLIF($3, '')::uuid)"
      " AND ($4 = '' OR o.owner_user = $4)"
      " AND ($5 = '' OR o.owner_org_unit_path @> ARRAY[$5]::text[])"
      " AND (cardinality($6::smallint[]) = 0 OR o.stage = ANY($6::smallint[]))"
      " AND ($7::bigint = 0 OR (o.create_time, o.id) < ('epoch'::timestamptz + $7::bigint *"
      " interval '1 microsecond', NULLIF($8, '')::uuid))"
      " ORDER BY o.create_time DESC, o.id DESC LIMIT $9");
  return sql;
}
const std::string& CustomerInScopeSql() {
  static const std::string sql = crm::StrCat("SELECT ", CustomerInScope("$1::uuid", 2, 3));
  return sql;
}

std::string TimeParam(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

std::vector<int> IntList(const std::string& text) {
  std::vector<int> values;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(part, &value)) values.push_back(value);
  }
  return values;
}

StoredOpportunity StoredFromRow(const pqxx::row& row) {
  StoredOpportunity stored;
  stored.view = OpportunityFromRow(row);
  stored.id = row[0].as<std::string>();
  stored.customer_id = row[1].as<std::string>();
  const int e = kOpportunityColumnCount;
  stored.owner_org_unit_path = pg::ReadTextArray(row[e]);
  const std::vector<int> days = IntList(row[e + 1].as<std::string>());
  for (size_t i = 0; i < days.size() && i + 1 < stored.stage_days.size(); ++i) {
    stored.stage_days[i + 1] = days[i];
  }
  stored.furthest_stage = row[e + 2].as<int>();
  stored.has_decision_maker = row[e + 3].as<bool>();
  return stored;
}

std::string StageDaysLiteral(const std::array<int, 8>& days) {
  // PostgreSQL's array is indexed 1 … 7 by Stage number.
  return crm::StrCat("{", absl::StrJoin(days.begin() + 1, days.end(), ","), "}");
}

// Writes `s` with statement `name` (kInsert or kUpdate) and returns it as
// stored. The survey's completeness and the decision-maker flag follow from
// its fields here, so no path can store them out of step.
StoredOpportunity Write(pqxx::work& tx, const char* name, StoredOpportunity s, absl::Time now) {
  v1::Opportunity& o = s.view;
  const int completeness = SurveyCompletenessBp(o.needs_survey());
  o.mutable_needs_survey()->clear_completeness_bp();
  s.has_decision_maker = HasDecisionMaker(o.buying_committee());
  const std::string currency =
      o.amount().currency_code().empty() ? "CNY" : o.amount().currency_code();
  const pqxx::row row = tx.exec_prepared1(
      name, s.id, s.customer_id, o.title(), o.owner_org_unit(),
      auth::TextArrayLiteral(s.owner_org_unit_path), o.owner_user(),
      auth::TextArrayLiteral(
          {o.collaborating_org_units().begin(), o.collaborating_org_units().end()}),
      static_cast<int>(o.stage()), s.furthest_stage, StageDaysLiteral(s.stage_days),
      o.probability(), o.probability_overridden(), static_cast<int>(o.forecast_category()),
      currency, o.amount().minor_units(), ProductLinesJson(o), IsoDate(o.expected_close_date()),
      IsoDate(o.next_follow_up_date()), o.lead_source(),
      auth::TextArrayLiteral({o.competitors().begin(), o.competitors().end()}),
      static_cast<int>(o.loss_reason()), o.loss_reason_text(), IsoDate(o.close_date()),
      BuyingCommitteeJson(o), ToStoredJson(o.needs_survey()), completeness, s.has_decision_maker,
      o.stage_model_version(), TimeParam(TimeOf(o.stage_enter_time())), TimeParam(now));
  return StoredFromRow(row);
}

std::string OptionalDate(const v1::Opportunity* o) {
  return o == nullptr ? "" : IsoDate(o->expected_close_date());
}

bool SameMoney(const common::v1::Money& a, const common::v1::Money& b) {
  return a.currency_code() == b.currency_code() && a.minor_units() == b.minor_units();
}

// The history row of a change from `before` (null on creation) to `after`.
void RecordHistory(pqxx::work& tx, const request::Actor& actor, const v1::Opportunity* before,
                   const v1::Opportunity& after, const ChangeNote& note, absl::Time now) {
  std::vector<int> skipped(note.skipped_stages.begin(), note.skipped_stages.end());
  tx.exec_prepared0(
      kInsertHistory, *ParseOpportunityName(after.name()), actor.principal.user(), actor.method,
      TimeParam(now), before == nullptr ? 0 : static_cast<int>(before->stage()),
      static_cast<int>(after.stage()), after.amount().currency_code(),
      before == nullptr ? std::string() : crm::StrCat(before->amount().minor_units()),
      after.amount().minor_units(), OptionalDate(before), IsoDate(after.expected_close_date()),
      before == nullptr ? std::string() : crm::StrCat(before->probability()), after.probability(),
      before == nullptr ? 0 : static_cast<int>(before->forecast_category()),
      static_cast<int>(after.forecast_category()),
      note.days_in_previous_stage.has_value() ? crm::StrCat(*note.days_in_previous_stage)
                                              : std::string(),
      note.reason, crm::StrCat("{", absl::StrJoin(skipped, ","), "}"));
}

bool HistoryChanged(const v1::Opportunity& before, const v1::Opportunity& after) {
  return before.stage() != after.stage() || !SameMoney(before.amount(), after.amount()) ||
         IsoDate(before.expected_close_date()) != IsoDate(after.expected_close_date()) ||
         before.probability() != after.probability() ||
         before.forecast_category() != after.forecast_category();
}

StageModel ModelFromRow(const pqxx::row& row, absl::Time* update_time = nullptr) {
  StageModel model;
  model.version = row[0].as<int64_t>();
  const std::vector<int> probabilities = IntList(row[1].as<std::string>());
  for (size_t i = 0; i < probabilities.size() && i + 1 < model.probabilities.size(); ++i) {
    model.probabilities[i + 1] = probabilities[i];
  }
  model.min_survey_completeness_bp = row[2].as<int>();
  model.require_decision_maker = row[3].as<bool>();
  model.stale_after_days = row[4].as<int>();
  if (update_time != nullptr) *update_time = absl::FromUnixMicros(row[5].as<int64_t>());
  return model;
}

v1::StageModel ModelView(const pqxx::row& row) {
  absl::Time update_time;
  const StageModel model = ModelFromRow(row, &update_time);
  v1::StageModel view = StageModelToProto(model);
  view.set_version(model.version);
  view.set_etag(EtagOf(model.version));
  *view.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(update_time));
  return view;
}

v1::OpportunityHistoryEntry HistoryFromRow(const pqxx::row& row) {
  v1::OpportunityHistoryEntry entry;
  entry.set_actor(row[1].as<std::string>());
  entry.set_method(row[2].as<std::string>());
  *entry.mutable_change_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  entry.set_previous_stage(static_cast<v1::Stage>(row[4].as<int>()));
  entry.set_stage(static_cast<v1::Stage>(row[5].as<int>()));
  const std::string currency = row[6].as<std::string>();
  if (const std::string previous = row[7].as<std::string>(); !previous.empty()) {
    int64_t minor = 0;
    (void)absl::SimpleAtoi(previous, &minor);
    entry.mutable_previous_amount()->set_currency_code(currency);
    entry.mutable_previous_amount()->set_minor_units(minor);
  }
  entry.mutable_amount()->set_currency_code(currency);
  entry.mutable_amount()->set_minor_units(row[8].as<int64_t>());
  if (const std::string date = row[9].as<std::string>(); !date.empty()) {
    *entry.mutable_previous_expected_close_date() = DateOfIso(date);
  }
  if (const std::string date = row[10].as<std::string>(); !date.empty()) {
    *entry.mutable_expected_close_date() = DateOfIso(date);
  }
  int previous_probability = 0;
  (void)absl::SimpleAtoi(row[11].as<std::string>(), &previous_probability);
  entry.set_previous_probability(previous_probability);
  entry.set_probability(row[12].as<int>());
  entry.set_previous_forecast_category(static_cast<v1::ForecastCategory>(row[13].as<int>()));
  entry.set_forecast_category(static_cast<v1::ForecastCategory>(row[14].as<int>()));
  entry.set_days_in_previous_stage(row[15].as<int>());
  entry.set_reason(row[16].as<std::string>());
  for (const int stage : IntList(row[17].as<std::string>())) {
    entry.add_skipped_stages(static_cast<v1::Stage>(stage));
  }
  return entry;
}

absl::StatusOr<StageModel> ReadModel(pqxx::transaction_base& tx) {
  const pqxx::result rows = tx.exec_prepared(kModel);
  if (rows.empty()) return absl::InternalError("opportunity.stage_models is empty");
  return ModelFromRow(rows[0]);
}

// An opportunity created past LEAD passes the gates a move there from LEAD
// would (rules/stage_transition.h).
absl::Status CheckStartingStage(const StoredOpportunity& initial, const StageModel& model) {
  const v1::Opportunity& o = initial.view;
  if (o.stage() == v1::LEAD) return absl::OkStatus();
  const OpportunityFacts facts{.stage = v1::LEAD,
                               .furthest_stage = v1::LEAD,
                               .amount_minor_units = o.amount().minor_units(),
                               .survey_completeness_bp = SurveyCompletenessBp(o.needs_survey()),
                               .has_decision_maker = HasDecisionMaker(o.buying_committee())};
  return ApplyTransition(facts, ChangeStageTo{.stage = o.stage()}, CallerRelation{}, model)
      .status();
}

}  // namespace

absl::Status OpportunityUnreachable(const auth::v1::Principal& principal, const std::string& id) {
  const std::string name = OpportunityName(id);
  if (auth::ScopeOf(principal).all) {
    return status::Error(absl::StatusCode::kNotFound, kDomain, "OPPORTUNITY_NOT_FOUND",
                         crm::StrCat(name, " does not exist"), {{"opportunity", name}});
  }
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "OPPORTUNITY_NOT_IN_SCOPE",
      crm::StrCat(name, " is not among the opportunities ", principal.user(),
                  " may see (those of customers, owners or collaborators in the scope of ",
                  principal.org_unit(), "), or does not exist"),
      {{"opportunity", name}, {"user", principal.user()}});
}

std::vector<pg::PreparedStatement> OpportunityStore::Statements() {
  return {{kInsert, kInsertSql},
          {kUpdate, kUpdateSql},
          {kInsertHistory, kInsertHistorySql},
          {kHistory, kHistorySql},
          {kModel, kModelSql},
          {kLockModel, kLockModelSql},
          {kInsertModel, kInsertModelSql},
          {kSameGroup, kSameGroupSql},
          {kGet, GetSql()},
          {kLock, LockSql()},
          {kInScope, InScopeSql()},
          {kList, ListSql()},
          {kCustomerInScope, CustomerInScopeSql()}};
}

absl::StatusOr<std::vector<std::string>> OpportunityStore::OwnerPathFor(
    const auth::v1::Principal& principal, const std::string& unit) {
  return auth::OrgUnitPathFor(principal, unit, kDomain,
                              "an opportunity is owned by the caller's org unit or one below it");
}

absl::StatusOr<bool> OpportunityStore::SameGroup(const std::string& a, const std::string& b) {
  bool same = false;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        same = tx.exec_prepared1(kSameGroup, a, b)[0].as<bool>();
        return absl::OkStatus();
      },
      "opportunity.same_group");
  if (!status.ok()) return status;
  return same;
}

absl::StatusOr<StageModel> OpportunityStore::CurrentStageModel() {
  absl::StatusOr<StageModel> model;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        model = ReadModel(tx);
        return model.status();
      },
      "opportunity.stage_model");
  if (!status.ok()) return status;
  return model;
}

absl::StatusOr<v1::StageModel> OpportunityStore::CurrentStageModelView() {
  v1::StageModel view;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(kModel);
        if (rows.empty()) return absl::InternalError("opportunity.stage_models is empty");
        view = ModelView(rows[0]);
        return absl::OkStatus();
      },
      "opportunity.stage_model");
  if (!status.ok()) return status;
  return view;
}

absl::StatusOr<v1::StageModel> OpportunityStore::UpdateStageModel(const request::Actor& actor,
                                                                  const StageModel& model,
                                                                  int64_t expected_version) {
  return idempotency::RunIdempotent<v1::StageModel>(
      pool_, request_log_, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::StageModel> {
        const pqxx::result rows = tx.exec_prepared(kLockModel);
        if (rows.empty()) return absl::InternalError("opportunity.stage_models is empty");
        const int64_t current = rows[0][0].as<int64_t>();
        if (current != expected_version) {
          return EtagMismatch(kDomain, "stageModel", expected_version, current);
        }
        const std::vector<int> probabilities(model.probabilities.begin() + 1,
                                             model.probabilities.end());
        return ModelView(tx.exec_prepared1(
            kInsertModel, current + 1, crm::StrCat("{", absl::StrJoin(probabilities, ","), "}"),
            model.min_survey_completeness_bp, model.require_decision_maker, model.stale_after_days,
            actor.principal.user(), TimeParam(clock_.Now())));
      });
}

absl::StatusOr<v1::Opportunity> OpportunityStore::Create(
    const request::Actor& actor, const replicas::ReplicatedCustomer& customer,
    StoredOpportunity initial) {
  return idempotency::RunIdempotent<v1::Opportunity>(
      pool_, request_log_, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Opportunity> {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
        const bool in_scope =
            tx.exec_prepared1(kCustomerInScope, customer.id, scope.all, scope.org_units)[0]
                .as<bool>();
        if (!in_scope) {
          const std::string name = names::CustomerName(customer.id);
          return status::Error(
              absl::StatusCode::kPermissionDenied, kDomain, "CUSTOMER_NOT_IN_SCOPE",
              crm::StrCat(name, " is owned by ", customer.owner_org_unit,
                          " and not served by an org unit in the scope of ", actor.principal.user(),
                          "; ask its owner to add yours to its account team"),
              {{"customer", name}, {"ownerOrgUnit", customer.owner_org_unit}});
        }
        if (customer.state == replicas::CustomerState::kDeleted) {
          const std::string name = names::CustomerName(customer.id);
          return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                               crm::StrCat(name, " is deleted; undelete it first"),
                               {{"customer", name}});
        }
        absl::StatusOr<StageModel> model = ReadModel(tx);
        if (!model.ok()) return model.status();
        if (absl::Status s = CheckStartingStage(initial, *model); !s.ok()) return s;
        const absl::Time now = clock_.Now();
        initial.customer_id = customer.id;
        initial.view.set_stage_model_version(model->version);
        *initial.view.mutable_stage_enter_time() =
            TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
        if (!initial.view.probability_overridden()) {
          initial.view.set_probability(model->Probability(initial.view.stage()));
        }
        initial.furthest_stage = initial.view.stage();
        const StoredOpportunity created = Write(tx, kInsert, std::move(initial), now);
        RecordHistory(tx, actor, nullptr, created.view,
                      {.event = v1::OpportunityEvent::OPPORTUNITY_CREATED}, now);
        RecordOpportunityEvent(outbox_, tx, v1::OpportunityEvent::OPPORTUNITY_CREATED,
                               created.view.name(), created.customer_id, VersionOf(created.view));
        return created.view;
      });
}

absl::StatusOr<v1::Opportunity> OpportunityStore::Change(const request::Actor& actor,
                                                         const std::string& id,
                                                         std::optional<int64_t> expected_version,
                                                         ChangeFn change) {
  return idempotency::RunIdempotent<v1::Opportunity>(
      pool_, request_log_, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Opportunity> {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
        const pqxx::result rows = tx.exec_prepared(kLock, id, scope.all, scope.org_units);
        if (rows.empty()) return OpportunityUnreachable(actor.principal, id);
        const StoredOpportunity before = StoredFromRow(rows[0]);
        const int64_t version = VersionOf(before.view);
        if (expected_version.has_value() && *expected_version != version) {
          return EtagMismatch(kDomain, before.view.name(), *expected_version, version);
        }
        absl::StatusOr<StageModel> model = ReadModel(tx);
        if (!model.ok()) return model.status();
        const absl::Time now = clock_.Now();
        StoredOpportunity next = before;
        absl::StatusOr<ChangeNote> note = change(next, *model, now);
        if (!note.ok()) return note.status();
        const StoredOpportunity after = Write(tx, kUpdate, std::move(next), now);
        if (HistoryChanged(before.view, after.view)) {
          RecordHistory(tx, actor, &before.view, after.view, *note, now);
        }
        RecordOpportunityEvent(outbox_, tx, note->event, after.view.name(), after.customer_id,
                               VersionOf(after.view));
        return after.view;
      });
}

absl::StatusOr<v1::Opportunity> OpportunityStore::Get(const auth::v1::Principal& principal,
                                                      const std::string& id) {
  absl::StatusOr<v1::Opportunity> found;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(principal));
        const pqxx::result rows = tx.exec_prepared(kGet, id, scope.all, scope.org_units);
        if (rows.empty()) return OpportunityUnreachable(principal, id);
        found = OpportunityFromRow(rows[0]);
        return absl::OkStatus();
      },
      "opportunity.get");
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<std::vector<v1::Opportunity>> OpportunityStore::List(
    const auth::v1::Principal& principal, const OpportunityFilter& filter,
    const OpportunityCursor& cursor, int limit) {
  std::vector<v1::Opportunity> page;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(principal));
        const pqxx::result rows = tx.exec_prepared(
            kList, scope.all, scope.org_units, filter.customer_id, filter.owner_user,
            filter.owner_org_unit, crm::StrCat("{", absl::StrJoin(filter.stages, ","), "}"),
            cursor.create_micros, cursor.id, limit);
        for (const pqxx::row& row : rows) page.push_back(OpportunityFromRow(row));
        return absl::OkStatus();
      },
      "opportunity.list");
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<std::vector<OpportunityStore::HistoryRow>> OpportunityStore::History(
    const auth::v1::Principal& principal, const std::string& id, int64_t after_id, int limit) {
  std::vector<HistoryRow> page;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(principal));
        if (tx.exec_prepared(kInScope, id, scope.all, scope.org_units).empty()) {
          return OpportunityUnreachable(principal, id);
        }
        for (const pqxx::row& row : tx.exec_prepared(kHistory, id, after_id, limit)) {
          page.push_back({.id = row[0].as<int64_t>(), .entry = HistoryFromRow(row)});
        }
        return absl::OkStatus();
      },
      "opportunity.history");
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::opportunity
