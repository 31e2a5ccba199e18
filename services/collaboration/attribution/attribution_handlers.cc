#include "services/collaboration/attribution/attribution_handlers.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

#include "absl/strings/str_join.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"
#include "libs/auth/sql_scope.h"
#include "libs/auth/strategy_centre.h"
#include "libs/clock/quarter.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/text_field.h"
#include "services/collaboration/attribution/attribution_opening.h"
#include "services/collaboration/attribution/attribution_store.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"
#include "services/collaboration/core/request_row.h"
#include "services/collaboration/credit/credit_totals.h"
#include "services/collaboration/rules/attribution_states.h"
#include "services/collaboration/rules/contribution_validation.h"
#include "services/collaboration/rules/errors.h"

namespace crm::collaboration {
namespace {

constexpr size_t kMaxCommentChars = 2000;

constexpr char kList[] = "collaboration.attribution_list";

// $1 $2 the scope, $3 the state (0 any), $4 an org unit ('' any), $5 a
// customer ('' any), $6 a quarter ('' any), $7 "first page", ($8, $9) the
// last row's (deal date, id), $10 the limit. Walks attributions_newest.
const std::string& ListSql() {
  static const std::string sql = crm::StrCat(
      "SELECT a.id::text, to_char(a.deal_date, 'YYYY-MM-DD') FROM collaboration.attributions a"
      " WHERE ",
      AttributionInScope(1, 2),
      " AND ($3 = 0 OR a.state = $3)"
      " AND ($4 = '' OR a.owner_org_unit = $4 OR a.contributor_org_units @> ARRAY[$4]::text[])"
      " AND ($5 = '' OR a.customer_id = NULLIF($5, '')::uuid)"
      " AND ($6 = '' OR a.deal_quarter = $6)"
      " AND ($7::boolean OR (a.deal_date, a.id) < ($8::date, $9::uuid))"
      " ORDER BY a.deal_date DESC, a.id DESC LIMIT $10");
  return sql;
}

using Contributors = google::protobuf::RepeatedPtrField<v1::Contributor>;
using Change = std::function<absl::Status(pqxx::work&, StoredAttribution&, absl::Time)>;

// The strategy centre, in this service's error domain.
absl::Status RequireStrategyCentre(const auth::v1::Principal& principal, std::string_view what) {
  return auth::RequireStrategyCentre(principal, kErrorDomain, what);
}

// The deal's owner side (scope holds the owner org unit) or the strategy
// centre.
absl::Status RequireOwnerSide(const auth::v1::Principal& principal, const v1::Attribution& a,
                              std::string_view what) {
  if (auth::ScopeOf(principal).Contains(a.owner_org_unit()) || auth::IsStrategyCentre(principal)) {
    return absl::OkStatus();
  }
  return status::Error(absl::StatusCode::kPermissionDenied, kErrorDomain, "NOT_DEAL_OWNER",
                       crm::StrCat(principal.user(), " may not ", what, " ", a.name(),
                                   ": that is for the deal's "
                                   "owner org unit ",
                                   a.owner_org_unit(), " or HQ's strategy centre"),
                       {{"attribution", a.name()},
                        {"ownerOrgUnit", a.owner_org_unit()},
                        {"user", principal.user()}});
}

absl::Status RecordEvent(const events::Outbox& outbox, pqxx::work& tx,
                         v1::CollaborationEvent::Type type, const StoredAttribution& a,
                         v1::AttributionState state, int64_t version) {
  CollaborationEventFacts facts;
  facts.customer_id = a.customer_id;
  facts.version = version;
  facts.attribution_state = state;
  return RecordCollaborationEvent(outbox, tx, type, a.view.name(), facts);
}

// The contributors a change asks for, as they will be stored: the roles of
// those already there kept, ADDED for new ones; scores and evidence as given.
void TakeContributors(const Contributors& given, v1::Attribution& view) {
  Contributors next;
  for (const v1::Contributor& g : given) {
    v1::Contributor& c = *next.Add();
    c.set_org_unit(g.org_unit());
    for (const v1::Contributor& old : view.contributors()) {
      if (old.org_unit() == g.org_unit()) *c.mutable_roles() = old.roles();
    }
    if (c.roles().empty()) c.add_roles(v1::ADDED);
    if (g.has_scores()) *c.mutable_scores() = g.scores();
    *c.mutable_evidence() = g.evidence();
  }
  view.mutable_contributors()->Swap(&next);
}

// "orgUnits/sub-c 4,000 bp, orgUnits/sub-d 6,000 bp".
std::string SplitText(const v1::Attribution& view) {
  std::vector<std::string> parts;
  for (const v1::Contributor& c : view.contributors()) {
    parts.push_back(crm::StrCat(c.org_unit(), " ", c.share_bp(), " bp"));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

std::vector<pg::PreparedStatement> AttributionHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = AttributionStoreStatements();
  for (auto part : {OpeningStatements(), CreditTotalsStatements(),
                    std::vector<pg::PreparedStatement>{{kList, ListSql()}}}) {
    statements.insert(statements.end(), part.begin(), part.end());
  }
  return statements;
}

namespace {

// One change of one attribution: lock it in the caller's scope, check the
// etag, apply `change`, answer with the view after it (replayed for a
// repeated request_id).
absl::Status Run(const CollaborationContext& context, const request::Actor& actor,
                 const std::string& id, int64_t expected_version,
                 const std::function<absl::Status(const v1::Attribution&)>& permitted,
                 const Change& change, v1::Attribution& response) {
  absl::StatusOr<v1::Attribution> changed = idempotency::RunIdempotent<v1::Attribution>(
      *context.pool, *context.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Attribution> {
        absl::StatusOr<StoredAttribution> stored = LockAttribution(tx, actor.principal, id);
        if (!stored.ok()) return stored.status();
        if (absl::Status s = permitted(stored->view); !s.ok()) return s;
        if (stored->version != expected_version) {
          return EtagMismatch(kDomain, stored->view.name(), expected_version, stored->version);
        }
        if (absl::Status s = change(tx, *stored, context.clock->Now()); !s.ok()) return s;
        std::vector<StoredAttribution> after = ReadAttributions(tx, {id});
        if (after.empty()) return absl::InternalError("a changed attribution vanished");
        return std::move(after.front().view);
      });
  if (!changed.ok()) return changed.status();
  response = *std::move(changed);
  return absl::OkStatus();
}

}  // namespace

absl::Status AttributionHandlers::GetAttribution(const request::Actor& actor,
                                                 const v1::GetAttributionRequest& request,
                                                 v1::Attribution& response,
                                                 status::FieldViolations& violations) {
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        absl::StatusOr<StoredAttribution> stored = ReadAttributionInScope(tx, actor.principal, id);
        if (!stored.ok()) return stored.status();
        response = std::move(stored->view);
        return absl::OkStatus();
      },
      "collaboration.attribution_get");
}

absl::Status AttributionHandlers::ListAttributions(const request::Actor& actor,
                                                   const v1::ListAttributionsRequest& request,
                                                   v1::ListAttributionsResponse& response,
                                                   status::FieldViolations& violations) {
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  if (request.state() != v1::ATTRIBUTION_STATE_UNSPECIFIED &&
      !v1::AttributionState_IsValid(request.state())) {
    violations.Add("state", crm::StrCat("state: ", static_cast<int>(request.state()),
                                        " is not an attribution state"));
  }
  std::string org_unit;
  if (!request.org_unit().empty()) {
    const std::string unit = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    if (!unit.empty()) org_unit = names::OrgUnitName(unit);
  }
  std::string customer_id;
  if (!request.customer().empty()) {
    customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  }
  std::string quarter;
  if (!request.quarter().empty()) {
    if (std::optional<clock::Quarter> q = clock::ParseQuarter(request.quarter()); q.has_value()) {
      quarter = clock::FormatQuarter(*q);
    } else {
      violations.Add("quarter", crm::StrCat("quarter: '", request.quarter(),
                                            "' is not a quarter like 2026Q4"));
    }
  }
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListAttributions", crm::StrCat(static_cast<int>(request.state())), org_unit, customer_id,
       quarter, actor.principal.user(),
       scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListAttributions call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  const bool first = after.empty();
  if (!first && !names::IsUuid(after[1])) {
    return absl::InternalError("attribution page cursor does not parse");
  }
  std::vector<std::string> last_key;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_attributions();
        const pqxx::result rows = tx.exec_prepared(
            kList, scope.all, auth::TextArrayLiteral(scope.org_units),
            static_cast<int>(request.state()), org_unit, customer_id, quarter, first,
            first ? "9999-12-31" : after[0],
            first ? "00000000-0000-0000-0000-000000000000" : after[1], page_size + 1);
        const int shown = std::min(static_cast<int>(rows.size()), page_size);
        if (static_cast<int>(rows.size()) > page_size) {
          const pqxx::row last = rows[page_size - 1];
          last_key = {last[1].as<std::string>(), last[0].as<std::string>()};
        }
        std::vector<std::string> ids;
        for (int i = 0; i < shown; ++i) ids.push_back(rows[i][0].as<std::string>());
        for (StoredAttribution& a : ReadAttributions(tx, ids)) {
          *response.add_attributions() = std::move(a.view);
        }
        return absl::OkStatus();
      },
      "collaboration.attribution_list");
  if (!status.ok()) return status;
  if (!last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = std::move(last_key)}));
  }
  return absl::OkStatus();
}

