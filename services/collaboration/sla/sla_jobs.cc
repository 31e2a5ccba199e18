#include "services/collaboration/sla/sla_jobs.h"

#include <string>
#include <string_view>

#include "libs/clock/business_day.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/request_row.h"

namespace crm::collaboration {
namespace {

// What both statements return of a request aliased `r` joined to the
// selected row `d`: id, customer, step, urgency, the due time that passed
// (microseconds since the epoch) and whether this breach escalates it.
#define BREACH_COLUMNS                                             \
  " RETURNING r.id::text, r.customer_id::text, r.step, r.urgency," \
  " (extract(epoch FROM d.due) * 1000000)::bigint, d.escalate_now"

// $1 now, $2 the batch. The CTE locks the rows; one changed meanwhile
// (acknowledged, advanced, cancelled) is re-checked after its lock and
// skipped.
constexpr char kResponse[] = "collaboration.sla_response_breaches";
constexpr char kResponseSql[] =
    "WITH d AS (SELECT r.id, r.response_due_time AS due,"
    "   (r.urgency = 3 AND r.escalate_time IS NULL) AS escalate_now"
    " FROM collaboration.requests r WHERE r.step < 5 AND r.acknowledge_time IS NULL"
    " AND r.response_breach_time IS NULL AND r.response_due_time < $1::timestamptz"
    " ORDER BY r.response_due_time, r.id LIMIT $2 FOR UPDATE OF r)"
    " UPDATE collaboration.requests r SET response_breach_time = d.due,"
    " escalate_time = CASE WHEN d.escalate_now THEN $1::timestamptz ELSE r.escalate_time END"
    " FROM d WHERE r.id = d.id" BREACH_COLUMNS;
constexpr char kStep[] = "collaboration.sla_step_breaches";
constexpr char kStepSql[] =
    "WITH d AS (SELECT r.id, r.step_due_time AS due,"
    "   (r.urgency = 3 AND r.escalate_time IS NULL) AS escalate_now"
    " FROM collaboration.requests r WHERE r.step < 5 AND r.step_breach_time IS NULL"
    " AND r.step_due_time < $1::timestamptz"
    " ORDER BY r.step_due_time, r.id LIMIT $2 FOR UPDATE OF r)"
    " UPDATE collaboration.requests r SET step_breach_time = d.due,"
    " escalate_time = CASE WHEN d.escalate_now THEN $1::timestamptz ELSE r.escalate_time END"
    " FROM d WHERE r.id = d.id" BREACH_COLUMNS;

// "2026-12-04 12:00 +08:00": a due time as people in the business read it.
std::string LocalTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M %Ez", time, clock::BusinessTimeZone());
}

enum class Breach { kResponse, kStep };

// Marks one batch of `breach`; returns how many.
absl::StatusOr<int64_t> MarkBatch(const events::Outbox& outbox, pqxx::work& tx, Breach breach,
                                  absl::Time now) {
  const pqxx::result rows = tx.exec_prepared(breach == Breach::kResponse ? kResponse : kStep,
                                             TimeParam(now), SlaJobs::kBatch);
  for (const pqxx::row& row : rows) {
    const std::string id = row[0].as<std::string>();
    CollaborationEventFacts facts;
    facts.customer_id = row[1].as<std::string>();
    facts.step = static_cast<v1::CollaborationStep>(row[2].as<int>());
    facts.urgency = static_cast<v1::Urgency>(row[3].as<int>());
    const absl::Time due = absl::FromUnixMicros(row[4].as<int64_t>());
    const bool escalate = row[5].as<bool>();
    facts.version = TouchRequest(tx, id, now);
    const std::string comment =
        breach == Breach::kResponse
            ? crm::StrCat("response SLA breached: no participant acknowledged by ", LocalTime(due))
            : crm::StrCat("step SLA breached: ", v1::CollaborationStep_Name(facts.step),
                          " was due ", LocalTime(due));
    AddTimelineEntry(tx, id, v1::TimelineEntry::SLA_BREACHED, "system",
                     v1::COLLABORATION_STEP_UNSPECIFIED, v1::COLLABORATION_STEP_UNSPECIFIED,
                     comment, now);
    facts.breach = breach == Breach::kResponse ? "response" : "step";
    const std::string resource = RequestName(id);
    absl::Status recorded = RecordCollaborationEvent(
        outbox, tx, v1::CollaborationEvent::REQUEST_SLA_BREACHED, resource, facts);
    if (!recorded.ok()) return recorded;
    if (!escalate) continue;
    AddTimelineEntry(
        tx, id, v1::TimelineEntry::ESCALATED, "system", v1::COLLABORATION_STEP_UNSPECIFIED,
        v1::COLLABORATION_STEP_UNSPECIFIED,
        crm::StrCat("critical request escalated to HQ: its ", facts.breach, " SLA was breached"),
        now);
    facts.breach.clear();
    recorded = RecordCollaborationEvent(outbox, tx, v1::CollaborationEvent::REQUEST_ESCALATED,
                                        resource, facts);
    if (!recorded.ok()) return recorded;
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace

std::vector<pg::PreparedStatement> SlaJobs::Statements() {
  return {{kResponse, kResponseSql}, {kStep, kStepSql}};
}

absl::Status SlaJobs::Register(jobs::JobScheduler& scheduler, absl::Duration period) const {
  return scheduler.Add({.name = kSla, .period = period},
                       [this](pqxx::work& tx, const jobs::JobRun& run) -> absl::Status {
                         return MarkBreaches(tx, run.now).status();
                       });
}

absl::StatusOr<int64_t> SlaJobs::MarkBreaches(pqxx::work& tx, absl::Time now) const {
  int64_t marked = 0;
  // Responses first: a request breaching both in one run is escalated by
  // its response breach, and its step breach finds it escalated.
  for (Breach breach : {Breach::kResponse, Breach::kStep}) {
    while (true) {
      absl::StatusOr<int64_t> batch = MarkBatch(*context_.outbox, tx, breach, now);
      if (!batch.ok()) return batch.status();
      marked += *batch;
      if (*batch < kBatch) break;
    }
  }
  return marked;
}

}  // namespace crm::collaboration
