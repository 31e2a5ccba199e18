#include "libs/jobs/job_scheduler.h"

#include <charconv>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "libs/crypto/crypto.h"
#include "libs/log/log.h"
#include "libs/pg/schema_statement.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::jobs {
namespace {

constexpr char kErrorDomain[] = "jobs.crm";

// Timestamps cross as whole microseconds since the Unix epoch, PostgreSQL's
// own precision, so what is stored is exactly what was compared:
// 'epoch' + $n microseconds in, extract(epoch) × 1000000 out.

// $1 the lock key.
constexpr char kLockSql[] = "SELECT pg_catalog.pg_try_advisory_xact_lock($1)";
// $1 name, $2 now: a new job is due at once.
constexpr char kEnsureSql[] =
    "INSERT INTO {schema}.scheduled_jobs (name, next_run_time)"
    " VALUES ($1, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond')"
    " ON CONFLICT (name) DO NOTHING";
constexpr char kReadSql[] =
    "SELECT (extract(epoch FROM next_run_time) * 1000000)::bigint"
    " FROM {schema}.scheduled_jobs WHERE name = $1 FOR UPDATE";
// $1 name, $2 next run, $3 now.
constexpr char kDoneSql[] =
    "UPDATE {schema}.scheduled_jobs"
    " SET next_run_time = 'epoch'::timestamptz + $2::bigint * interval '1 microsecond',"
    " last_run_time = 'epoch'::timestamptz + $3::bigint * interval '1 microsecond',"
    " runs = runs + 1, last_error = '' WHERE name = $1";
// $1 name, $2 the failed run's due time, $3 the error. Ignored when the run
// was done meanwhile (next_run_time moved on).
constexpr char kFailedSql[] =
    "INSERT INTO {schema}.scheduled_jobs AS j (name, next_run_time, last_error)"
    " VALUES ($1, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3)"
    " ON CONFLICT (name) DO UPDATE SET last_error = EXCLUDED.last_error"
    " WHERE j.next_run_time = EXCLUDED.next_run_time";
constexpr char kStatesSql[] =
    "SELECT name, (extract(epoch FROM next_run_time) * 1000000)::bigint,"
    " (extract(epoch FROM last_run_time) * 1000000)::bigint, last_error, runs"
    " FROM {schema}.scheduled_jobs ORDER BY name";

constexpr size_t kMaxNameLength = 63;
constexpr absl::Duration kMaxPeriod = absl::Hours(24 * 366 * 100);

std::string Name(std::string_view schema, std::string_view what) {
  return crm::StrCat(schema, ".jobs_", what);
}

pg::PreparedStatement Statement(std::string_view schema, std::string_view what,
                                std::string_view sql) {
  return pg::SchemaStatement(schema, crm::StrCat("jobs_", what), sql);
}

bool IsJobName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(absl::ascii_islower(u) || absl::ascii_isdigit(u) || c == '_')) return false;
  }
  return true;
}

// "CODE: message", as stored in last_error and logged.
std::string ErrorText(const absl::Status& status) {
  return crm::StrCat(status::CodeName(status.code()), ": ", status.message());
}

// `status` with `prefix` before its message, keeping its payloads (ErrorInfo).
absl::Status Prefixed(const absl::Status& status, std::string_view prefix) {
  absl::Status prefixed(status.code(), crm::StrCat(prefix, status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    prefixed.SetPayload(type_url, payload);
  });
  return prefixed;
}

}  // namespace

int64_t JobLockKey(std::string_view schema, std::string_view name) {
  const std::string hex = crypto::Sha256Hex(crm::StrCat("crm.jobs:", schema, ".", name));
  uint64_t key = 0;
  std::from_chars(hex.data(), hex.data() + 16, key, 16);
  return static_cast<int64_t>(key);
}