absl::Status AttributionHandlers::UpdateAttribution(const request::Actor& actor,
                                                    const v1::UpdateAttributionRequest& request,
                                                    v1::Attribution& response,
                                                    status::FieldViolations& violations) {
  const v1::Attribution& given = request.attribution();
  const std::string id = AttributionIdOr(given.name(), "attribution.name", violations);
  const int64_t version =
      RequiredEtagField(given.etag(), "attribution.etag", violations).value_or(0);
  if (request.update_mask().paths_size() == 0) {
    violations.Add("update_mask", "update_mask: is required; the only path is contributors");
  }
  for (int i = 0; i < request.update_mask().paths_size(); ++i) {
    if (request.update_mask().paths(i) != "contributors") {
      violations.Add(crm::StrCat("update_mask.paths[", i, "]"),
                     crm::StrCat("update_mask.paths[", i, "]: '", request.update_mask().paths(i),
                                 "' cannot be updated; the only path is contributors"));
    }
  }
  ValidateContributors(given.contributors(), "attribution.contributors", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version,
      [&](const v1::Attribution& a) {
        return RequireOwnerSide(actor.principal, a, "change the contributors of");
      },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        v1::Attribution& view = stored.view;
        if (absl::StatusOr<v1::AttributionState> next =
                NextState(view.state(), AttributionAction::kUpdate);
            !next.ok()) {
          return next.status();
        }
        TakeContributors(given.contributors(), view);
        if (absl::Status s = Rescore(view, /*required=*/false); !s.ok()) return s;
        const int64_t v = SaveContributors(tx, stored.id, view.contributors(), now);
        std::vector<std::string> units;
        for (const v1::Contributor& c : view.contributors()) units.push_back(c.org_unit());
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, view.state(), view.state(),
                      crm::StrCat("contributors: ", absl::StrJoin(units, ", ")), now);
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_UPDATED,
                           stored, view.state(), v);
      },
      response);
}

