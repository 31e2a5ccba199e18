// JobScheduler against real PostgreSQL: a new job runs at once and then once
// a period by the (fake) clock; a job whose advisory lock another replica
// holds is skipped; a failing run leaves nothing behind but its error; a
// restarted scheduler keeps the stored schedule.
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/fake_clock.h"
#include "libs/jobs/job_migrations.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "prometheus/registry.h"

namespace crm::jobs {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSchema[] = "shop";

class JobSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> db =
        crm::testing::TestDatabase::Create("jobs_pgtest");
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = *std::move(db);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 4;
    options.statements = JobScheduler::Statements(kSchema);
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        pg::ConnectionPool::Create(std::move(options));
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    const pg::LibraryMigrations jobs[] = {JobMigrations()};
    const absl::Status migrated = pg::Migrate(*pool_, kSchema, {}, jobs);
    ASSERT_TRUE(migrated.ok()) << migrated;
    Query("CREATE TABLE shop.effects (n bigserial, job text NOT NULL, scheduled_time timestamptz)");
  }

  std::unique_ptr<JobScheduler> MakeScheduler() {
    return std::make_unique<JobScheduler>(*pool_, kSchema, clock_);
  }

  // A body that records the run in shop.effects.
  static JobBody Recording() {
    return [](pqxx::work& tx, const JobRun& run) {
      tx.exec_params0(
          "INSERT INTO shop.effects (job, scheduled_time)"
          " VALUES ($1, 'epoch'::timestamptz + $2::bigint * interval '1 microsecond')",
          std::string(run.name), absl::ToUnixMicros(run.scheduled_time));
      return absl::OkStatus();
    };
  }

  // First column of the first row, "" for none or NULL, on a connection of its own.
  std::string Query(const std::string& sql) {
    pqxx::connection conn(database_->dsn());
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = tx.exec(sql);
    if (rows.empty() || rows[0][0].is_null()) return "";
    return rows[0][0].c_str();
  }

  int Effects(const std::string& job) {
    return std::stoi(
        Query(crm::StrCat("SELECT count(*) FROM shop.effects WHERE job = '", job, "'")));
  }

  std::optional<JobState> State(JobScheduler& scheduler, const std::string& name) {
    absl::StatusOr<std::vector<JobState>> states = scheduler.States();
    EXPECT_TRUE(states.ok()) << states.status();
    if (!states.ok()) return std::nullopt;
    for (const JobState& state : *states) {
      if (state.name == name) return state;
    }
    return std::nullopt;
  }

  int RunDue(JobScheduler& scheduler) {
    absl::StatusOr<int> ran = scheduler.RunDueOnce();
    EXPECT_TRUE(ran.ok()) << ran.status();
    return ran.ok() ? *ran : -1;
  }

  clock::FakeClock clock_;
  std::unique_ptr<crm::testing::TestDatabase> database_;
  std::unique_ptr<pg::ConnectionPool> pool_;  // after the database: goes first
};

TEST_F(JobSchedulerTest, RunsANewJobAtOnceAndRecordsTheRun) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  ASSERT_TRUE(scheduler->Add({"remind", absl::Hours(1)}, Recording()).ok());
  const absl::Time start = clock_.Now();

  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(Effects("remind"), 1);
  EXPECT_EQ(Query("SELECT scheduled_time = '2026-01-01T00:00:00Z' FROM shop.effects"), "t");

  const std::optional<JobState> state = State(*scheduler, "remind");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->next_run_time, start + absl::Hours(1));
  EXPECT_EQ(state->last_run_time, start);
  EXPECT_EQ(state->runs, 1);
  EXPECT_EQ(state->last_error, "");
}

