#ifndef CRM_SERVICES_SCORING_SCORES_RESCORE_JOB_H_
#define CRM_SERVICES_SCORING_SCORES_RESCORE_JOB_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/jobs/job_scheduler.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

// After UpdateScoringPolicy, the scores computed under an older version are
// recomputed under the new one (libs/jobs: one replica runs it at a time).
// Each run rescores, in batches, the customers whose policy_version is
// older than the policy in force; a run with nothing outdated does nothing.
class RescoreJob final {
 public:
  static constexpr char kRescore[] = "scoring_rescore";

  // `context` outlives the job.
  explicit RescoreJob(const ScoringContext& context) : context_(context) {}

  // Adds the job to `scheduler` (whose schema is "scoring"), run every
  // `period`. The job must outlive the scheduler.
  absl::Status Register(jobs::JobScheduler& scheduler,
                        absl::Duration period = absl::Minutes(1)) const;

  // One run at `now`: the customers rescored.
  absl::StatusOr<int64_t> RunOnce(absl::Time now) const;

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORES_RESCORE_JOB_H_