absl::Status AttributionHandlers::SubmitAttribution(const request::Actor& actor,
                                                    const v1::SubmitAttributionRequest& request,
                                                    v1::Attribution& response,
                                                    status::FieldViolations& violations) {
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  validation::CheckText(request.comment(), "comment", 0, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version,
      [&](const v1::Attribution& a) { return RequireOwnerSide(actor.principal, a, "submit"); },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        v1::Attribution& view = stored.view;
        absl::StatusOr<v1::AttributionState> next =
            NextState(view.state(), AttributionAction::kSubmit);
        if (!next.ok()) return next.status();
        std::vector<std::string> unscored;
        for (const v1::Contributor& c : view.contributors()) {
          if (!c.has_scores()) unscored.push_back(c.org_unit());
        }
        if (!unscored.empty()) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kErrorDomain, "CONTRIBUTOR_NOT_SCORED",
              crm::StrCat(view.name(),
                          " cannot be submitted before every contributor is scored; "
                          "not scored: ",
                          absl::StrJoin(unscored, ", ")),
              {{"attribution", view.name()}, {"orgUnits", absl::StrJoin(unscored, ",")}});
        }
        if (absl::Status s = Rescore(view, /*required=*/true); !s.ok()) return s;
        const int64_t v =
            SaveState(tx, stored.id, {.state = *next, .submitter = ActorName(actor)}, now);
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, view.state(), *next,
                      request.comment().empty() ? crm::StrCat("submitted: ", SplitText(view))
                                                : request.comment(),
                      now);
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_STATE_CHANGED,
                           stored, *next, v);
      },
      response);
}

