#ifndef CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_JOBS_H_
#define CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_JOBS_H_

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

// The attribution job (libs/jobs: one replica runs it at a time, and a
// run's work commits with its schedule):
//
//   attribution_finalize  APPROVED → FINAL once the dispute window has
//                         closed (dispute_deadline passed): a history row
//                         (actor "system", method "job:finalize") and
//                         ATTRIBUTION_STATE_CHANGED each
//
// The split stays in force (it entered the credit totals on approval). A
// rerun or a second replica finds nothing left: the statement changes only
// rows still APPROVED, under their row locks.
class AttributionJobs final {
 public:
  static constexpr char kFinalize[] = "attribution_finalize";

  // `context` (its outbox) outlives the jobs.
  explicit AttributionJobs(const CollaborationContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Adds the job to `scheduler` (whose schema is "collaboration"), run every
  // `period`. The jobs must outlive the scheduler.
  absl::Status Register(jobs::JobScheduler& scheduler,
                        absl::Duration period = absl::Minutes(10)) const;

  // One run's work in `tx` at `now`: how many it finalised.
  absl::StatusOr<int64_t> Finalize(pqxx::work& tx, absl::Time now) const;

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_JOBS_H_