TEST_F(JobSchedulerTest, RunsAgainOnlyOnceThePeriodHasPassed) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  std::vector<absl::Time> scheduled, nows;
  ASSERT_TRUE(scheduler
                  ->Add({"remind", absl::Hours(1)},
                        [&](pqxx::work&, const JobRun& run) {
                          scheduled.push_back(run.scheduled_time);
                          nows.push_back(run.now);
                          return absl::OkStatus();
                        })
                  .ok());
  const absl::Time start = clock_.Now();
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(RunDue(*scheduler), 0);

  clock_.Advance(absl::Hours(1) - absl::Microseconds(1));
  EXPECT_EQ(RunDue(*scheduler), 0);
  clock_.Advance(absl::Microseconds(1));  // exactly due
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(RunDue(*scheduler), 0);

  // Late by 5 hours: one run, not five, and the next is a period after it.
  clock_.Advance(absl::Hours(5) + absl::Minutes(20));
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(RunDue(*scheduler), 0);

  ASSERT_EQ(scheduled.size(), 3u);
  EXPECT_EQ(scheduled[0], start);
  EXPECT_EQ(scheduled[1], start + absl::Hours(1));
  EXPECT_EQ(scheduled[2], start + absl::Hours(2));  // due then, run later
  EXPECT_EQ(nows[2], start + absl::Hours(6) + absl::Minutes(20));
  EXPECT_EQ(State(*scheduler, "remind")->next_run_time, nows[2] + absl::Hours(1));
  EXPECT_EQ(State(*scheduler, "remind")->runs, 3);
}

TEST_F(JobSchedulerTest, SkipsAJobWhileAnotherSessionHoldsItsLock) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  ASSERT_TRUE(scheduler->Add({"remind", absl::Hours(1)}, Recording()).ok());
  ASSERT_TRUE(scheduler->Add({"expire", absl::Hours(1)}, Recording()).ok());

  pqxx::connection holder(database_->dsn());
  pqxx::nontransaction hold(holder);
  hold.exec(crm::StrCat("SELECT pg_advisory_lock(", JobLockKey(kSchema, "remind"), ")"));

  EXPECT_EQ(RunDue(*scheduler), 1);  // "expire" only, and no error
  EXPECT_EQ(Effects("remind"), 0);
  EXPECT_EQ(Effects("expire"), 1);

  hold.exec(crm::StrCat("SELECT pg_advisory_unlock(", JobLockKey(kSchema, "remind"), ")"));
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(Effects("remind"), 1);
}

TEST_F(JobSchedulerTest, ASecondReplicaDoesNotRunAJobTheFirstIsRunning) {
  std::unique_ptr<JobScheduler> first = MakeScheduler();
  std::unique_ptr<JobScheduler> second = MakeScheduler();
  absl::Notification entered, release;
  ASSERT_TRUE(first
                  ->Add({"remind", absl::Hours(1)},
                        [&](pqxx::work& tx, const JobRun& run) {
                          entered.Notify();
                          release.WaitForNotificationWithTimeout(absl::Seconds(30));
                          return Recording()(tx, run);
                        })
                  .ok());
  int second_bodies = 0;
  ASSERT_TRUE(second
                  ->Add({"remind", absl::Hours(1)},
                        [&](pqxx::work& tx, const JobRun& run) {
                          ++second_bodies;
                          return Recording()(tx, run);
                        })
                  .ok());

  absl::StatusOr<int> first_ran = 0;
  std::thread running([&] { first_ran = first->RunDueOnce(); });
  ASSERT_TRUE(entered.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(RunDue(*second), 0);  // the first holds the lock: skipped
  release.Notify();
  running.join();
  ASSERT_TRUE(first_ran.ok()) << first_ran.status();
  EXPECT_EQ(*first_ran, 1);

  EXPECT_EQ(RunDue(*second), 0);  // the first ran this period
  EXPECT_EQ(second_bodies, 0);
  EXPECT_EQ(Effects("remind"), 1);

  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(RunDue(*second), 1);  // whichever replica polls first takes the next period
  EXPECT_EQ(second_bodies, 1);
}

TEST_F(JobSchedulerTest, AFailingRunLeavesNoEffectsAndRecordsItsError) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  bool fail = true;
  ASSERT_TRUE(scheduler
                  ->Add({"remind", absl::Hours(1)},
                        [&](pqxx::work& tx, const JobRun& run) -> absl::Status {
                          if (absl::Status s = Recording()(tx, run); !s.ok()) return s;
                          if (fail) return absl::FailedPreconditionError("the mail relay refused");
                          return absl::OkStatus();
                        })
                  .ok());
  const absl::Time start = clock_.Now();

  absl::StatusOr<int> ran = scheduler->RunDueOnce();
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ran.status().message(), "job remind: the mail relay refused");
  EXPECT_EQ(Effects("remind"), 0);
  std::optional<JobState> state = State(*scheduler, "remind");
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->last_error, "FAILED_PRECONDITION: the mail relay refused");
  EXPECT_EQ(state->runs, 0);
  EXPECT_EQ(state->next_run_time, start);  // still due
  EXPECT_EQ(state->last_run_time, std::nullopt);

  // Retried at the next poll, without moving the clock; success clears the error.
  fail = false;
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(Effects("remind"), 1);
  state = State(*scheduler, "remind");
  EXPECT_EQ(state->last_error, "");
  EXPECT_EQ(state->runs, 1);

  // A later period fails: its error is stored, the schedule and count stay.
  fail = true;
  clock_.Advance(absl::Hours(1));
  EXPECT_FALSE(scheduler->RunDueOnce().ok());
  EXPECT_EQ(Effects("remind"), 1);
  state = State(*scheduler, "remind");
  EXPECT_EQ(state->last_error, "FAILED_PRECONDITION: the mail relay refused");
  EXPECT_EQ(state->runs, 1);
  EXPECT_EQ(state->next_run_time, start + absl::Hours(1));
  EXPECT_EQ(state->last_run_time, start);
}

