#include "services/collaboration/requests/request_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_path.h"
#include "libs/auth/sql_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/text_field.h"
#include "libs/validation/timestamp.h"
#include "services/collaboration/board/request_filter.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"
#include "services/collaboration/core/request_row.h"
#include "services/collaboration/rules/errors.h"
#include "services/collaboration/rules/request_steps.h"
#include "services/collaboration/rules/request_validation.h"
#include "services/collaboration/rules/sla_rules.h"
#include "services/collaboration/sla/sla_policy_store.h"

namespace crm::collaboration {
namespace {

using ::google::protobuf::util::TimeUtil;
using Violations = status::FieldViolations;

constexpr char kRequestingRule[] = "a request is raised for the caller's org unit or one below it";
constexpr int kDefaultTimelinePageSize = 100;

constexpr char kCustomerInScope[] = "collaboration.request_customer_in_scope";
const std::string& CustomerInScopeSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", CustomerInScope("$1::uuid", 2, 3), " AS in_scope");
  return sql;
}

constexpr char kInsert[] = "collaboration.request_insert";
constexpr char kInsertSql[] =
    "INSERT INTO collaboration.requests (id, customer_id, opportunity_id, contract_id, title,"
    " description, requesting_org_unit, participant_org_units, urgency, step, step_owner,"
    " step_due_time, step_enter_time, requester, response_due_time, sla_policy_version,"
    " create_time, update_time)"
    " VALUES ($1::uuid, $2::uuid, NULLIF($3, '')::uuid, NULLIF($4, '')::uuid, $5, $6, $7,"
    " $8::text[], $9, 1, $10, NULLIF($11, '')::timestamptz, $12::timestamptz, $13,"
    " $14::timestamptz, $15, $12::timestamptz, $12::timestamptz)";

// The participants of request $1 as given ($2 org units, $3 tasks, $4
// owners, in order): new ones inserted, kept ones updated (their
// acknowledgement kept; an empty owner keeps the one they have), the rest
// removed by kRemoveParticipants.
constexpr char kUpsertParticipants[] = "collaboration.request_upsert_participants";
constexpr char kUpsertParticipantsSql[] =
    "INSERT INTO collaboration.request_participants (request_id, org_unit, position, task, owner)"
    " SELECT $1::uuid, x.u, x.p::integer, x.t, x.o"
    " FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(u, t, o, p)"
    " ON CONFLICT (request_id, org_unit) DO UPDATE SET position = excluded.position,"
    " task = excluded.task, owner = CASE WHEN excluded.owner <> '' THEN excluded.owner"
    " ELSE collaboration.request_participants.owner END";
constexpr char kRemoveParticipants[] = "collaboration.request_remove_participants";
constexpr char kRemoveParticipantsSql[] =
    "DELETE FROM collaboration.request_participants"
    " WHERE request_id = $1::uuid AND NOT (org_unit = ANY($2::text[]))";

// $7: the step's due time was set (a new one clears its breach mark, so the
// SLA job watches the new time).
constexpr char kUpdateFields[] = "collaboration.request_update_fields";
constexpr char kUpdateFieldsSql[] =
    "UPDATE collaboration.requests SET title = $2, description = $3, urgency = $4,"
    " step_owner = $5, step_due_time = NULLIF($6, '')::timestamptz,"
    " step_breach_time = CASE WHEN $7::boolean THEN NULL ELSE step_breach_time END,"
    " participant_org_units = $8::text[] WHERE id = $1::uuid";

constexpr char kAcknowledgeParticipant[] = "collaboration.request_acknowledge_participant";
constexpr char kAcknowledgeParticipantSql[] =
    "UPDATE collaboration.request_participants SET acknowledge_time = $3::timestamptz,"
    " acknowledged_by = $4, owner = CASE WHEN owner = '' THEN $4 ELSE owner END"
    " WHERE request_id = $1::uuid AND org_unit = $2";
// The first acknowledgement stops the response SLA clock.
constexpr char kAcknowledgeRequest[] = "collaboration.request_acknowledge";
constexpr char kAcknowledgeRequestSql[] =
    "UPDATE collaboration.requests SET acknowledge_time = coalesce(acknowledge_time,"
    " $2::timestamptz) WHERE id = $1::uuid";

// A new step: its owner, due time (NULL for DONE), enter time; its breach
// mark cleared; the policy version its due time came from.
constexpr char kAdvance[] = "collaboration.request_advance";
constexpr char kAdvanceSql[] =
    "UPDATE collaboration.requests SET step = $2, step_owner = $3,"
    " step_due_time = NULLIF($4, '')::timestamptz, step_enter_time = $5::timestamptz,"
    " step_breach_time = NULL, sla_policy_version = $6 WHERE id = $1::uuid";

constexpr char kCancel[] = "collaboration.request_cancel";
constexpr char kCancelSql[] =
    "UPDATE collaboration.requests SET step = 6, cancel_reason = $2 WHERE id = $1::uuid";

constexpr char kTimelinePage[] = "collaboration.request_timeline_page";
constexpr char kTimelinePageSql[] =
    "SELECT t.entry_id, t.kind, t.actor,"
    " (extract(epoch FROM t.create_time) * 1000000)::bigint, t.previous_step, t.step, t.comment"
    " FROM collaboration.request_timeline t WHERE t.request_id = $1::uuid AND t.entry_id > $2"
    " ORDER BY t.entry_id LIMIT $3";

bool IsSet(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

// The page size asked for; a bad one joins `violations` and gives 0.
int PageSize(int32_t requested, int default_size, Violations& violations) {
  if (requested == 0) return default_size;
  absl::StatusOr<int> size = pagination::NormalizePageSize(requested, kDomain);
  if (!size.ok()) {
    violations.Add("page_size", std::string(size.status().message()));
    return 0;
  }
  return *size;
}

absl::Status CheckCustomerUsable(const replicas::ReplicatedCustomer& customer) {
  const std::string name = names::CustomerName(customer.id);
  if (customer.state == replicas::CustomerState::kMerged) {
    const std::string survivor = names::CustomerName(customer.merged_into);
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
                         crm::StrCat(name, " was merged into ", survivor, "; use ", survivor),
                         {{"customer", name}, {"mergedInto", survivor}});
  }
  if (customer.state == replicas::CustomerState::kDeleted) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                         crm::StrCat(name, " is deleted; undelete it first"), {{"customer", name}});
  }
  return absl::OkStatus();
}

