#include <memory>
#include <optional>
#include <string>

#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "libs/idempotency/request_log.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "libs/status/status.h"
#include "libs/testing/test_database.h"

namespace crm::idempotency {
namespace {

using Answer = google::protobuf::StringValue;

// The library's table in two schemas, each with its own log.
class RequestLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::TestDatabase::Create("request_log_pgtest");
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    pg::PoolOptions options;
    options.dsn = db_->dsn();
    options.size = 2;
    for (const RequestLog* log : {&shop_, &till_}) {
      for (const auto& s : log->statements()) options.statements.push_back(s);
    }
    const pg::LibraryMigrations request_log = RequestLogMigrations();
    for (const char* schema : {"shop", "till"}) {
      absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
          pg::OpenServiceDatabase(options, schema, {}, {&request_log, 1}, /*migrate=*/true);
      ASSERT_TRUE(pool.ok()) << pool.status();
      pool_ = *std::move(pool);
    }
  }

  // Runs a change that counts its runs, under `key`.
  absl::StatusOr<Answer> Change(const RequestLog& log, const RequestKey& key,
                                const std::string& value) {
    return RunIdempotent<Answer>(*pool_, log, key, [&](pqxx::work&) -> absl::StatusOr<Answer> {
      ++runs_;
      Answer answer;
      answer.set_value(value);
      return answer;
    });
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  RequestLog shop_{"shop"};
  RequestLog till_{"till"};
  int runs_ = 0;
};

TEST_F(RequestLogTest, ARetryReturnsTheFirstAnswerWithoutRunningAgain) {
  const RequestKey key{"r-1", "MoveThing", "users/alice", "hash-1"};
  absl::StatusOr<Answer> first = Change(shop_, key, "first");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<Answer> retry = Change(shop_, key, "second");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->value(), "first");
  EXPECT_EQ(runs_, 1);
}

TEST_F(RequestLogTest, TheSameIdForAnotherRequestIsRefused) {
  ASSERT_TRUE(Change(shop_, {"r-1", "MoveThing", "users/alice", "hash-1"}, "a").ok());
  absl::StatusOr<Answer> other = Change(shop_, {"r-1", "MoveThing", "users/alice", "hash-2"}, "b");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(other.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "REQUEST_ID_REUSED");
  EXPECT_EQ(info->metadata().at("firstMethod"), "MoveThing");
  EXPECT_EQ(runs_, 1);
}

TEST_F(RequestLogTest, EachSchemaKeepsItsOwnLog) {
  const RequestKey key{"r-1", "MoveThing", "users/alice", "hash-1"};
  ASSERT_TRUE(Change(shop_, key, "shop").ok());
  absl::StatusOr<Answer> till = Change(till_, key, "till");
  ASSERT_TRUE(till.ok()) << till.status();
  EXPECT_EQ(till->value(), "till");
  EXPECT_EQ(runs_, 2);
}

TEST_F(RequestLogTest, WithoutAKeyEveryCallRuns) {
  ASSERT_TRUE(RunIdempotent<Answer>(*pool_, shop_, std::nullopt,
                                    [&](pqxx::work&) -> absl::StatusOr<Answer> {
                                      ++runs_;
                                      return Answer();
                                    })
                  .ok());
  ASSERT_TRUE(RunIdempotent<Answer>(*pool_, shop_, std::nullopt,
                                    [&](pqxx::work&) -> absl::StatusOr<Answer> {
                                      ++runs_;
                                      return Answer();
                                    })
                  .ok());
  EXPECT_EQ(runs_, 2);
}

}  // namespace
}  // namespace crm::idempotency
