#include "services/collaboration/attribution/attribution_store.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/names/resource_names.h"
#include "libs/pg/text_array.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"
#include "services/collaboration/core/request_row.h"
#include "services/collaboration/rules/credit_split.h"

namespace crm::collaboration {
namespace {

// A timestamptz column as microseconds since the epoch, -1 for NULL.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"

// The columns of an attribution aliased `a` joined to its policy version `p`:
// see StoredFromRow.
#define ATTRIBUTION_COLUMNS \
  "a.id::text, coalesce(a.opportunity_id::text, ''), coalesce(a.contract_id::text, ''),"        \
  " a.customer_id::text,"                                                                       \
  " coalesce((SELECT rc.display_name FROM collaboration.replica_customers rc"                   \
  "   WHERE rc.customer_id = a.customer_id), ''),"                                              \
  " a.deal_title, a.currency_code, a.amount_minor, to_char(a.deal_date, 'YYYYMMDD')::int,"      \
  " a.deal_quarter, a.owner_org_unit, a.state, a.policy_version, p.information_bp,"             \
  " p.resources_bp, p.participation_bp, p.customer_evaluation_bp, p.dispute_days, " MICROS(     \
      "a.dispute_deadline") ", a.dispute_reason, a.disputed_by, a.revision, a.version, " MICROS( \
      "a.create_time") ", " MICROS("a.update_time")
#define ATTRIBUTION_FROM               \
  " FROM collaboration.attributions a" \
  " JOIN collaboration.attribution_policies p ON p.version = a.policy_version"

constexpr char kRead[] = "collaboration.attribution_read";
constexpr char kReadSql[] =
    "SELECT " ATTRIBUTION_COLUMNS ATTRIBUTION_FROM " WHERE a.id = ANY($1::uuid[])";
constexpr char kLock[] = "collaboration.attribution_lock";
constexpr char kInScope[] = "collaboration.attribution_in_scope";
constexpr char kContributors[] = "collaboration.attribution_contributors";
constexpr char kContributorsSql[] =
    "SELECT c.attribution_id::text, c.org_unit, array_to_string(c.roles, ','),"
    " coalesce(c.information, -1), coalesce(c.resources, -1), coalesce(c.participation, -1),"
    " coalesce(c.customer_evaluation, -1), c.weighted_score, c.share_bp, c.credited_minor,"
    " c.evidence"
    " FROM collaboration.attribution_contributors c WHERE c.attribution_id = ANY($1::uuid[])"
    " ORDER BY c.attribution_id, c.org_unit";
constexpr char kDeleteContributors[] = "collaboration.attribution_delete_contributors";
constexpr char kDeleteContributorsSql[] =
    "DELETE FROM collaboration.attribution_contributors WHERE attribution_id = $1::uuid";
// Scores '' (not scored) are NULL.
constexpr char kInsertContributor[] = "collaboration.attribution_insert_contributor";
constexpr char kInsertContributorSql[] =
    "INSERT INTO collaboration.attribution_contributors (attribution_id, org_unit, roles,"
    " information, resources, participation, customer_evaluation, weighted_score, share_bp,"
    " credited_minor, evidence) VALUES ($1::uuid, $2, string_to_array($3, ',')::smallint[],"
    " NULLIF($4, '')::smallint, NULLIF($5, '')::smallint, NULLIF($6, '')::smallint,"
    " NULLIF($7, '')::smallint, $8, $9, $10, $11::text[])";
constexpr char kTouchContributors[] = "collaboration.attribution_touch_contributors";
constexpr char kTouchContributorsSql[] =
    "UPDATE collaboration.attributions SET contributor_org_units = $2::text[],"
    " revision = revision + $3, version = version + 1, update_time = $4::timestamptz"
    " WHERE id = $1::uuid RETURNING version";
constexpr char kSaveState[] = "collaboration.attribution_save_state";
constexpr char kSaveStateSql[] =
    "UPDATE collaboration.attributions SET state = $2,"
    " submitter = CASE WHEN $3 = '' THEN submitter ELSE $3 END,"
    " approve_time = CASE WHEN $4::boolean THEN $9::timestamptz ELSE approve_time END,"
    " dispute_deadline = CASE WHEN $4::boolean THEN $5::timestamptz ELSE dispute_deadline END,"
    " dispute_reason = CASE WHEN $6::boolean THEN $7 ELSE dispute_reason END,"
    " disputed_by = CASE WHEN $6::boolean THEN $8 ELSE disputed_by END,"
    " version = version + 1, update_time = $9::timestamptz"
    " WHERE id = $1::uuid RETURNING version";
constexpr char kHistory[] = "collaboration.attribution_history_add";
constexpr char kHistorySql[] =
    "INSERT INTO collaboration.attribution_history (attribution_id, actor, method,"
    " previous_state, state, comment, previous_contributors, contributors, change_time)"
    " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::timestamptz)";
constexpr char kReadHistory[] = "collaboration.attribution_history_read";
constexpr char kReadHistorySql[] =
    "SELECT h.actor, " MICROS("h.change_time") ", h.method, h.previous_state, h.state, h.comment,"
    " h.previous_contributors::text, h.contributors::text"
    " FROM collaboration.attribution_history h WHERE h.attribution_id = $1::uuid"
    " ORDER BY h.entry_id";
constexpr char kHasHistory[] = "collaboration.attribution_history_has";
constexpr char kHasHistorySql[] =
    "SELECT 1 FROM collaboration.attribution_history h"
    " WHERE h.attribution_id = $1::uuid AND h.method = $2 LIMIT 1";
#define POLICY_COLUMNS                                                               \
  "version, information_bp, resources_bp, participation_bp, customer_evaluation_bp," \
  " dispute_days, " MICROS("create_time")
constexpr char kCurrentPolicy[] = "collaboration.attribution_policy_current";
constexpr char kCurrentPolicySql[] =
    "SELECT " POLICY_COLUMNS
    " FROM collaboration.attribution_policies ORDER BY version DESC LIMIT 1";
constexpr char kPolicyVersion[] = "collaboration.attribution_policy_version";
constexpr char kPolicyVersionSql[] =
    "SELECT " POLICY_COLUMNS " FROM collaboration.attribution_policies WHERE version = $1";
constexpr char kAddPolicy[] = "collaboration.attribution_policy_add";
constexpr char kAddPolicySql[] =
    "INSERT INTO collaboration.attribution_policies (version, information_bp, resources_bp,"
    " participation_bp, customer_evaluation_bp, dispute_days, actor, create_time)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz) RETURNING " POLICY_COLUMNS;

constexpr char kLockPolicies[] = "collaboration.attribution_policy_lock";
constexpr char kLockPoliciesSql[] =
    "SELECT pg_advisory_xact_lock(hashtext('collaboration.attribution_policies'))::text";

const std::string& LockSql() {
  static const std::string sql =
      crm::StrCat("SELECT " ATTRIBUTION_COLUMNS ATTRIBUTION_FROM " WHERE a.id = $1::uuid AND ",
                  AttributionInScope(2, 3), " FOR UPDATE OF a");
  return sql;
}
const std::string& InScopeSql() {
  static const std::string sql =
      crm::StrCat("SELECT " ATTRIBUTION_COLUMNS ATTRIBUTION_FROM " WHERE a.id = $1::uuid AND ",
                  AttributionInScope(2, 3));
  return sql;
}

common::v1::Date DateOfNumber(int yyyymmdd) {
  common::v1::Date date;
  date.set_year(yyyymmdd / 10000);
  date.set_month(yyyymmdd / 100 % 100);
  date.set_day(yyyymmdd % 100);
  return date;
}

StoredAttribution StoredFromRow(const pqxx::row& row) {
  StoredAttribution s;
  v1::Attribution& out = s.view;
  s.id = row[0].as<std::string>();
  out.set_name(AttributionName(s.id));
  if (const std::string o = row[1].as<std::string>(); !o.empty()) {
    out.set_opportunity(names::OpportunityName(o));
  }
  if (const std::string c = row[2].as<std::string>(); !c.empty()) {
    out.set_contract(names::ContractName(c));
  }
  s.customer_id = row[3].as<std::string>();
  out.set_customer(names::CustomerName(s.customer_id));
  out.set_customer_display_name(row[4].as<std::string>());
  out.set_deal_title(row[5].as<std::string>());
  out.mutable_amount()->set_currency_code(row[6].as<std::string>());
  out.mutable_amount()->set_minor_units(row[7].as<int64_t>());
  *out.mutable_deal_date() = DateOfNumber(row[8].as<int>());
  s.quarter = row[9].as<std::string>();
  out.set_owner_org_unit(row[10].as<std::string>());
  out.set_state(static_cast<v1::AttributionState>(row[11].as<int>()));
  out.set_policy_version(row[12].as<int64_t>());
  v1::DimensionWeights& w = *out.mutable_weights();
  w.set_information_bp(row[13].as<int32_t>());
  w.set_resources_bp(row[14].as<int32_t>());
  w.set_participation_bp(row[15].as<int32_t>());
  w.set_customer_evaluation_bp(row[16].as<int32_t>());
  s.dispute_days = row[17].as<int32_t>();
  // The window is shown while it is open to disputes.
  if (out.state() == v1::APPROVED)
    SetTimestamp(row[18].as<int64_t>(), out.mutable_dispute_deadline());
  out.set_dispute_reason(row[19].as<std::string>());
  out.set_disputed_by(row[20].as<std::string>());
  out.set_revision(row[21].as<int32_t>());
  s.version = row[22].as<int64_t>();
  out.set_etag(EtagOf(s.version));
  SetTimestamp(row[23].as<int64_t>(), out.mutable_create_time());
  SetTimestamp(row[24].as<int64_t>(), out.mutable_update_time());
  return s;
}

void FillContributors(pqxx::transaction_base& tx, std::vector<StoredAttribution>& attributions) {
  if (attributions.empty()) return;
  std::vector<std::string> ids;
  absl::flat_hash_map<std::string, StoredAttribution*> by_id;
  for (StoredAttribution& a : attributions) {
    ids.push_back(a.id);
    by_id[a.id] = &a;
  }
  for (const pqxx::row& row : tx.exec_prepared(kContributors, auth::TextArrayLiteral(ids))) {
    StoredAttribution& a = *by_id.at(row[0].as<std::string>());
    v1::Contributor& c = *a.view.add_contributors();
    c.set_org_unit(row[1].as<std::string>());
    for (const absl::string_view role :
         absl::StrSplit(row[2].as<std::string>(), ',', absl::SkipEmpty())) {
      int number = 0;
      if (absl::SimpleAtoi(role, &number) && v1::ContributorRole_IsValid(number)) {
        c.add_roles(static_cast<v1::ContributorRole>(number));
      }
    }
    if (row[3].as<int>() >= 0) {
      v1::ContributionScores& s = *c.mutable_scores();
      s.set_information(row[3].as<int>());
      s.set_resources(row[4].as<int>());
      s.set_participation(row[5].as<int>());
      s.set_customer_evaluation(row[6].as<int>());
    }
    c.set_weighted_score(row[7].as<int64_t>());
    c.set_share_bp(row[8].as<int32_t>());
    c.mutable_credited_amount()->set_currency_code(a.view.amount().currency_code());
    c.mutable_credited_amount()->set_minor_units(row[9].as<int64_t>());
    for (std::string& e : pg::ReadTextArray(row[10])) c.add_evidence(std::move(e));
  }
}

absl::Status NotFound(const std::string& id) {
  const std::string name = AttributionName(id);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "ATTRIBUTION_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"attribution", name}});
}

std::string ContributorsJson(const google::protobuf::RepeatedPtrField<v1::Contributor>* list) {
  if (list == nullptr) return "[]";
  std::vector<std::string> parts;
  for (const v1::Contributor& c : *list) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(c, &json);
    parts.push_back(std::move(json));
  }
  return crm::StrCat("[", absl::StrJoin(parts, ","), "]");
}

// A jsonb array of Contributor messages back into `out`.
void ParseContributors(const std::string& json,
                       google::protobuf::RepeatedPtrField<v1::Contributor>* out) {
  v1::AttributionHistoryEntry holder;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (google::protobuf::util::JsonStringToMessage(crm::StrCat("{\"contributors\":", json, "}"),
                                                  &holder, options)
          .ok()) {
    out->Swap(holder.mutable_contributors());
  }
}

AttributionPolicyRow PolicyFromRow(const pqxx::row& row) {
  AttributionPolicyRow p;
  p.version = row[0].as<int64_t>();
  p.weights.set_information_bp(row[1].as<int32_t>());
  p.weights.set_resources_bp(row[2].as<int32_t>());
  p.weights.set_participation_bp(row[3].as<int32_t>());
  p.weights.set_customer_evaluation_bp(row[4].as<int32_t>());
  p.dispute_days = row[5].as<int32_t>();
  p.create_time = absl::FromUnixMicros(row[6].as<int64_t>());
  return p;
}

}  // namespace