JobScheduler::JobScheduler(pg::ConnectionPool& pool, std::string schema, const clock::Clock& clock,
                           absl::Duration poll)
    : pool_(pool),
      schema_(std::move(schema)),
      clock_(clock),
      poll_(poll),
      lock_(Name(schema_, "lock")),
      ensure_(Name(schema_, "ensure")),
      read_(Name(schema_, "read")),
      done_(Name(schema_, "done")),
      failed_(Name(schema_, "failed")),
      states_(Name(schema_, "states")) {}

JobScheduler::~JobScheduler() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

std::vector<pg::PreparedStatement> JobScheduler::Statements(std::string_view schema) {
  return {Statement(schema, "lock", kLockSql),     Statement(schema, "ensure", kEnsureSql),
          Statement(schema, "read", kReadSql),     Statement(schema, "done", kDoneSql),
          Statement(schema, "failed", kFailedSql), Statement(schema, "states", kStatesSql)};
}

absl::Status JobScheduler::Add(JobSpec spec, JobBody body) {
  if (!IsJobName(spec.name)) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "BAD_JOB_NAME",
                         crm::StrCat("job name \"", absl::CHexEscape(ToAbsl(spec.name)),
                                     "\" is not 1-63 characters of a-z, 0-9 and _"),
                         {{"job", spec.name}});
  }
  if (spec.period <= absl::ZeroDuration() || spec.period > kMaxPeriod) {
    return status::Error(
        absl::StatusCode::kInvalidArgument, kErrorDomain, "BAD_JOB_PERIOD",
        crm::StrCat("job ", spec.name, ": period ", absl::FormatDuration(spec.period),
                    " is not positive and at most 100 years"),
        {{"job", spec.name}, {"period", absl::FormatDuration(spec.period)}});
  }
  if (body == nullptr) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "BAD_JOB_BODY",
                         crm::StrCat("job ", spec.name, " has no body"), {{"job", spec.name}});
  }
  absl::MutexLock lock(&mu_);
  for (const std::shared_ptr<const Job>& job : jobs_) {
    if (job->spec.name == spec.name) {
      return status::Error(absl::StatusCode::kAlreadyExists, kErrorDomain, "JOB_EXISTS",
                           crm::StrCat("a job named ", spec.name, " was added already"),
                           {{"job", spec.name}});
    }
  }
  const int64_t key = JobLockKey(schema_, spec.name);
  jobs_.push_back(std::make_shared<const Job>(
      Job{.spec = std::move(spec), .body = std::move(body), .lock_key = key}));
  return absl::OkStatus();
}

absl::StatusOr<int> JobScheduler::RunDueOnce() {
  std::vector<std::shared_ptr<const Job>> jobs;
  {
    absl::MutexLock lock(&mu_);
    jobs = jobs_;
  }
  int ran = 0;
  absl::Status first_error;
  for (const std::shared_ptr<const Job>& job : jobs) {
    absl::StatusOr<Outcome> outcome = RunIfDue(*job);
    if (!outcome.ok()) {
      if (first_error.ok())
        first_error = Prefixed(outcome.status(), crm::StrCat("job ", job->spec.name, ": "));
      continue;
    }
    ran += *outcome == Outcome::kRan;
  }
  if (!first_error.ok()) return first_error;
  return ran;
}

