#ifndef CRM_LIBS_JOBS_JOB_SCHEDULER_H_
#define CRM_LIBS_JOBS_JOB_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"

namespace crm::jobs {

struct JobSpec {
  // [a-z0-9_], 1-63 characters, unique in the schema, e.g. "stale_reminders".
  // It keys the job's row: renaming a job starts it afresh.
  std::string name;
  // From one run's start to the next one's due time; positive, at most 100
  // years. A run that is late (replicas down) runs once, not once per missed
  // period.
  absl::Duration period;
};

// What a run of a job is told.
struct JobRun {
  std::string_view name;
  // When this run was due: the stored next_run_time, or `now` for a job's
  // first run. Unique per run, so it keys the run's work (e.g. "reminded
  // for period X") where a body needs a key.
  absl::Time scheduled_time;
  absl::Time now;  // the scheduler's clock when the run began
};

// A job's work, in the transaction that also records the run. Its effects
// must stay inside `tx` (or be safe to repeat): a run that fails or crashes
// is rolled back and done again, whole. Statements run under the pool's
// statement_timeout; a longer job sets `SET LOCAL statement_timeout`.
using JobBody = std::function<absl::Status(pqxx::work& tx, const JobRun& run)>;

// A job's row of <schema>.scheduled_jobs.
struct JobState {
  std::string name;
  absl::Time next_run_time;
  std::optional<absl::Time> last_run_time;  // of the last successful run
  std::string last_error;                   // of the last failed run since; "" when none
  int64_t runs = 0;                         // successful runs
};

// The transaction-scoped advisory lock key that one run of job `name` in
// `schema` holds: the first 64 bits of SHA-256("crm.jobs:<schema>.<name>").
int64_t JobLockKey(std::string_view schema, std::string_view name);

// Runs periodic jobs (reminders, expiries, SLA checks) on one replica at a
// time, from the schedule stored in <schema>.scheduled_jobs (JobMigrations()).
// A run of a due job is one transaction that takes the job's advisory lock
// (pg_try_advisory_xact_lock: another replica holding it means that replica
// is running the job, so this one skips it), runs the body only when the
// clock has reached next_run_time, and sets next_run_time = now + period,
// last_run_time = now, runs + 1 and last_error = '' — so the body's effects
// and the schedule commit together: after a crash the period is run again,
// and no period is ever run twice. A failing body is rolled back, its error
// stored as last_error by a transaction of its own, and the job is retried at
// the next poll. Thread-safe.
//
//   JobScheduler jobs(pool, "opportunity", clock::RealClock());
//   if (absl::Status s = jobs.Add({"stale_reminders", absl::Hours(1)}, RemindStale); !s.ok()) ...
//   jobs.Start();
class JobScheduler final {
 public:
  // `pool` knows Statements(schema); `pool` and `clock` outlive the scheduler.
  JobScheduler(pg::ConnectionPool& pool, std::string schema, const clock::Clock& clock,
               absl::Duration poll = absl::Seconds(1));
  // Stops and joins the polling thread, if started (waiting for a run under way).
  ~JobScheduler();
  JobScheduler(const JobScheduler&) = delete;
  JobScheduler& operator=(const JobScheduler&) = delete;

  // The statements to give the pool ("<schema>.jobs_<what>"); they live as
  // long as the process.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  // Registers a job. INVALID_ARGUMENT for a bad name or period, ALREADY_EXISTS
  // for a name added before.
  absl::Status Add(JobSpec spec, JobBody body);

  // Runs every registered job that is due, one after another in the order
  // added, each in its own transaction, and returns how many ran. A job that
  // fails does not stop the others; the first failure is returned after all
  // were tried, its message prefixed with the job's name. Jobs another
  // replica is running are skipped without error.
  absl::StatusOr<int> RunDueOnce();

  // Calls RunDueOnce() now and then every `poll` (real time) on a thread of
  // its own until the scheduler is destroyed. Call at most once.
  void Start();

  // The rows of <schema>.scheduled_jobs (every job ever run there), by name.
  absl::StatusOr<std::vector<JobState>> States();

  // Counts runs in `registry` (e.g. the server's metrics()):
  // crm_job_runs_total{schema, job, outcome="ok"|"failed"}.
  void ExportMetrics(prometheus::Registry& registry);

 private:
  struct Job {
    JobSpec spec;
    JobBody body;
    int64_t lock_key;
  };
  enum class Outcome { kSkipped, kNotDue, kRan };

  absl::StatusOr<Outcome> RunIfDue(const Job& job);
  // Stores `error` as the job's last_error unless the run due at
  // `scheduled_micros` has since been done (by another replica).
  absl::Status RecordFailure(const Job& job, int64_t scheduled_micros, const absl::Status& error);
  // Counts a job's outcome and logs it when it changed (so a job failing at
  // every poll logs once); `recorded` is how storing a failure went.
  void Report(const Job& job, const absl::Status& status,
              const absl::Status& recorded = absl::OkStatus());

  pg::ConnectionPool& pool_;
  const std::string schema_;
  const clock::Clock& clock_;
  const absl::Duration poll_;
  const std::string lock_, ensure_, read_, done_, failed_, states_;  // statement names

  absl::Mutex mu_;
  std::vector<std::shared_ptr<const Job>> jobs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> reported_errors_ ABSL_GUARDED_BY(mu_);  // by job name
  prometheus::Family<prometheus::Counter>* runs_family_ ABSL_GUARDED_BY(mu_) = nullptr;

  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::jobs

#endif  // CRM_LIBS_JOBS_JOB_SCHEDULER_H_