absl::Status CheckCustomerInScope(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const replicas::ReplicatedCustomer& customer) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  if (tx.exec_prepared1(kCustomerInScope, customer.id, scope.all, scope.org_units)[0].as<bool>()) {
    return CheckCustomerUsable(customer);
  }
  const std::string name = names::CustomerName(customer.id);
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "CUSTOMER_NOT_IN_SCOPE",
      crm::StrCat(name, " is owned by ", customer.owner_org_unit,
                  " and not served by an org unit in the scope of ", principal.user(),
                  "; a request is raised on a customer the requesting side owns or serves"),
      {{"customer", name}, {"ownerOrgUnit", customer.owner_org_unit}});
}

absl::Status NotRequestingSide(const auth::v1::Principal& principal,
                               const v1::CollaborationRequest& request, bool step_owner_may) {
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, kReasonNotRequestingSide,
      crm::StrCat("only the requesting side (", request.requesting_org_unit(),
                  " and the units above it)",
                  step_owner_may ? crm::StrCat(", the current step's owner ", request.step_owner())
                                 : std::string(),
                  " or HQ may change ", request.name(), "; ", principal.user(), " of ",
                  principal.org_unit(), " may read and comment on it"),
      {{"collaboration_request", request.name()},
       {"requestingOrgUnit", request.requesting_org_unit()},
       {"user", principal.user()}});
}

// Locks request `id` for a change: in the caller's scope, still at version
// `expected`, and the caller on its requesting side (or, when
// `step_owner_may`, the current step's owner).
absl::StatusOr<StoredRequest> LockForChange(pqxx::work& tx, const auth::v1::Principal& principal,
                                            const std::string& id, int64_t expected,
                                            bool step_owner_may) {
  absl::StatusOr<StoredRequest> before = LockRequest(tx, principal, id);
  if (!before.ok()) return before.status();
  const v1::CollaborationRequest& old = before->view;
  if (expected != before->version) {
    return EtagMismatch(kDomain, old.name(), expected, before->version);
  }
  const auth::DataScope scope = auth::ScopeOf(principal);
  const bool may = step_owner_may ? IsRequestingSide(principal, old)
                                  : scope.all || scope.Contains(old.requesting_org_unit());
  if (!may) return NotRequestingSide(principal, old, step_owner_may);
  return before;
}

