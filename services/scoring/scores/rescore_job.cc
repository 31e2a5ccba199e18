#include "services/scoring/scores/rescore_job.h"

#include "services/scoring/scores/customer_scoring.h"

namespace crm::scoring {
namespace {

// Customers one run rescores at most (in batches of 5,000 in the run's
// transaction); the rest wait for the next run.
constexpr int kPerRun = 50000;

}  // namespace

absl::Status RescoreJob::Register(jobs::JobScheduler& scheduler, absl::Duration period) const {
  return scheduler.Add(
      {.name = kRescore, .period = period},
      [this](pqxx::work& tx, const jobs::JobRun& run) -> absl::Status {
        // A run may take longer than a request's statement.
        tx.exec0("SET LOCAL statement_timeout = '10min'");
        return RescoreOutdatedInTransaction(tx, context_, run.now, kPerRun).status();
      });
}

absl::StatusOr<int64_t> RescoreJob::RunOnce(absl::Time now) const {
  return RescoreOutdated(context_, now);
}

}  // namespace crm::scoring