absl::StatusOr<JobScheduler::Outcome> JobScheduler::RunIfDue(const Job& job) {
  const absl::Time now = clock_.Now();
  const int64_t now_micros = absl::ToUnixMicros(now);
  const int64_t next_micros = now_micros + absl::ToInt64Microseconds(job.spec.period);
  Outcome outcome = Outcome::kSkipped;
  int64_t scheduled_micros = now_micros;
  const absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        outcome = Outcome::kSkipped;
        scheduled_micros = now_micros;
        if (!tx.exec_prepared1(lock_, job.lock_key)[0].as<bool>()) {
          return absl::OkStatus();  // another replica is running it
        }
        tx.exec_prepared0(ensure_, job.spec.name, now_micros);
        scheduled_micros = tx.exec_prepared1(read_, job.spec.name)[0].as<int64_t>();
        if (now_micros < scheduled_micros) {
          outcome = Outcome::kNotDue;
          return absl::OkStatus();
        }
        const JobRun run{.name = job.spec.name,
                         .scheduled_time = absl::FromUnixMicros(scheduled_micros),
                         .now = now};
        if (absl::Status s = job.body(tx, run); !s.ok()) return s;
        tx.exec_prepared0(done_, job.spec.name, next_micros, now_micros);
        outcome = Outcome::kRan;
        return absl::OkStatus();
      },
      {.operation = "jobs.run"});
  if (!status.ok()) {
    Report(job, status, RecordFailure(job, scheduled_micros, status));
    return status;
  }
  if (outcome == Outcome::kRan) {
    log::Info("scheduled job ran",
              {{"schema", schema_},
               {"job", job.spec.name},
               {"scheduled_time", absl::FormatTime(absl::FromUnixMicros(scheduled_micros))}});
    Report(job, status);
  }
  return outcome;
}

absl::Status JobScheduler::RecordFailure(const Job& job, int64_t scheduled_micros,
                                         const absl::Status& error) {
  const std::string text = ErrorText(error);
  return pg::RunInTransaction(pool_,
                              [&](pqxx::work& tx) {
                                tx.exec_prepared0(failed_, job.spec.name, scheduled_micros, text);
                                return absl::OkStatus();
                              },
                              {.operation = "jobs.record_failure"});
}

void JobScheduler::Report(const Job& job, const absl::Status& status,
                          const absl::Status& recorded) {
  const std::string error = status.ok() ? "" : ErrorText(status);
  absl::MutexLock lock(&mu_);
  std::string& reported = reported_errors_[job.spec.name];
  if (error != reported) {
    if (error.empty()) {
      log::Info("scheduled job works again", {{"schema", schema_}, {"job", job.spec.name}});
    } else {
      log::Warn("scheduled job failed; retrying at the next poll",
                {{"schema", schema_},
                 {"job", job.spec.name},
                 {"error", error},
                 {"last_error_stored", recorded.ok() ? "yes" : ErrorText(recorded)}});
    }
    reported = error;
  }
  if (runs_family_ != nullptr) {
    runs_family_
        ->Add({{"schema", schema_},
               {"job", job.spec.name},
               {"outcome", status.ok() ? "ok" : "failed"}})
        .Increment();
  }
}

void JobScheduler::Start() {
  thread_ = std::thread([this] {
    do {
      (void)RunDueOnce();  // Report() logs, last_error records
    } while (!stop_.WaitForNotificationWithTimeout(poll_));
  });
}

absl::StatusOr<std::vector<JobState>> JobScheduler::States() {
  std::vector<JobState> states;
  const absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        states.clear();
        for (const pqxx::row& row : tx.exec_prepared(states_)) {
          JobState state;
          state.name = row[0].c_str();
          state.next_run_time = absl::FromUnixMicros(row[1].as<int64_t>());
          if (!row[2].is_null()) state.last_run_time = absl::FromUnixMicros(row[2].as<int64_t>());
          state.last_error = row[3].c_str();
          state.runs = row[4].as<int64_t>();
          states.push_back(std::move(state));
        }
        return absl::OkStatus();
      },
      "jobs.states");
  if (!status.ok()) return status;
  return states;
}

void JobScheduler::ExportMetrics(prometheus::Registry& registry) {
  prometheus::Family<prometheus::Counter>& family =
      prometheus::BuildCounter()
          .Name("crm_job_runs_total")
          .Help("Runs of scheduled jobs by outcome (runs skipped or not due are not counted)")
          .Register(registry);
  absl::MutexLock lock(&mu_);
  runs_family_ = &family;
}

}  // namespace crm::jobs
