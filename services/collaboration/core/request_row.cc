#include "services/collaboration/core/request_row.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/names/resource_names.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"

namespace crm::collaboration {
namespace {

using ::google::protobuf::util::TimeUtil;

// A timestamptz column as microseconds since the epoch, -1 for NULL.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"

// The columns of a request aliased `r`: see StoredFromRow.
#define REQUEST_COLUMNS \
  "r.id::text, r.customer_id::text,"                                                              \
  " coalesce((SELECT rc.display_name FROM collaboration.replica_customers rc"                     \
  "   WHERE rc.customer_id = r.customer_id), ''),"                                                \
  " coalesce(r.opportunity_id::text, ''), coalesce(r.contract_id::text, ''), r.title,"            \
  " r.description, r.requesting_org_unit, r.urgency, r.step, r.step_owner, " MICROS(              \
      "r.step_due_time") ", r.requester, " MICROS("r.response_due_time") ", " MICROS(             \
      "r.acknowledge_time") ", " MICROS("r.response_breach_time") ", " MICROS(                    \
      "r.step_breach_time") ", " MICROS("r.escalate_time") ", r.cancel_reason,"                   \
                                                           " r.sla_policy_version, r.version, " MICROS( \
                                                               "r.create_time") ", " MICROS("r.update_time")

constexpr char kRead[] = "collaboration.row_read";
constexpr char kReadSql[] =
    "SELECT " REQUEST_COLUMNS " FROM collaboration.requests r WHERE r.id = ANY($1::uuid[])";
constexpr char kLock[] = "collaboration.row_lock";
constexpr char kInScope[] = "collaboration.row_in_scope";
constexpr char kParticipants[] = "collaboration.row_participants";
constexpr char kParticipantsSql[] =
    "SELECT p.request_id::text, p.org_unit, p.task, p.owner, " MICROS(
        "p.acknowledge_time") ", p.acknowledged_by"
                              " FROM collaboration.request_participants p"
                              " WHERE p.request_id = ANY($1::uuid[])"
                              " ORDER BY p.request_id, p.position";
constexpr char kTouch[] = "collaboration.row_touch";
constexpr char kTouchSql[] =
    "UPDATE collaboration.requests SET version = version + 1, update_time = $2::timestamptz"
    " WHERE id = $1::uuid RETURNING version";
constexpr char kTimeline[] = "collaboration.row_timeline";
constexpr char kTimelineSql[] =
    "INSERT INTO collaboration.request_timeline (request_id, kind, actor, create_time,"
    " previous_step, step, comment) VALUES ($1::uuid, $2, $3, $4::timestamptz, $5, $6, $7)"
    " RETURNING entry_id";
constexpr char kTimelineEntry[] = "collaboration.row_timeline_entry";
constexpr char kTimelineEntrySql[] =
    "SELECT t.entry_id, t.kind, t.actor, " MICROS(
        "t.create_time") ", t.previous_step, t.step, t.comment"
                         " FROM collaboration.request_timeline t"
                         " WHERE t.request_id = $1::uuid AND t.entry_id = $2";

const std::string& LockSql() {
  static const std::string sql = crm::StrCat(
      "SELECT " REQUEST_COLUMNS " FROM collaboration.requests r WHERE r.id = $1::uuid AND ",
      RequestInScope(2, 3), " FOR UPDATE OF r");
  return sql;
}
const std::string& InScopeSql() {
  static const std::string sql = crm::StrCat(
      "SELECT 1 FROM collaboration.requests r WHERE r.id = $1::uuid AND ", RequestInScope(2, 3));
  return sql;
}

// Sets a timestamp of `out` from a MICROS column, leaving it unset for NULL.
void SetTime(const pqxx::field& micros, v1::CollaborationRequest& out,
             google::protobuf::Timestamp* (v1::CollaborationRequest::*field)()) {
  if (const int64_t value = micros.as<int64_t>(); value >= 0) {
    *(out.*field)() = TimeUtil::MicrosecondsToTimestamp(value);
  }
}

StoredRequest StoredFromRow(const pqxx::row& row) {
  using R = v1::CollaborationRequest;
  StoredRequest s;
  R& out = s.view;
  s.id = row[0].as<std::string>();
  out.set_name(RequestName(s.id));
  s.customer_id = row[1].as<std::string>();
  out.set_customer(names::CustomerName(s.customer_id));
  out.set_customer_display_name(row[2].as<std::string>());
  s.opportunity_id = row[3].as<std::string>();
  if (!s.opportunity_id.empty()) out.set_opportunity(names::OpportunityName(s.opportunity_id));
  s.contract_id = row[4].as<std::string>();
  if (!s.contract_id.empty()) out.set_contract(names::ContractName(s.contract_id));
  out.set_title(row[5].as<std::string>());
  out.set_description(row[6].as<std::string>());
  out.set_requesting_org_unit(row[7].as<std::string>());
  out.set_urgency(static_cast<v1::Urgency>(row[8].as<int>()));
  out.set_step(static_cast<v1::CollaborationStep>(row[9].as<int>()));
  out.set_step_owner(row[10].as<std::string>());
  SetTime(row[11], out, &R::mutable_step_due_time);
  out.set_requester(row[12].as<std::string>());
  SetTime(row[13], out, &R::mutable_response_due_time);
  SetTime(row[14], out, &R::mutable_acknowledge_time);
  SetTime(row[15], out, &R::mutable_response_breach_time);
  SetTime(row[16], out, &R::mutable_step_breach_time);
  SetTime(row[17], out, &R::mutable_escalate_time);
  out.set_cancel_reason(row[18].as<std::string>());
  out.set_sla_policy_version(row[19].as<int64_t>());
  s.version = row[20].as<int64_t>();
  out.set_etag(EtagOf(s.version));
  SetTime(row[21], out, &R::mutable_create_time);
  SetTime(row[22], out, &R::mutable_update_time);
  return s;
}

// Fills the participants of `requests`: one statement however many there
// are.
void FillParticipants(pqxx::transaction_base& tx, std::vector<StoredRequest>& requests) {
  if (requests.empty()) return;
  std::vector<std::string> ids;
  absl::flat_hash_map<std::string, StoredRequest*> by_id;
  for (StoredRequest& s : requests) {
    ids.push_back(s.id);
    by_id[s.id] = &s;
  }
  for (const pqxx::row& row : tx.exec_prepared(kParticipants, auth::TextArrayLiteral(ids))) {
    v1::Participant& p = *by_id.at(row[0].as<std::string>())->view.add_participants();
    p.set_org_unit(row[1].as<std::string>());
    p.set_task(row[2].as<std::string>());
    p.set_owner(row[3].as<std::string>());
    if (const int64_t acknowledged = row[4].as<int64_t>(); acknowledged >= 0) {
      *p.mutable_acknowledge_time() = TimeUtil::MicrosecondsToTimestamp(acknowledged);
    }
    p.set_acknowledged_by(row[5].as<std::string>());
  }
}

std::vector<StoredRequest> ReadMany(pqxx::transaction_base& tx,
                                    const std::vector<std::string>& ids) {
  absl::flat_hash_map<std::string, StoredRequest> found;
  if (ids.empty()) return {};
  for (const pqxx::row& row : tx.exec_prepared(kRead, auth::TextArrayLiteral(ids))) {
    StoredRequest stored = StoredFromRow(row);
    std::string id = stored.id;
    found.emplace(std::move(id), std::move(stored));
  }
  std::vector<StoredRequest> requests;
  requests.reserve(found.size());
  for (const std::string& id : ids) {
    if (auto it = found.find(id); it != found.end()) requests.push_back(std::move(it->second));
  }
  FillParticipants(tx, requests);
  return requests;
}

absl::Status NotFound(const std::string& id) {
  const std::string name = RequestName(id);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "REQUEST_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"collaboration_request", name}});
}

}  // namespace

absl::Status RequestUnreachable(const auth::v1::Principal& principal, const std::string& id) {
  const std::string name = RequestName(id);
  if (auth::ScopeOf(principal).all) return NotFound(id);
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "REQUEST_NOT_IN_SCOPE",
      crm::StrCat(name, " is not among the collaboration requests ", principal.user(),
                  " may see (those raised by or asking org units in the scope of ",
                  principal.org_unit(), ", or on customers they own or serve), or does not exist"),
      {{"collaboration_request", name}, {"user", principal.user()}});
}