absl::Status AttributionHandlers::ApproveAttribution(const request::Actor& actor,
                                                     const v1::ApproveAttributionRequest& request,
                                                     v1::Attribution& response,
                                                     status::FieldViolations& violations) {
  if (absl::Status s = RequireStrategyCentre(actor.principal, "approve an attribution"); !s.ok()) {
    return s;
  }
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  validation::CheckText(request.comment(), "comment", 1, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version, [](const v1::Attribution&) { return absl::OkStatus(); },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        v1::Attribution& view = stored.view;
        const bool dismiss = view.state() == v1::DISPUTED;
        absl::StatusOr<v1::AttributionState> next = NextState(
            view.state(), dismiss ? AttributionAction::kDismiss : AttributionAction::kApprove);
        if (!next.ok()) return next.status();
        StateChange change{.state = *next};
        std::string comment;
        if (dismiss) {
          // The split stays in force; the dispute is closed.
          change.set_dispute = true;
          comment =
              crm::StrCat("dispute by ", view.disputed_by(), " dismissed: ", request.comment());
        } else {
          // The split as submitted (stored) comes into force; AddSplit
          // refuses one that does not add up.
          change.approve = true;
          change.dispute_deadline = now + absl::Hours(24) * stored.dispute_days;
          if (absl::Status s = AddSplit(tx, CreditSplitOf(stored), +1); !s.ok()) return s;
          comment = crm::StrCat("approved (", SplitText(view), "): ", request.comment());
        }
        const int64_t v = SaveState(tx, stored.id, change, now);
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, view.state(), *next, comment,
                      now);
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_STATE_CHANGED,
                           stored, *next, v);
      },
      response);
}

absl::Status AttributionHandlers::RejectAttribution(const request::Actor& actor,
                                                    const v1::RejectAttributionRequest& request,
                                                    v1::Attribution& response,
                                                    status::FieldViolations& violations) {
  if (absl::Status s = RequireStrategyCentre(actor.principal, "reject an attribution"); !s.ok()) {
    return s;
  }
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  validation::CheckText(request.comment(), "comment", 1, kMaxCommentChars,
                        validation::Lines::kMulti, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version, [](const v1::Attribution&) { return absl::OkStatus(); },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        absl::StatusOr<v1::AttributionState> next =
            NextState(stored.view.state(), AttributionAction::kReject);
        if (!next.ok()) return next.status();
        const int64_t v = SaveState(tx, stored.id, {.state = *next}, now);
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, stored.view.state(), *next,
                      crm::StrCat("rejected: ", request.comment()), now);
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_STATE_CHANGED,
                           stored, *next, v);
      },
      response);
}