std::string TextArray(const std::vector<std::string>& values) {
  return auth::TextArrayLiteral(values);
}

struct ParticipantArrays {
  std::vector<std::string> org_units, tasks, owners;
};
ParticipantArrays ArraysOf(const google::protobuf::RepeatedPtrField<v1::Participant>& list) {
  ParticipantArrays arrays;
  for (const v1::Participant& p : list) {
    arrays.org_units.push_back(p.org_unit());
    arrays.tasks.push_back(p.task());
    arrays.owners.push_back(p.owner());
  }
  return arrays;
}

void WriteParticipants(pqxx::work& tx, const std::string& id,
                       const google::protobuf::RepeatedPtrField<v1::Participant>& list) {
  const ParticipantArrays arrays = ArraysOf(list);
  tx.exec_prepared0(kRemoveParticipants, id, TextArray(arrays.org_units));
  tx.exec_prepared0(kUpsertParticipants, id, TextArray(arrays.org_units), TextArray(arrays.tasks),
                    TextArray(arrays.owners));
}

// The view after a change in `tx`, and its event.
absl::StatusOr<v1::CollaborationRequest> Announce(const CollaborationContext& context,
                                                  pqxx::work& tx, const std::string& id,
                                                  v1::CollaborationEvent::Type type) {
  absl::StatusOr<v1::CollaborationRequest> view = ReadRequestView(tx, id);
  if (!view.ok()) return view.status();
  if (absl::Status s =
          RecordCollaborationEvent(*context.outbox, tx, type, view->name(), FactsOf(*view));
      !s.ok()) {
    return s;
  }
  return view;
}

v1::TimelineEntry TimelineEntryOf(const std::string& id, const pqxx::row& row) {
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

}  // namespace

std::vector<pg::PreparedStatement> RequestHandlers::Statements() {
  return {{kCustomerInScope, CustomerInScopeSql()},
          {kInsert, kInsertSql},
          {kUpsertParticipants, kUpsertParticipantsSql},
          {kRemoveParticipants, kRemoveParticipantsSql},
          {kUpdateFields, kUpdateFieldsSql},
          {kAcknowledgeParticipant, kAcknowledgeParticipantSql},
          {kAcknowledgeRequest, kAcknowledgeRequestSql},
          {kAdvance, kAdvanceSql},
          {kCancel, kCancelSql},
          {kTimelinePage, kTimelinePageSql}};
}

absl::Status RequestHandlers::CreateCollaborationRequest(
    const request::Actor& actor, const v1::CreateCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  v1::CollaborationRequest values = request.collaboration_request();
  if (values.requesting_org_unit().empty()) values.set_requesting_org_unit(caller.org_unit());
  ValidateNewRequest(values, "collaboration_request", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  if (absl::StatusOr<std::vector<std::string>> path =
          auth::OrgUnitPathFor(caller, values.requesting_org_unit(), kDomain, kRequestingRule);
      !path.ok()) {
    return path.status();
  }
  const std::string customer_id = *names::ParseCustomerName(values.customer());
  absl::StatusOr<replicas::ReplicatedCustomer> customer = context_.customers->Get(customer_id);
  if (!customer.ok()) return customer.status();
  if (values.step_owner().empty()) values.set_step_owner(caller.user());
  const std::string opportunity_id = names::ParseOpportunityName(values.opportunity()).value_or("");
  const std::string contract_id = names::ParseContractName(values.contract()).value_or("");

  absl::StatusOr<v1::CollaborationRequest> created =
      idempotency::RunIdempotent<v1::CollaborationRequest>(
          *context_.pool, *context_.request_log, actor.idempotency,
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CollaborationRequest> {
            if (absl::Status s = CheckCustomerInScope(tx, caller, *customer); !s.ok()) return s;
            absl::StatusOr<SlaPolicyRow> policy = CurrentSlaPolicy(tx);
            if (!policy.ok()) return policy.status();
            const v1::SlaRule& rule = RuleFor(policy->policy, values.urgency());
            const absl::Time now = context_.clock->Now();
            const std::string step_due = IsSet(values.step_due_time())
                                             ? OptionalTimeParam(values.step_due_time())
                                             : TimeParam(StepDueTime(rule, now));
            const std::string id = crypto::NewUuid();
            const ParticipantArrays arrays = ArraysOf(values.participants());
            tx.exec_prepared0(kInsert, id, customer->id, opportunity_id, contract_id,
                              values.title(), values.description(), values.requesting_org_unit(),
                              TextArray(arrays.org_units), static_cast<int>(values.urgency()),
                              values.step_owner(), step_due, TimeParam(now), caller.user(),
                              TimeParam(ResponseDueTime(rule, now)), policy->version);
            tx.exec_prepared0(kUpsertParticipants, id, TextArray(arrays.org_units),
                              TextArray(arrays.tasks), TextArray(arrays.owners));
            AddTimelineEntry(tx, id, v1::TimelineEntry::CREATED, ActorName(actor),
                             v1::COLLABORATION_STEP_UNSPECIFIED, v1::TO_SURVEY,
                             crm::StrCat("raised for ", absl::StrJoin(arrays.org_units, ", ")),
                             now);
            return Announce(context_, tx, id, v1::CollaborationEvent::REQUEST_CREATED);
          });
  if (!created.ok()) return created.status();
  response = *std::move(created);
  return absl::OkStatus();
}

absl::Status RequestHandlers::GetCollaborationRequest(
    const request::Actor& actor, const v1::GetCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const std::string id = RequestIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckRequestInScope(tx, actor.principal, id); !s.ok()) return s;
        absl::StatusOr<v1::CollaborationRequest> found = ReadRequestView(tx, id);
        if (!found.ok()) return found.status();
        response = *std::move(found);
        return absl::OkStatus();
      },
      "collaboration.get_request");
}

