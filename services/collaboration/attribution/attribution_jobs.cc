#include "services/collaboration/attribution/attribution_jobs.h"

#include <string>

#include "libs/strings/str_cat.h"
#include "services/collaboration/attribution/attribution_store.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/request_row.h"
#include "services/collaboration/rules/attribution_states.h"

namespace crm::collaboration {
namespace {

// $1 now. Walks attributions_dispute_deadline (WHERE state = 3); under READ
// COMMITTED a row disputed meanwhile is re-checked after its lock and
// skipped.
constexpr char kToFinalize[] = "collaboration.job_attributions_to_finalize";
constexpr char kToFinalizeSql[] =
    "SELECT a.id::text, a.customer_id::text,"
    " to_char(a.dispute_deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " FROM collaboration.attributions a"
    " WHERE a.state = 3 AND a.dispute_deadline < $1::timestamptz"
    " ORDER BY a.dispute_deadline, a.id FOR UPDATE";

}  // namespace

std::vector<pg::PreparedStatement> AttributionJobs::Statements() {
  return {{kToFinalize, kToFinalizeSql}};
}

absl::Status AttributionJobs::Register(jobs::JobScheduler& scheduler, absl::Duration period) const {
  return scheduler.Add({.name = kFinalize, .period = period},
                       [this](pqxx::work& tx, const jobs::JobRun& run) -> absl::Status {
                         return Finalize(tx, run.now).status();
                       });
}

absl::StatusOr<int64_t> AttributionJobs::Finalize(pqxx::work& tx, absl::Time now) const {
  const pqxx::result rows = tx.exec_prepared(kToFinalize, TimeParam(now));
  for (const pqxx::row& row : rows) {
    const std::string id = row[0].as<std::string>();
    absl::StatusOr<v1::AttributionState> next =
        NextState(v1::APPROVED, AttributionAction::kFinalize);
    if (!next.ok()) return next.status();
    const int64_t version = SaveState(tx, id, {.state = *next}, now);
    RecordHistory(tx, id, "system", "job:finalize", v1::APPROVED, *next,
                  crm::StrCat("no dispute by ", row[2].as<std::string>(), "; final"), now);
    CollaborationEventFacts facts;
    facts.customer_id = row[1].as<std::string>();
    facts.version = version;
    facts.attribution_state = *next;
    if (absl::Status s = RecordCollaborationEvent(*context_.outbox, tx,
                                                  v1::CollaborationEvent::ATTRIBUTION_STATE_CHANGED,
                                                  AttributionName(id), facts);
        !s.ok()) {
      return s;
    }
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace crm::collaboration