absl::Status AttributionUnreachable(const auth::v1::Principal& principal, const std::string& id) {
  if (auth::ScopeOf(principal).all) return NotFound(id);
  const std::string name = AttributionName(id);
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "ATTRIBUTION_NOT_IN_SCOPE",
      crm::StrCat(name, " is not among the attributions ", principal.user(),
                  " may see (those of deals owned by or contributed to by org units in the scope "
                  "of ",
                  principal.org_unit(), "), or does not exist"),
      {{"attribution", name}, {"user", principal.user()}});
}

absl::StatusOr<StoredAttribution> LockAttribution(pqxx::work& tx,
                                                  const auth::v1::Principal& principal,
                                                  const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::result rows = tx.exec_prepared(kLock, id, scope.all, scope.org_units);
  if (rows.empty()) return AttributionUnreachable(principal, id);
  std::vector<StoredAttribution> locked = {StoredFromRow(rows[0])};
  FillContributors(tx, locked);
  return std::move(locked.front());
}

absl::StatusOr<StoredAttribution> ReadAttributionInScope(pqxx::transaction_base& tx,
                                                         const auth::v1::Principal& principal,
                                                         const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::result rows = tx.exec_prepared(kInScope, id, scope.all, scope.org_units);
  if (rows.empty()) return AttributionUnreachable(principal, id);
  std::vector<StoredAttribution> found = {StoredFromRow(rows[0])};
  FillContributors(tx, found);
  return std::move(found.front());
}