TEST_F(JobSchedulerTest, AFailingStatementRollsBackTheRunToo) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  ASSERT_TRUE(scheduler
                  ->Add({"remind", absl::Hours(1)},
                        [](pqxx::work& tx, const JobRun& run) {
                          (void)Recording()(tx, run);
                          tx.exec("SELECT 1 / 0");  // throws
                          return absl::OkStatus();
                        })
                  .ok());
  const absl::StatusOr<int> ran = scheduler->RunDueOnce();
  ASSERT_FALSE(ran.ok());
  EXPECT_THAT(std::string(ran.status().message()), StartsWith("job remind: "));
  EXPECT_EQ(Effects("remind"), 0);
  const std::optional<JobState> state = State(*scheduler, "remind");
  ASSERT_TRUE(state.has_value());
  EXPECT_NE(state->last_error, "");
  EXPECT_EQ(state->runs, 0);
}

TEST_F(JobSchedulerTest, OneFailingJobDoesNotStopTheOthers) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  ASSERT_TRUE(scheduler
                  ->Add({"broken", absl::Hours(1)},
                        [](pqxx::work&, const JobRun&) { return absl::InternalError("boom"); })
                  .ok());
  ASSERT_TRUE(scheduler->Add({"remind", absl::Hours(1)}, Recording()).ok());
  const absl::StatusOr<int> ran = scheduler->RunDueOnce();
  EXPECT_EQ(ran.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(ran.status().message(), HasSubstr("job broken: boom"));
  EXPECT_EQ(Effects("remind"), 1);
  EXPECT_EQ(State(*scheduler, "remind")->runs, 1);
  EXPECT_EQ(State(*scheduler, "broken")->last_error, "INTERNAL: boom");
}