absl::Status AttributionHandlers::DisputeAttribution(const request::Actor& actor,
                                                     const v1::DisputeAttributionRequest& request,
                                                     v1::Attribution& response,
                                                     status::FieldViolations& violations) {
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  std::string org_unit = actor.principal.org_unit();
  if (!request.org_unit().empty()) {
    const std::string unit = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    org_unit = unit.empty() ? "" : names::OrgUnitName(unit);
  }
  validation::CheckText(request.reason(), "reason", 1, kMaxCommentChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version,
      [&](const v1::Attribution& a) -> absl::Status {
        const bool contributor =
            std::any_of(a.contributors().begin(), a.contributors().end(),
                        [&](const v1::Contributor& c) { return c.org_unit() == org_unit; });
        if (contributor && auth::ScopeOf(actor.principal).Contains(org_unit)) {
          return absl::OkStatus();
        }
        return status::Error(
            absl::StatusCode::kPermissionDenied, kErrorDomain, "NOT_A_CONTRIBUTOR",
            contributor
                ? crm::StrCat(org_unit, " is outside the data scope of ", actor.principal.user(),
                              "; only its own members (or those above it) may dispute for it")
                : crm::StrCat(org_unit.empty() ? std::string("the caller's org unit") : org_unit,
                              " is not a contributor of ", a.name(),
                              "; only a contributor may dispute its split"),
            {{"attribution", a.name()}, {"orgUnit", org_unit}, {"user", actor.principal.user()}});
      },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        v1::Attribution& view = stored.view;
        absl::StatusOr<v1::AttributionState> next =
            NextState(view.state(), AttributionAction::kDispute);
        if (!next.ok()) return next.status();
        const absl::Time deadline = TimeOf(view.dispute_deadline());
        if (now > deadline) {
          const std::string until =
              absl::FormatTime(absl::RFC3339_sec, deadline, absl::UTCTimeZone());
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kErrorDomain, "DISPUTE_WINDOW_CLOSED",
              crm::StrCat(view.name(), " could be disputed until ", until,
                          "; the window has closed and only an adjustment by HQ's strategy "
                          "centre changes it now"),
              {{"attribution", view.name()}, {"disputeDeadline", until}});
        }
        const int64_t v = SaveState(tx, stored.id,
                                    {.state = *next,
                                     .set_dispute = true,
                                     .dispute_reason = request.reason(),
                                     .disputed_by = org_unit},
                                    now);
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, view.state(), *next,
                      crm::StrCat("disputed by ", org_unit, ": ", request.reason()), now);
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_STATE_CHANGED,
                           stored, *next, v);
      },
      response);
}

