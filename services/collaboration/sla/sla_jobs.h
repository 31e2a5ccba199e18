#ifndef CRM_SERVICES_COLLABORATION_SLA_SLA_JOBS_H_
#define CRM_SERVICES_COLLABORATION_SLA_SLA_JOBS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

// The SLA clock of open requests (libs/jobs: one replica runs it at a time,
// under its advisory lock, and a run's marks commit with its schedule).
// Each run, at the scheduler's clock `now`:
//
//   response breach  no participant has acknowledged and response_due_time
//                    has passed: response_breach_time is set (to the due
//                    time) once, with an SLA_BREACHED timeline entry (actor
//                    "system") and REQUEST_SLA_BREACHED (breach "response")
//   step breach      the current step's step_due_time has passed:
//                    step_breach_time is set (to the due time) once per step
//                    (entering a step clears it), with an SLA_BREACHED entry
//                    and REQUEST_SLA_BREACHED (breach "step")
//   escalation       a CRITICAL request's first breach (either kind) also
//                    sets escalate_time (to `now`) once, with an ESCALATED
//                    entry and REQUEST_ESCALATED: HQ sees it on the board
//                    and in the feed
//
// Each breach bumps the request's version (its view changed). A rerun, a
// second replica, or a crash after commit finds nothing left to do: each
// statement marks only rows not marked yet, under their row locks, and a
// request acknowledged or advanced meanwhile is re-checked after its lock
// and skipped. A run marks at most kBatch rows per statement and repeats
// until none are left.
class SlaJobs final {
 public:
  static constexpr char kSla[] = "collaboration_sla";
  static constexpr int kBatch = 500;

  // `context` (outbox) outlives the jobs.
  explicit SlaJobs(const CollaborationContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Adds the job to `scheduler` (whose schema is "collaboration"), run every
  // `period`. The jobs must outlive the scheduler.
  absl::Status Register(jobs::JobScheduler& scheduler,
                        absl::Duration period = absl::Minutes(1)) const;

  // One run's work in `tx` at `now`: the breaches marked (escalations not
  // counted).
  absl::StatusOr<int64_t> MarkBreaches(pqxx::work& tx, absl::Time now) const;

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_SLA_SLA_JOBS_H_
