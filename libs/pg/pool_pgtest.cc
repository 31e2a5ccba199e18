#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/pg/error.h"
#include "libs/pg/pgtest_util.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::pg {
namespace {

using pgtest::Options;
using pgtest::Scalar;
using ::testing::HasSubstr;
using ::testing::Not;

class PoolTest : public pgtest::DatabaseTest {};

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

// Polls until the server no longer lists backend `pid`.
void WaitUntilGone(const std::string& dsn, int pid) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (Scalar(dsn, crm::StrCat("SELECT count(*) FROM pg_stat_activity "
                                 "WHERE pid = ",
                                 pid)) != "0") {
    ASSERT_LT(absl::Now(), deadline) << "backend " << pid << " still alive";
    absl::SleepFor(absl::Milliseconds(10));
  }
}

TEST_F(PoolTest, UnreachableServerIsUnavailableQuicklyWithoutPassword) {
  PoolOptions options = Options("host=127.0.0.1 port=1 user=crm dbname=crm password=hunter2", 2);
  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(std::move(options));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reason(pool.status()), "DB_UNAVAILABLE");
  EXPECT_THAT(pool.status().message(), HasSubstr("127.0.0.1:1"));
  EXPECT_THAT(pool.status().ToString(), Not(HasSubstr("hunter2")));
}

TEST_F(PoolTest, RejectsBadOptions) {
  EXPECT_EQ(ConnectionPool::Create(Options(dsn(), 0)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConnectionPool::Create(Options("", 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  PoolOptions clash = Options(dsn(), 1);
  clash.statements = {{"t.one", "SELECT 1"}, {"t.one", "SELECT 2"}};
  EXPECT_EQ(ConnectionPool::Create(std::move(clash)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PoolTest, ExhaustedPoolFailsAfterAcquireTimeoutNotHangs) {
  PoolOptions options = Options(dsn(), 2);
  options.acquire_timeout = absl::Milliseconds(200);
  std::unique_ptr<ConnectionPool> pool = MakePool(std::move(options));
  ASSERT_NE(pool, nullptr);
  absl::StatusOr<ConnectionPool::Lease> a = pool->Acquire();
  absl::StatusOr<ConnectionPool::Lease> b = pool->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());

  const absl::Time start = absl::Now();
  absl::StatusOr<ConnectionPool::Lease> c = pool->Acquire();
  const absl::Duration waited = absl::Now() - start;
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Reason(c.status()), "DB_POOL_EXHAUSTED");
  EXPECT_THAT(c.status().message(), HasSubstr("connection pool exhausted"));
  EXPECT_GE(waited, absl::Milliseconds(150));
  EXPECT_LT(waited, absl::Seconds(2));

  const ConnectionPool::Stats stats = pool->stats();
  EXPECT_EQ(stats.size, 2);
  EXPECT_EQ(stats.in_use, 2);
  EXPECT_EQ(stats.idle, 0);
  EXPECT_EQ(stats.acquire_timeouts, 1);
}

TEST_F(PoolTest, LeaseReturnsOnScopeExitAndIsReused) {
  std::unique_ptr<ConnectionPool> pool = MakePool(Options(dsn(), 1));
  ASSERT_NE(pool, nullptr);
  int pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    pid = lease->conn().backendpid();
    EXPECT_EQ(pool->stats().in_use, 1);
  }
  EXPECT_EQ(pool->stats().in_use, 0);
  EXPECT_EQ(pool->stats().idle, 1);
  absl::StatusOr<ConnectionPool::Lease> again = pool->Acquire();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->conn().backendpid(), pid);
}

TEST_F(PoolTest, MovedLeaseReturnsOnce) {
  std::unique_ptr<ConnectionPool> pool = MakePool(Options(dsn(), 2));
  ASSERT_NE(pool, nullptr);
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    ConnectionPool::Lease moved = *std::move(lease);
    ConnectionPool::Lease assigned = std::move(moved);
    EXPECT_EQ(pool->stats().in_use, 1);
  }
  const ConnectionPool::Stats stats = pool->stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.idle, 1);
}

TEST_F(PoolTest, WaiterGetsAConnectionReleasedInTime) {
  PoolOptions options = Options(dsn(), 1);
  options.acquire_timeout = absl::Seconds(3);
  std::unique_ptr<ConnectionPool> pool = MakePool(std::move(options));
  ASSERT_NE(pool, nullptr);
  absl::StatusOr<ConnectionPool::Lease> held = pool->Acquire();
  ASSERT_TRUE(held.ok());
  std::thread releaser([&held] {
    absl::SleepFor(absl::Milliseconds(100));
    held = absl::CancelledError("released");
  });
  const absl::Time start = absl::Now();
  absl::StatusOr<ConnectionPool::Lease> waited = pool->Acquire();
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(PoolTest, BrokenLeaseIsReplacedByANewConnection) {
  std::unique_ptr<ConnectionPool> pool = MakePool(Options(dsn(), 1));
  ASSERT_NE(pool, nullptr);
  int pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = lease->conn().backendpid();
    lease->MarkBroken();
  }
  EXPECT_EQ(pool->stats().idle, 0);
  WaitUntilGone(dsn(), pid);
  absl::StatusOr<ConnectionPool::Lease> fresh = pool->Acquire();
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_NE(fresh->conn().backendpid(), pid);
}