std::vector<StoredAttribution> ReadAttributions(pqxx::transaction_base& tx,
                                                const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  absl::flat_hash_map<std::string, StoredAttribution> found;
  for (const pqxx::row& row : tx.exec_prepared(kRead, auth::TextArrayLiteral(ids))) {
    StoredAttribution stored = StoredFromRow(row);
    std::string id = stored.id;
    found.emplace(std::move(id), std::move(stored));
  }
  std::vector<StoredAttribution> out;
  out.reserve(found.size());
  for (const std::string& id : ids) {
    if (auto it = found.find(id); it != found.end()) out.push_back(std::move(it->second));
  }
  FillContributors(tx, out);
  return out;
}

int64_t SaveContributors(pqxx::work& tx, const std::string& id,
                         const google::protobuf::RepeatedPtrField<v1::Contributor>& contributors,
                         absl::Time now, int revision_delta) {
  tx.exec_prepared0(kDeleteContributors, id);
  std::vector<std::string> org_units;
  for (const v1::Contributor& c : contributors) {
    std::vector<std::string> roles;
    for (const int role : c.roles()) roles.push_back(crm::StrCat(role));
    const bool scored = c.has_scores();
    const auto score = [&](int32_t value) { return scored ? crm::StrCat(value) : std::string(); };
    tx.exec_prepared0(kInsertContributor, id, c.org_unit(), absl::StrJoin(roles, ","),
                      score(c.scores().information()), score(c.scores().resources()),
                      score(c.scores().participation()), score(c.scores().customer_evaluation()),
                      c.weighted_score(), c.share_bp(), c.credited_amount().minor_units(),
                      auth::TextArrayLiteral({c.evidence().begin(), c.evidence().end()}));
    org_units.push_back(c.org_unit());
  }
  return tx
      .exec_prepared1(kTouchContributors, id, auth::TextArrayLiteral(org_units), revision_delta,
                      TimeParam(now))[0]
      .as<int64_t>();
}