absl::Status AttributionHandlers::AdjustAttribution(const request::Actor& actor,
                                                    const v1::AdjustAttributionRequest& request,
                                                    v1::Attribution& response,
                                                    status::FieldViolations& violations) {
  if (absl::Status s = RequireStrategyCentre(actor.principal, "adjust an attribution"); !s.ok()) {
    return s;
  }
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  const int64_t version = RequiredEtagField(request.etag(), "etag", violations).value_or(0);
  ValidateContributors(request.contributors(), "contributors", violations,
                       {.scores_required = true});
  validation::CheckText(request.reason(), "reason", 1, kMaxCommentChars, validation::Lines::kMulti,
                        violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return Run(
      context_, actor, id, version, [](const v1::Attribution&) { return absl::OkStatus(); },
      [&](pqxx::work& tx, StoredAttribution& stored, absl::Time now) -> absl::Status {
        absl::StatusOr<v1::AttributionState> next =
            NextState(stored.view.state(), AttributionAction::kAdjust);
        if (!next.ok()) return next.status();
        const v1::AttributionState previous_state = stored.view.state();
        const Contributors before = stored.view.contributors();
        const CreditSplit old_split = CreditSplitOf(stored);
        TakeContributors(request.contributors(), stored.view);
        if (absl::Status s = Rescore(stored.view, /*required=*/true); !s.ok()) return s;
        // The old split leaves the credit totals and the new one enters, in
        // this transaction.
        if (absl::Status s = AddSplit(tx, old_split, -1); !s.ok()) return s;
        if (absl::Status s = AddSplit(tx, CreditSplitOf(stored), +1); !s.ok()) return s;
        SaveContributors(tx, stored.id, stored.view.contributors(), now, /*revision_delta=*/1);
        const int64_t v = SaveState(tx, stored.id, {.state = *next, .set_dispute = true}, now);
        RecordHistory(tx, stored.id, ActorName(actor), actor.method, previous_state, *next,
                      crm::StrCat("adjusted to revision ", stored.view.revision() + 1, " (",
                                  SplitText(stored.view), "): ", request.reason()),
                      now, &before, &stored.view.contributors());
        return RecordEvent(*context_.outbox, tx, v1::CollaborationEvent::ATTRIBUTION_ADJUSTED,
                           stored, *next, v);
      },
      response);
}

absl::Status AttributionHandlers::ListAttributionHistory(
    const request::Actor& actor, const v1::ListAttributionHistoryRequest& request,
    v1::ListAttributionHistoryResponse& response, status::FieldViolations& violations) {
  const std::string id = AttributionIdOr(request.name(), "name", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  return pg::RunInTransaction(*context_.pool,
                              [&](pqxx::work& tx) -> absl::Status {
                                response.clear_entries();
                                absl::StatusOr<StoredAttribution> stored =
                                    ReadAttributionInScope(tx, actor.principal, id);
                                if (!stored.ok()) return stored.status();
                                for (v1::AttributionHistoryEntry& e : ReadHistory(tx, id)) {
                                  *response.add_entries() = std::move(e);
                                }
                                return absl::OkStatus();
                              },
                              {.operation = "collaboration.attribution_history"});
}

absl::Status AttributionHandlers::GetAttributionPolicy(const request::Actor&,
                                                       const v1::GetAttributionPolicyRequest&,
                                                       v1::AttributionPolicy& response,
                                                       status::FieldViolations&) {
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response = PolicyView(CurrentAttributionPolicy(tx));
        return absl::OkStatus();
      },
      "collaboration.attribution_policy");
}

absl::Status AttributionHandlers::UpdateAttributionPolicy(
    const request::Actor& actor, const v1::UpdateAttributionPolicyRequest& request,
    v1::AttributionPolicy& response, status::FieldViolations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  if (!auth::IsStrategyCentre(caller) && !auth::HasRole(caller, auth::kRoleHqAdmin)) {
    return RequireStrategyCentre(caller, "set the attribution policy (or hq_admin)");
  }
  const v1::AttributionPolicy& values = request.attribution_policy();
  const int64_t version =
      RequiredEtagField(values.etag(), "attribution_policy.etag", violations).value_or(0);
  ValidateAttributionPolicy(values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<v1::AttributionPolicy> stored = idempotency::RunIdempotent<v1::AttributionPolicy>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::AttributionPolicy> {
        LockAttributionPolicies(tx);
        const AttributionPolicyRow current = CurrentAttributionPolicy(tx);
        if (current.version != version) {
          return EtagMismatch(kDomain, kAttributionPolicyName, version, current.version);
        }
        return PolicyView(AddAttributionPolicy(tx, current.version + 1, values.weights(),
                                               values.dispute_days(), ActorName(actor),
                                               context_.clock->Now()));
      });
  if (!stored.ok()) return stored.status();
  response = *std::move(stored);
  return absl::OkStatus();
}

}  // namespace crm::collaboration