TEST_F(PoolTest, KilledBackendFailsCleanlyThenAFreshConnectionWorks) {
  std::unique_ptr<ConnectionPool> pool = MakePool(Options(dsn(), 1));
  ASSERT_NE(pool, nullptr);
  int pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = lease->conn().backendpid();
  }
  ASSERT_EQ(Scalar(dsn(), crm::StrCat("SELECT pg_terminate_backend(", pid, ")")), "t");
  WaitUntilGone(dsn(), pid);

  // The idle connection is dead: the read either fails as UNAVAILABLE or is
  // served by a new backend, never by an exception or a hang.
  int served_by = 0;
  absl::Status first = RunReadOnly(*pool, [&](pqxx::nontransaction& tx) {
    served_by = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
    return absl::OkStatus();
  });
  if (first.ok()) {
    EXPECT_NE(served_by, pid);
  } else {
    EXPECT_EQ(first.code(), absl::StatusCode::kUnavailable) << first;
  }
  absl::Status second = RunReadOnly(*pool, [&](pqxx::nontransaction& tx) {
    served_by = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
    return absl::OkStatus();
  });
  ASSERT_TRUE(second.ok()) << second;
  EXPECT_NE(served_by, pid);
  EXPECT_EQ(pool->stats().in_use, 0);
}

TEST_F(PoolTest, KilledLeasedBackendSurfacesAsConnectionLoss) {
  std::unique_ptr<ConnectionPool> pool = MakePool(Options(dsn(), 1));
  ASSERT_NE(pool, nullptr);
  int pid = 0;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    ASSERT_TRUE(lease.ok());
    pid = lease->conn().backendpid();
    ASSERT_EQ(Scalar(dsn(), crm::StrCat("SELECT pg_terminate_backend(", pid, ")")), "t");
    WaitUntilGone(dsn(), pid);
    // Inside a transaction libpqxx must not reconnect behind our back.
    bool threw = false;
    try {
      pqxx::work tx(lease->conn());
      tx.exec("SELECT 1");
      tx.commit();
    } catch (const std::exception& e) {
      threw = true;
      EXPECT_EQ(ToStatus(e, "test").code(), absl::StatusCode::kUnavailable) << e.what();
      if (IsConnectionLost(e)) lease->MarkBroken();
    }
    if (threw) lease->MarkBroken();
    EXPECT_TRUE(threw || lease->conn().backendpid() != pid);
  }
  absl::StatusOr<ConnectionPool::Lease> fresh = pool->Acquire();
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  pqxx::nontransaction tx(fresh->conn());
  EXPECT_EQ(tx.exec("SELECT 7")[0][0].as<int>(), 7);
}

TEST_F(PoolTest, PreparedStatementsAreKnownOnEveryConnection) {
  PoolOptions options = Options(dsn(), 2);
  options.statements = {{"pgtest.add", "SELECT $1::int + $2::int"},
                        {"pgtest.add", "SELECT $1::int + $2::int"},  // shared
                        {"pgtest.upper", "SELECT upper($1::text)"}};
  std::unique_ptr<ConnectionPool> pool = MakePool(std::move(options));
  ASSERT_NE(pool, nullptr);
  absl::StatusOr<ConnectionPool::Lease> a = pool->Acquire();
  absl::StatusOr<ConnectionPool::Lease> b = pool->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_NE(a->conn().backendpid(), b->conn().backendpid());
  for (ConnectionPool::Lease* lease : {&*a, &*b}) {
    pqxx::nontransaction tx(lease->conn());
    EXPECT_EQ(tx.exec_prepared("pgtest.add", 2, 3)[0][0].as<int>(), 5);
    EXPECT_EQ(tx.exec_prepared("pgtest.upper", "集团abc")[0][0].as<std::string>(), "集团ABC");
  }
}

TEST_F(PoolTest, SessionSettingsComeFromOptions) {
  PoolOptions options = Options(dsn(), 1);
  options.statement_timeout = absl::Milliseconds(300);
  std::unique_ptr<ConnectionPool> pool = MakePool(std::move(options));
  ASSERT_NE(pool, nullptr);
  std::string application, timeout;
  ASSERT_TRUE(RunReadOnly(*pool, [&](pqxx::nontransaction& tx) {
                application = tx.exec("SHOW application_name")[0][0].c_str();
                timeout = tx.exec("SHOW statement_timeout")[0][0].c_str();
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(application, "crm-pgtest");
  EXPECT_EQ(timeout, "300ms");

  const absl::Time start = absl::Now();
  absl::Status slow = RunReadOnly(*pool, [&](pqxx::nontransaction& tx) {
    tx.exec("SELECT pg_sleep(3)");
    return absl::OkStatus();
  });
  EXPECT_EQ(slow.code(), absl::StatusCode::kDeadlineExceeded) << slow;
  EXPECT_EQ(Reason(slow), "DB_TIMEOUT");
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(PoolTest, ManyThreadsShareASmallPool) {
  PoolOptions options = Options(dsn(), 3);
  options.acquire_timeout = absl::Seconds(10);
  std::unique_ptr<ConnectionPool> pool = MakePool(std::move(options));
  ASSERT_NE(pool, nullptr);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&pool, &ok, t] {
      for (int i = 0; i < 40; ++i) {
        int sum = 0;
        absl::Status status = RunReadOnly(*pool, [&](pqxx::nontransaction& tx) {
          sum = tx.exec_params("SELECT $1::int + $2::int", t, i)[0][0].as<int>();
          return absl::OkStatus();
        });
        if (status.ok() && sum == t + i) ok.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 8 * 40);
  const ConnectionPool::Stats stats = pool->stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_LE(stats.idle, 3);
  EXPECT_EQ(stats.acquire_timeouts, 0);
}

}  // namespace
}  // namespace crm::pg