int64_t SaveState(pqxx::work& tx, const std::string& id, const StateChange& change,
                  absl::Time now) {
  return tx
      .exec_prepared1(
          kSaveState, id, static_cast<int>(change.state), change.submitter, change.approve,
          change.approve ? TimeParam(change.dispute_deadline) : TimeParam(now), change.set_dispute,
          change.dispute_reason, change.disputed_by, TimeParam(now))[0]
      .as<int64_t>();
}

void RecordHistory(pqxx::work& tx, const std::string& id, std::string_view actor,
                   std::string_view method, v1::AttributionState previous,
                   v1::AttributionState next, std::string_view comment, absl::Time now,
                   const google::protobuf::RepeatedPtrField<v1::Contributor>* before,
                   const google::protobuf::RepeatedPtrField<v1::Contributor>* after) {
  tx.exec_prepared0(kHistory, id, std::string(actor), std::string(method),
                    static_cast<int>(previous), static_cast<int>(next), std::string(comment),
                    ContributorsJson(before), ContributorsJson(after), TimeParam(now));
}

std::vector<v1::AttributionHistoryEntry> ReadHistory(pqxx::transaction_base& tx,
                                                     const std::string& id) {
  std::vector<v1::AttributionHistoryEntry> entries;
  for (const pqxx::row& row : tx.exec_prepared(kReadHistory, id)) {
    v1::AttributionHistoryEntry& e = entries.emplace_back();
    e.set_actor(row[0].as<std::string>());
    SetTimestamp(row[1].as<int64_t>(), e.mutable_change_time());
    e.set_method(row[2].as<std::string>());
    e.set_previous_state(static_cast<v1::AttributionState>(row[3].as<int>()));
    e.set_state(static_cast<v1::AttributionState>(row[4].as<int>()));
    e.set_comment(row[5].as<std::string>());
    ParseContributors(row[6].as<std::string>(), e.mutable_previous_contributors());
    ParseContributors(row[7].as<std::string>(), e.mutable_contributors());
  }
  return entries;
}