absl::Status RequestHandlers::ListCollaborationRequests(
    const request::Actor& actor, const v1::ListCollaborationRequestsRequest& request,
    v1::ListCollaborationRequestsResponse& response, Violations& violations) {
  const int page_size = PageSize(request.page_size(), pagination::kDefaultPageSize, violations);
  const RequestFilter filter = ParseRequestFilter({.customer = request.customer(),
                                                   .customer_group = request.customer_group(),
                                                   .org_unit = request.org_unit(),
                                                   .urgency = request.urgency(),
                                                   .step = request.step(),
                                                   .mine = request.mine()},
                                                  actor.principal, violations);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListCollaborationRequests", actor.principal.user(), request.customer(),
       request.customer_group(), request.org_unit(), crm::StrCat(request.urgency()),
       crm::StrCat(request.step()), request.mine() ? "mine" : ""});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListCollaborationRequests call with these fields",
      violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  // Newest first, in the caller's scope, narrowed; keyset (create_time, id).
  const replicas::CustomerScopeParams scope =
      replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
  SqlParams params;
  params.Bind(scope.all ? "true" : "false");
  params.Bind(scope.org_units);
  std::string sql = crm::StrCat("SELECT r.id::text FROM collaboration.requests r WHERE ",
                                RequestInScope(1, 2), RequestFilterSql(filter, params));
  int64_t after_micros = 0;
  if (after.size() == 2 && absl::SimpleAtoi(after[0], &after_micros)) {
    crm::StrAppend(&sql, " AND (r.create_time, r.id) < ('epoch'::timestamptz + ",
                   params.Bind(crm::StrCat(after_micros)), "::bigint * interval '1 microsecond', ",
                   params.Bind(after[1]), "::uuid)");
  }
  crm::StrAppend(&sql, " ORDER BY r.create_time DESC, r.id DESC LIMIT ",
                 params.Bind(crm::StrCat(page_size)), "::integer");

  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status known = CheckGroupKnown(tx, filter); !known.ok()) return known;
        std::vector<std::string> ids;
        for (const pqxx::row& row :
             tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params.values()))) {
          ids.push_back(row[0].as<std::string>());
        }
        for (v1::CollaborationRequest& view : ReadRequestViews(tx, ids)) {
          *response.add_collaboration_requests() = std::move(view);
        }
        return absl::OkStatus();
      },
      "collaboration.list_requests");
  if (!status.ok()) return status;
  if (response.collaboration_requests_size() == page_size) {
    const v1::CollaborationRequest& last =
        response.collaboration_requests(response.collaboration_requests_size() - 1);
    response.set_next_page_token(context_.page_tokens->Encode(
        fingerprint,
        {.last_key = {crm::StrCat(TimeUtil::TimestampToMicroseconds(last.create_time())),
                      *ParseRequestName(last.name())}}));
  }
  return absl::OkStatus();
}

