#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pgtest_util.h"
#include "libs/status/status.h"

namespace crm::pg {
namespace {

using pgtest::Options;
using pgtest::Scalar;
using ::testing::HasSubstr;

const EmbeddedFile kAccounts{"0001_accounts.sql",
                             "CREATE TABLE shop.accounts (id int PRIMARY KEY);"};
const EmbeddedFile kOrders{"0002_orders.sql",
                           "CREATE TABLE shop.orders (id int PRIMARY KEY, "
                           "account_id int REFERENCES shop.accounts);"};
const EmbeddedFile kAudit{"0003_audit.sql", "CREATE TABLE shop.audit (at timestamptz);"};

class MigrateTest : public pgtest::DatabaseTest {
 protected:
  void SetUp() override {
    pgtest::DatabaseTest::SetUp();
    Scalar(dsn(), "DROP SCHEMA IF EXISTS shop CASCADE");
    pool_ = MakePool(Options(dsn(), 2));
    ASSERT_NE(pool_, nullptr);
  }

  absl::Status Run(std::vector<EmbeddedFile> files) { return Migrate(*pool_, "shop", files); }

  std::string Applied() {
    return Scalar(dsn(),
                  "SELECT string_agg(version::text, ',' ORDER BY version) "
                  "FROM shop.schema_migrations");
  }

  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(MigrateTest, AppliesFilesInOrderOnceAndRecordsThem) {
  ASSERT_TRUE(Run({kOrders, kAccounts}).ok());  // given out of order
  EXPECT_EQ(Applied(), "1,2");
  EXPECT_EQ(Scalar(dsn(), "SELECT to_regclass('shop.orders') IS NOT NULL"), "t");
  // Again, plus a new file: only the new one runs.
  absl::Status again = Run({kAccounts, kOrders, kAudit});
  ASSERT_TRUE(again.ok()) << again;
  EXPECT_EQ(Applied(), "1,2,3");
}

TEST_F(MigrateTest, RefusesAnEditedAppliedFile) {
  ASSERT_TRUE(Run({kAccounts}).ok());
  const EmbeddedFile edited{"0001_accounts.sql",
                            "CREATE TABLE shop.accounts (id bigint PRIMARY KEY);"};
  absl::Status status = Run({edited, kOrders});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("0001_accounts.sql"));
  EXPECT_EQ(Applied(), "1") << "nothing after the refusal ran";
}

TEST_F(MigrateTest, RefusesANewFileNumberedBelowAnAppliedOne) {
  ASSERT_TRUE(Run({kAccounts, kAudit}).ok());
  absl::Status status = Run({kAccounts, kOrders, kAudit});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_EQ(Applied(), "1,3");
}

TEST_F(MigrateTest, AFailingFileIsRolledBackAndNamed) {
  const EmbeddedFile broken{"0002_broken.sql",
                            "CREATE TABLE shop.half (id int); SELECT no_such_function();"};
  absl::Status status = Run({kAccounts, broken, kAudit});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("0002_broken.sql"));
  EXPECT_EQ(Applied(), "1");
  EXPECT_EQ(Scalar(dsn(), "SELECT to_regclass('shop.half') IS NULL"), "t")
      << "the failing file left nothing behind";
}

TEST_F(MigrateTest, RejectsBadNamesAndDuplicateVersions) {
  EXPECT_EQ(Run({{"1_x.sql", "SELECT 1"}}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Run({kAccounts, {"0001_again.sql", "SELECT 1"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Migrate(*pool_, "bad schema; DROP", {&kAccounts, 1}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MigrateTest, ConcurrentRunnersApplyEachFileOnce) {
  std::atomic<int> failures{0};
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) {
    runners.emplace_back([&] {
      const std::vector<EmbeddedFile> files = {kAccounts, kOrders, kAudit};
      if (!Migrate(*pool_, "shop", files).ok()) ++failures;
    });
  }
  for (auto& runner : runners) runner.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Applied(), "1,2,3");
  EXPECT_EQ(Scalar(dsn(), "SELECT count(*) FROM shop.schema_migrations"), "3");
}

}  // namespace
}  // namespace crm::pg