bool HasHistoryOf(pqxx::transaction_base& tx, const std::string& id, std::string_view method) {
  return !tx.exec_prepared(kHasHistory, id, std::string(method)).empty();
}

absl::Status Rescore(v1::Attribution& view, bool required) {
  auto& contributors = *view.mutable_contributors();
  std::sort(contributors.begin(), contributors.end(),
            [](const v1::Contributor& a, const v1::Contributor& b) {
              return a.org_unit() < b.org_unit();
            });
  std::vector<int64_t> weights;
  for (const v1::Contributor& c : contributors) {
    weights.push_back(c.has_scores() ? ExactWeightedScore(c.scores(), view.weights()) : 0);
  }
  absl::StatusOr<CreditSplitParts> split =
      SplitCreditByWeights(weights, view.amount().minor_units());
  if (!split.ok() && (required || split.status().code() != absl::StatusCode::kFailedPrecondition)) {
    return split.status();
  }
  for (int i = 0; i < contributors.size(); ++i) {
    v1::Contributor& c = contributors[i];
    c.set_weighted_score(c.has_scores() ? WeightedScore(c.scores(), view.weights()) : 0);
    c.set_share_bp(split.ok() ? split->shares_bp[i] : 0);
    c.mutable_credited_amount()->set_currency_code(view.amount().currency_code());
    c.mutable_credited_amount()->set_minor_units(split.ok() ? split->credited_minor[i] : 0);
  }
  return absl::OkStatus();
}

