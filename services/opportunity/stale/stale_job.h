#ifndef CRM_SERVICES_OPPORTUNITY_STALE_STALE_JOB_H_
#define CRM_SERVICES_OPPORTUNITY_STALE_STALE_JOB_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/events/outbox.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::opportunity {

// Announces stale opportunities on the feed: one OPPORTUNITY_STALE per
// opportunity per stale period. A period starts when the opportunity goes
// quiet (its last activity, or its creation when it has none) and is
// announced once it has lasted longer than the stage model's
// stale_after_days: the run sets stale_announced_from to that quiet-since
// time and records the event in the same transaction. A rerun, a second
// replica, or a crash after commit finds stale_announced_from equal to the
// quiet-since time and announces nothing; a new activity moves the
// quiet-since time and so starts a new period. (An overdue follow-up date
// shows in the list, not on the feed.) Time is the job run's, from the
// scheduler's clock.
class StaleJob final {
 public:
  static constexpr char kName[] = "opportunity_stale";

  // `outbox` (the opportunity feed) outlives the job.
  explicit StaleJob(const events::Outbox& outbox) : outbox_(outbox) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Adds the job to `scheduler` (whose schema is "opportunity"), run every
  // `period`. The job must outlive the scheduler.
  absl::Status Register(jobs::JobScheduler& scheduler,
                        absl::Duration period = absl::Hours(1)) const;

  // One run's work in `tx` at `now`: returns how many were announced.
  absl::StatusOr<int64_t> Announce(pqxx::work& tx, absl::Time now) const;

 private:
  const events::Outbox& outbox_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_STALE_STALE_JOB_H_
