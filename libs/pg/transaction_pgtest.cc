#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/pg/pgtest_util.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"

namespace crm::pg {
namespace {

using pgtest::Options;
using pgtest::Scalar;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

// Raises the given SQLSTATE the way PostgreSQL itself would.
void Raise(pqxx::work& tx, const std::string& sqlstate) {
  tx.exec("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '" + sqlstate + "'; END $$");
}

class TransactionTest : public pgtest::DatabaseTest {
 protected:
  void SetUp() override {
    pgtest::DatabaseTest::SetUp();
    Scalar(dsn(), "CREATE TABLE IF NOT EXISTS public.notes (id int PRIMARY KEY, body text)");
    Scalar(dsn(), "TRUNCATE public.notes");
    pool_ = MakePool(Options(dsn(), 2));
    ASSERT_NE(pool_, nullptr);
  }

  std::string Count() { return Scalar(dsn(), "SELECT count(*) FROM public.notes"); }

  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(TransactionTest, CommitsWhenTheFunctionSucceeds) {
  absl::Status status = RunInTransaction(*pool_, [](pqxx::work& tx) {
    tx.exec("INSERT INTO public.notes VALUES (1, 'a')");
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Count(), "1");
}

TEST_F(TransactionTest, RollsBackAndReturnsTheFunctionsError) {
  absl::Status status = RunInTransaction(*pool_, [](pqxx::work& tx) {
    tx.exec("INSERT INTO public.notes VALUES (1, 'a')");
    return absl::FailedPreconditionError("no, thanks");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "no, thanks");
  EXPECT_EQ(Count(), "0");
}

TEST_F(TransactionTest, ASqlErrorBecomesAStatusWithoutTheServersText) {
  absl::Status status = RunInTransaction(*pool_, [](pqxx::work& tx) {
    tx.exec("INSERT INTO public.notes VALUES (1, 'a')");
    tx.exec("SELECT no_such_column FROM public.notes");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("no_such_column")));
  EXPECT_EQ(Count(), "0") << "the first insert was rolled back";
}

TEST_F(TransactionTest, AUniqueViolationIsAlreadyExists) {
  absl::Status status = RunInTransaction(*pool_, [](pqxx::work& tx) {
    tx.exec("INSERT INTO public.notes VALUES (1, 'a'), (1, 'b')");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Reason(status), "DB_UNIQUE_VIOLATION");
}

TEST_F(TransactionTest, RetriesTheWholeFunctionAfterASerializationFailure) {
  for (const char* sqlstate : {"40001", "40P01"}) {
    Scalar(dsn(), "TRUNCATE public.notes");
    int attempts = 0;
    absl::Status status = RunInTransaction(*pool_, [&](pqxx::work& tx) {
      ++attempts;
      tx.exec("INSERT INTO public.notes VALUES (1, 'a')");
      if (attempts == 1) Raise(tx, sqlstate);
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok()) << sqlstate << ": " << status;
    EXPECT_EQ(attempts, 2) << sqlstate;
    EXPECT_EQ(Count(), "1") << sqlstate << ": the first attempt left nothing behind";
  }
}

TEST_F(TransactionTest, GivesUpWithAbortedWhenConflictsPersist) {
  int attempts = 0;
  TxOptions options;
  options.max_attempts = 3;
  absl::Status status = RunInTransaction(
      *pool_,
      [&](pqxx::work& tx) {
        ++attempts;
        Raise(tx, "40001");
        return absl::OkStatus();
      },
      options);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(status), "DB_CONFLICT");
  EXPECT_EQ(attempts, 3);
}

TEST_F(TransactionTest, ConcurrentSerializableIncrementsNeverLoseAnUpdate) {
  Scalar(dsn(), "INSERT INTO public.notes VALUES (1, '0')");
  TxOptions options;
  options.serializable = true;
  options.max_attempts = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        absl::Status status = RunInTransaction(
            *pool_,
            [](pqxx::work& tx) {
              const int value =
                  tx.exec1("SELECT body::int FROM public.notes WHERE id = 1")[0].as<int>();
              tx.exec("UPDATE public.notes SET body = '" + std::to_string(value + 1) +
                      "' WHERE id = 1");
              return absl::OkStatus();
            },
            options);
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Scalar(dsn(), "SELECT body FROM public.notes WHERE id = 1"), "40");
}

TEST_F(TransactionTest, ReadOnlyReturnsTheFunctionsResult) {
  Scalar(dsn(), "INSERT INTO public.notes VALUES (7, 'seven')");
  std::string body;
  absl::Status status = RunReadOnly(*pool_, [&](pqxx::nontransaction& tx) {
    body = tx.exec1("SELECT body FROM public.notes WHERE id = 7")[0].c_str();
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(body, "seven");
}

}  // namespace
}  // namespace crm::pg