CreditSplit CreditSplitOf(const StoredAttribution& attribution) {
  const v1::Attribution& a = attribution.view;
  CreditSplit split;
  split.quarter = attribution.quarter;
  split.currency_code = a.amount().currency_code();
  split.owner_org_unit = a.owner_org_unit();
  split.amount_minor = a.amount().minor_units();
  for (const v1::Contributor& c : a.contributors()) {
    split.parts.push_back({.org_unit = c.org_unit(),
                           .share_bp = c.share_bp(),
                           .credited_minor = c.credited_amount().minor_units()});
  }
  return split;
}

AttributionPolicyRow CurrentAttributionPolicy(pqxx::transaction_base& tx) {
  return PolicyFromRow(tx.exec_prepared1(kCurrentPolicy));
}

absl::StatusOr<AttributionPolicyRow> AttributionPolicyVersion(pqxx::transaction_base& tx,
                                                              int64_t version) {
  const pqxx::result rows = tx.exec_prepared(kPolicyVersion, version);
  if (rows.empty()) {
    return absl::InternalError(crm::StrCat("attribution policy version ", version, " is missing"));
  }
  return PolicyFromRow(rows[0]);
}

void LockAttributionPolicies(pqxx::work& tx) { tx.exec_prepared1(kLockPolicies); }

AttributionPolicyRow AddAttributionPolicy(pqxx::work& tx, int64_t version,
                                          const v1::DimensionWeights& weights, int32_t dispute_days,
                                          std::string_view actor, absl::Time now) {
  return PolicyFromRow(tx.exec_prepared1(kAddPolicy, version, weights.information_bp(),
                                         weights.resources_bp(), weights.participation_bp(),
                                         weights.customer_evaluation_bp(), dispute_days,
                                         std::string(actor), TimeParam(now)));
}

v1::AttributionPolicy PolicyView(const AttributionPolicyRow& row) {
  v1::AttributionPolicy out;
  out.set_name("attributionPolicy");
  out.set_version(row.version);
  *out.mutable_weights() = row.weights;
  out.set_dispute_days(row.dispute_days);
  out.set_etag(EtagOf(row.version));
  SetTimestamp(absl::ToUnixMicros(row.create_time), out.mutable_update_time());
  return out;
}

std::vector<pg::PreparedStatement> AttributionStoreStatements() {
  return {{kRead, kReadSql},
          {kLock, LockSql()},
          {kInScope, InScopeSql()},
          {kContributors, kContributorsSql},
          {kDeleteContributors, kDeleteContributorsSql},
          {kInsertContributor, kInsertContributorSql},
          {kTouchContributors, kTouchContributorsSql},
          {kSaveState, kSaveStateSql},
          {kHistory, kHistorySql},
          {kReadHistory, kReadHistorySql},
          {kHasHistory, kHasHistorySql},
          {kCurrentPolicy, kCurrentPolicySql},
          {kPolicyVersion, kPolicyVersionSql},
          {kAddPolicy, kAddPolicySql},
          {kLockPolicies, kLockPoliciesSql}};
}

}  // namespace crm::collaboration