TEST_F(JobSchedulerTest, ARestartedSchedulerKeepsTheStoredSchedule) {
  const absl::Time start = clock_.Now();
  {
    std::unique_ptr<JobScheduler> before = MakeScheduler();
    ASSERT_TRUE(before->Add({"remind", absl::Hours(1)}, Recording()).ok());
    EXPECT_EQ(RunDue(*before), 1);
  }
  clock_.Advance(absl::Minutes(30));
  std::unique_ptr<JobScheduler> after = MakeScheduler();
  ASSERT_TRUE(after->Add({"remind", absl::Hours(1)}, Recording()).ok());
  EXPECT_EQ(RunDue(*after), 0);  // not due for another 30 minutes
  EXPECT_EQ(Effects("remind"), 1);

  clock_.Advance(absl::Minutes(30));
  EXPECT_EQ(RunDue(*after), 1);
  EXPECT_EQ(Effects("remind"), 2);
  EXPECT_EQ(Query("SELECT max(scheduled_time) = '2026-01-01T01:00:00Z' FROM shop.effects"), "t");
  EXPECT_EQ(State(*after, "remind")->runs, 2);
  EXPECT_EQ(State(*after, "remind")->next_run_time, start + absl::Hours(2));
}

TEST_F(JobSchedulerTest, StartRunsDueJobsOnItsOwnThreadUntilDestroyed) {
  absl::Notification ran;
  {
    JobScheduler scheduler(*pool_, kSchema, clock_, absl::Milliseconds(10));
    ASSERT_TRUE(scheduler
                    .Add({"remind", absl::Hours(1)},
                         [&](pqxx::work& tx, const JobRun& run) {
                           absl::Status s = Recording()(tx, run);
                           if (!ran.HasBeenNotified()) ran.Notify();
                           return s;
                         })
                    .ok());
    scheduler.Start();
    ASSERT_TRUE(ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  }                                 // joins the thread
  EXPECT_EQ(Effects("remind"), 1);  // polled many times; the clock stood still
}

TEST_F(JobSchedulerTest, CountsRunsByOutcome) {
  prometheus::Registry registry;
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  scheduler->ExportMetrics(registry);
  bool fail = true;
  ASSERT_TRUE(scheduler
                  ->Add({"remind", absl::Hours(1)},
                        [&](pqxx::work&, const JobRun&) {
                          return fail ? absl::UnavailableError("down") : absl::OkStatus();
                        })
                  .ok());
  EXPECT_FALSE(scheduler->RunDueOnce().ok());
  fail = false;
  EXPECT_EQ(RunDue(*scheduler), 1);
  EXPECT_EQ(RunDue(*scheduler), 0);  // not due: not counted

  std::map<std::string, double> counts;
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != "crm_job_runs_total") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      std::string outcome, job;
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        if (label.name == "outcome") outcome = label.value;
        if (label.name == "job") job = label.value;
      }
      counts[job + "/" + outcome] = metric.counter.value;
    }
  }
  EXPECT_EQ(counts["remind/ok"], 1);
  EXPECT_EQ(counts["remind/failed"], 1);
}

TEST_F(JobSchedulerTest, AddRefusesBadNamesPeriodsAndRepeats) {
  std::unique_ptr<JobScheduler> scheduler = MakeScheduler();
  EXPECT_EQ(scheduler->Add({"", absl::Hours(1)}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({"Remind", absl::Hours(1)}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({std::string(64, 'a'), absl::Hours(1)}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({"remind", absl::ZeroDuration()}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({"remind", -absl::Seconds(1)}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({"remind", absl::InfiniteDuration()}, Recording()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(scheduler->Add({"remind", absl::Hours(1)}, nullptr).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(scheduler->Add({std::string(63, 'a'), absl::Hours(1)}, Recording()).ok());
  ASSERT_TRUE(scheduler->Add({"remind_2", absl::Hours(1)}, Recording()).ok());
  const absl::Status repeated = scheduler->Add({"remind_2", absl::Hours(2)}, Recording());
  EXPECT_EQ(repeated.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status::GetErrorInfo(repeated)->reason(), "JOB_EXISTS");
}

TEST(JobLockKeyTest, IsStableAndDistinctPerSchemaAndName) {
  EXPECT_EQ(JobLockKey("shop", "remind"), JobLockKey("shop", "remind"));
  EXPECT_NE(JobLockKey("shop", "remind"), JobLockKey("till", "remind"));
  EXPECT_NE(JobLockKey("shop", "remind"), JobLockKey("shop", "expire"));
}

}  // namespace
}  // namespace crm::jobs