absl::StatusOr<StoredRequest> LockRequest(pqxx::work& tx, const auth::v1::Principal& principal,
                                          const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::result rows = tx.exec_prepared(kLock, id, scope.all, scope.org_units);
  if (rows.empty()) return RequestUnreachable(principal, id);
  std::vector<StoredRequest> locked = {StoredFromRow(rows[0])};
  FillParticipants(tx, locked);
  return std::move(locked.front());
}

absl::Status CheckRequestInScope(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                 const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  if (tx.exec_prepared(kInScope, id, scope.all, scope.org_units).empty()) {
    return RequestUnreachable(principal, id);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CollaborationRequest> ReadRequestView(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  std::vector<StoredRequest> found = ReadMany(tx, {id});
  if (found.empty()) return NotFound(id);
  return std::move(found.front().view);
}

std::vector<v1::CollaborationRequest> ReadRequestViews(pqxx::transaction_base& tx,
                                                       const std::vector<std::string>& ids) {
  std::vector<v1::CollaborationRequest> views;
  for (StoredRequest& stored : ReadMany(tx, ids)) views.push_back(std::move(stored.view));
  return views;
}

absl::StatusOr<StoredRequest> ReadStoredRequest(pqxx::transaction_base& tx, const std::string& id) {
  std::vector<StoredRequest> found = ReadMany(tx, {id});
  if (found.empty()) return NotFound(id);
  return std::move(found.front());
}

int64_t TouchRequest(pqxx::work& tx, const std::string& id, absl::Time now) {
  return tx.exec_prepared1(kTouch, id, TimeParam(now))[0].as<int64_t>();
}

int64_t AddTimelineEntry(pqxx::work& tx, const std::string& id, v1::TimelineEntry::Kind kind,
                         std::string_view actor, v1::CollaborationStep previous_step,
                         v1::CollaborationStep step, std::string_view comment, absl::Time now) {
  return tx
      .exec_prepared1(kTimeline, id, static_cast<int>(kind), std::string(actor), TimeParam(now),
                      static_cast<int>(previous_step), static_cast<int>(step),
                      std::string(comment))[0]
      .as<int64_t>();
}

absl::StatusOr<v1::TimelineEntry> ReadTimelineEntry(pqxx::transaction_base& tx,
                                                    const std::string& id, int64_t entry_id) {
  const pqxx::result rows = tx.exec_prepared(kTimelineEntry, id, entry_id);
  if (rows.empty()) {
    const std::string name = TimelineEntryName(id, entry_id);
    return status::Error(absl::StatusCode::kNotFound, kDomain, "TIMELINE_ENTRY_NOT_FOUND",
                         crm::StrCat(name, " does not exist"), {{"timeline_entry", name}});
  }
  const pqxx::row& row = rows[0];
  v1::TimelineEntry entry;
  entry.set_name(TimelineEntryName(id, row[0].as<int64_t>()));
  entry.set_kind(static_cast<v1::TimelineEntry::Kind>(row[1].as<int>()));
  entry.set_actor(row[2].as<std::string>());
  SetTimestamp(row[3].as<int64_t>(), entry.mutable_create_time());
  entry.set_previous_step(static_cast<v1::CollaborationStep>(row[4].as<int>()));
  entry.set_step(static_cast<v1::CollaborationStep>(row[5].as<int>()));
  entry.set_comment(row[6].as<std::string>());
  return entry;
}

std::string ActorName(const request::Actor& actor) {
  return actor.principal.user().empty() ? std::string("system") : actor.principal.user();
}

bool IsRequestingSide(const auth::v1::Principal& principal,
                      const v1::CollaborationRequest& request) {
  const auth::DataScope scope = auth::ScopeOf(principal);
  return scope.all || scope.Contains(request.requesting_org_unit()) ||
         (!principal.user().empty() && principal.user() == request.step_owner());
}

bool IsParticipantSide(const auth::v1::Principal& principal,
                       const v1::CollaborationRequest& request) {
  const auth::DataScope scope = auth::ScopeOf(principal);
  if (scope.all) return true;
  for (const v1::Participant& p : request.participants()) {
    if (scope.Contains(p.org_unit())) return true;
  }
  return false;
}

std::vector<pg::PreparedStatement> RequestRowStatements() {
  return {{kRead, kReadSql},
          {kLock, LockSql()},
          {kInScope, InScopeSql()},
          {kParticipants, kParticipantsSql},
          {kTouch, kTouchSql},
          {kTimeline, kTimelineSql},
          {kTimelineEntry, kTimelineEntrySql}};
}

std::string TimeParam(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

std::string OptionalTimeParam(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return TimeParam(TimeOf(time));
}

bool SetTimestamp(int64_t micros, google::protobuf::Timestamp* out) {
  if (micros < 0) return false;
  *out = TimeUtil::MicrosecondsToTimestamp(micros);
  return true;
}

absl::Time TimeOf(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
}

}  // namespace crm::collaboration