absl::Status RequestHandlers::UpdateCollaborationRequest(
    const request::Actor& actor, const v1::UpdateCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const v1::CollaborationRequest& values = request.collaboration_request();
  const std::string id = RequestIdOr(values.name(), "collaboration_request.name", violations);
  const std::optional<int64_t> expected =
      RequiredEtagField(values.etag(), "collaboration_request.etag", violations);
  const std::vector<std::string> paths(request.update_mask().paths().begin(),
                                       request.update_mask().paths().end());
  // Participants are checked against the stored requesting org unit below;
  // here their form.
  ValidateRequestUpdate(values, paths, "", "collaboration_request", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const auto masked = [&](std::string_view path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
  };

  absl::StatusOr<v1::CollaborationRequest> updated =
      idempotency::RunIdempotent<v1::CollaborationRequest>(
          *context_.pool, *context_.request_log, actor.idempotency,
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CollaborationRequest> {
            absl::StatusOr<StoredRequest> before =
                LockForChange(tx, actor.principal, id, *expected, /*step_owner_may=*/true);
            if (!before.ok()) return before.status();
            const v1::CollaborationRequest& old = before->view;
            if (absl::Status open = CheckOpen(old.step()); !open.ok()) return open;
            v1::CollaborationRequest next = old;
            std::vector<std::string> changed;
            if (masked("title")) next.set_title(values.title());
            if (masked("description")) next.set_description(values.description());
            if (masked("urgency")) next.set_urgency(values.urgency());
            if (masked("step_owner")) {
              next.set_step_owner(values.step_owner().empty() ? actor.principal.user()
                                                              : values.step_owner());
            }
            const bool new_due = masked("step_due_time");
            if (new_due) *next.mutable_step_due_time() = values.step_due_time();
            if (masked("participants")) {
              Violations participants;
              ValidateParticipants(values.participants(), old.requesting_org_unit(),
                                   "collaboration_request.participants", participants);
              if (!participants.empty()) return participants.ToStatus(kDomain);
              *next.mutable_participants() = values.participants();
            }
            for (const std::string& path : paths) {  // as named, once each
              if (std::find(changed.begin(), changed.end(), path) == changed.end()) {
                changed.push_back(path);
              }
            }
            std::vector<std::string> units;
            for (const v1::Participant& p : next.participants()) units.push_back(p.org_unit());
            tx.exec_prepared0(kUpdateFields, id, next.title(), next.description(),
                              static_cast<int>(next.urgency()), next.step_owner(),
                              IsSet(next.step_due_time()) ? OptionalTimeParam(next.step_due_time())
                                                          : std::string(),
                              new_due, TextArray(units));
            if (masked("participants")) WriteParticipants(tx, id, next.participants());
            const absl::Time now = context_.clock->Now();
            TouchRequest(tx, id, now);
            AddTimelineEntry(tx, id, v1::TimelineEntry::UPDATED, ActorName(actor), old.step(),
                             old.step(), crm::StrCat("changed: ", absl::StrJoin(changed, ", ")),
                             now);
            return Announce(context_, tx, id, v1::CollaborationEvent::REQUEST_UPDATED);
          });
  if (!updated.ok()) return updated.status();
  response = *std::move(updated);
  return absl::OkStatus();
}

absl::Status RequestHandlers::AcknowledgeCollaborationRequest(
    const request::Actor& actor, const v1::AcknowledgeCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  const std::string id = RequestIdOr(request.name(), "name", violations);
  const std::string unit = request.org_unit().empty() ? caller.org_unit() : request.org_unit();
  if (!request.org_unit().empty())
    (void)names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
  validation::CheckText(request.comment(), "comment", 0, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  absl::StatusOr<v1::CollaborationRequest> acknowledged =
      idempotency::RunIdempotent<v1::CollaborationRequest>(
          *context_.pool, *context_.request_log, actor.idempotency,
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CollaborationRequest> {
            absl::StatusOr<StoredRequest> before = LockRequest(tx, caller, id);
            if (!before.ok()) return before.status();
            const v1::CollaborationRequest& old = before->view;
            if (absl::Status open = CheckOpen(old.step()); !open.ok()) return open;
            const auth::DataScope scope = auth::ScopeOf(caller);
            if (!scope.all && !scope.Contains(unit)) {
              return status::Error(absl::StatusCode::kPermissionDenied, kDomain,
                                   kReasonNotAParticipant,
                                   crm::StrCat(unit, " is not in the scope of ", caller.user(),
                                               "; a participant acknowledges for its own org unit"),
                                   {{"collaboration_request", old.name()}, {"orgUnit", unit}});
            }
            const v1::Participant* participant = nullptr;
            for (const v1::Participant& p : old.participants()) {
              if (p.org_unit() == unit) participant = &p;
            }
            if (participant == nullptr) {
              std::vector<std::string> units;
              for (const v1::Participant& p : old.participants()) units.push_back(p.org_unit());
              return status::Error(
                  absl::StatusCode::kFailedPrecondition, kDomain, kReasonNotAParticipant,
                  crm::StrCat(unit, " is not asked to help with ", old.name(),
                              "; its participants are ", absl::StrJoin(units, ", ")),
                  {{"collaboration_request", old.name()}, {"orgUnit", unit}});
            }
            if (participant->has_acknowledge_time()) {
              return status::Error(absl::StatusCode::kFailedPrecondition, kDomain,
                                   kReasonAlreadyAcknowledged,
                                   crm::StrCat(unit, " acknowledged ", old.name(), " already (",
                                               participant->acknowledged_by(), ")"),
                                   {{"collaboration_request", old.name()}, {"orgUnit", unit}});
            }
            const absl::Time now = context_.clock->Now();
            tx.exec_prepared0(kAcknowledgeParticipant, id, unit, TimeParam(now), caller.user());
            tx.exec_prepared0(kAcknowledgeRequest, id, TimeParam(now));
            TouchRequest(tx, id, now);
            AddTimelineEntry(
                tx, id, v1::TimelineEntry::ACKNOWLEDGED, ActorName(actor), old.step(), old.step(),
                request.comment().empty() ? crm::StrCat(unit, " takes on: ", participant->task())
                                          : request.comment(),
                now);
            return Announce(context_, tx, id, v1::CollaborationEvent::REQUEST_ACKNOWLEDGED);
          });
  if (!acknowledged.ok()) return acknowledged.status();
  response = *std::move(acknowledged);
  return absl::OkStatus();
}

absl::Status RequestHandlers::AdvanceCollaborationRequest(
    const request::Actor& actor, const v1::AdvanceCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const std::string id = RequestIdOr(request.name(), "name", violations);
  const std::optional<int64_t> expected = RequiredEtagField(request.etag(), "etag", violations);
  validation::CheckEnum<v1::CollaborationStep>(request.step(), "step",
                                               validation::Presence::kRequired, violations);
  ValidateOptionalUser(request.step_owner(), "step_owner", violations);
  if (IsSet(request.step_due_time())) {
    validation::CheckTimestamp(request.step_due_time(), "step_due_time", violations);
    if (request.step() == v1::DONE) {
      violations.Add("step_due_time", "step_due_time: a done request has no step due time");
    }
  }
  validation::CheckText(request.comment(), "comment", 0, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  absl::StatusOr<v1::CollaborationRequest> advanced =
      idempotency::RunIdempotent<v1::CollaborationRequest>(
          *context_.pool, *context_.request_log, actor.idempotency,
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CollaborationRequest> {
            absl::StatusOr<StoredRequest> before =
                LockForChange(tx, actor.principal, id, *expected, /*step_owner_may=*/true);
            if (!before.ok()) return before.status();
            const v1::CollaborationRequest& old = before->view;
            absl::StatusOr<v1::CollaborationStep> to = CheckAdvance(old.step(), request.step());
            if (!to.ok()) return to.status();
            // The new step's due time: given, or the policy in force's step
            // time from now (its version then kept on the request).
            absl::StatusOr<SlaPolicyRow> policy = CurrentSlaPolicy(tx);
            if (!policy.ok()) return policy.status();
            const absl::Time now = context_.clock->Now();
            std::string due;
            if (*to != v1::DONE) {
              due = IsSet(request.step_due_time())
                        ? OptionalTimeParam(request.step_due_time())
                        : TimeParam(StepDueTime(RuleFor(policy->policy, old.urgency()), now));
            }
            const std::string owner =
                request.step_owner().empty() ? old.step_owner() : request.step_owner();
            tx.exec_prepared0(kAdvance, id, static_cast<int>(*to), owner, due, TimeParam(now),
                              policy->version);
            TouchRequest(tx, id, now);
            AddTimelineEntry(
                tx, id, v1::TimelineEntry::STEP_CHANGED, ActorName(actor), old.step(), *to,
                request.comment().empty() ? crm::StrCat(StepName(old.step()), " → ", StepName(*to))
                                          : request.comment(),
                now);
            return Announce(context_, tx, id, v1::CollaborationEvent::REQUEST_STEP_CHANGED);
          });
  if (!advanced.ok()) return advanced.status();
  response = *std::move(advanced);
  return absl::OkStatus();
}

absl::Status RequestHandlers::CancelCollaborationRequest(
    const request::Actor& actor, const v1::CancelCollaborationRequestRequest& request,
    v1::CollaborationRequest& response, Violations& violations) {
  const std::string id = RequestIdOr(request.name(), "name", violations);
  const std::optional<int64_t> expected = RequiredEtagField(request.etag(), "etag", violations);
  validation::CheckText(request.reason(), "reason", 1, kMaxReasonChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  absl::StatusOr<v1::CollaborationRequest> cancelled =
      idempotency::RunIdempotent<v1::CollaborationRequest>(
          *context_.pool, *context_.request_log, actor.idempotency,
          [&](pqxx::work& tx) -> absl::StatusOr<v1::CollaborationRequest> {
            // The requesting side or HQ (not a step owner of another unit).
            absl::StatusOr<StoredRequest> before =
                LockForChange(tx, actor.principal, id, *expected, /*step_owner_may=*/false);
            if (!before.ok()) return before.status();
            const v1::CollaborationRequest& old = before->view;
            if (absl::Status open = CheckOpen(old.step()); !open.ok()) return open;
            const absl::Time now = context_.clock->Now();
            tx.exec_prepared0(kCancel, id, request.reason());
            TouchRequest(tx, id, now);
            AddTimelineEntry(tx, id, v1::TimelineEntry::CANCELLED, ActorName(actor), old.step(),
                             v1::CANCELLED, request.reason(), now);
            return Announce(context_, tx, id, v1::CollaborationEvent::REQUEST_CANCELLED);
          });
  if (!cancelled.ok()) return cancelled.status();
  response = *std::move(cancelled);
  return absl::OkStatus();
}

absl::Status RequestHandlers::AddCollaborationComment(
    const request::Actor& actor, const v1::AddCollaborationCommentRequest& request,
    v1::TimelineEntry& response, Violations& violations) {
  const std::string id = RequestIdOr(request.parent(), "parent", violations);
  validation::CheckText(request.comment(), "comment", 1, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  // Anyone who sees the request comments, also once it is closed; a comment
  // is no change of the request (no version, no event).
  absl::StatusOr<v1::TimelineEntry> added = idempotency::RunIdempotent<v1::TimelineEntry>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::TimelineEntry> {
        absl::StatusOr<StoredRequest> locked = LockRequest(tx, actor.principal, id);
        if (!locked.ok()) return locked.status();
        const absl::Time now = context_.clock->Now();
        const int64_t entry =
            AddTimelineEntry(tx, id, v1::TimelineEntry::COMMENT, ActorName(actor),
                             v1::COLLABORATION_STEP_UNSPECIFIED, v1::COLLABORATION_STEP_UNSPECIFIED,
                             request.comment(), now);
        return ReadTimelineEntry(tx, id, entry);
      });
  if (!added.ok()) return added.status();
  response = *std::move(added);
  return absl::OkStatus();
}

absl::Status RequestHandlers::ListCollaborationTimeline(
    const request::Actor& actor, const v1::ListCollaborationTimelineRequest& request,
    v1::ListCollaborationTimelineResponse& response, Violations& violations) {
  const std::string id = RequestIdOr(request.parent(), "parent", violations);
  const int page_size = PageSize(request.page_size(), kDefaultTimelinePageSize, violations);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListCollaborationTimeline", actor.principal.user(), request.parent()});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 1, "ListCollaborationTimeline call for this request",
      violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  int64_t after_entry = 0;
  if (after.size() == 1) (void)absl::SimpleAtoi(after[0], &after_entry);

  int64_t last_entry = 0;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckRequestInScope(tx, actor.principal, id); !s.ok()) return s;
        for (const pqxx::row& row : tx.exec_prepared(kTimelinePage, id, after_entry, page_size)) {
          last_entry = row[0].as<int64_t>();
          *response.add_entries() = TimelineEntryOf(id, row);
        }
        return absl::OkStatus();
      },
      "collaboration.timeline");
  if (!status.ok()) return status;
  if (response.entries_size() == page_size) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = {crm::StrCat(last_entry)}}));
  }
  return absl::OkStatus();
}

}  // namespace crm::collaboration
