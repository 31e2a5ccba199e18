#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pgtest_util.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

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

// A library's table, written once for any schema.
const EmbeddedFile kLedger{"0001_ledger.sql",
                           "CREATE TABLE IF NOT EXISTS {schema}.ledger (id int PRIMARY KEY);"};
const EmbeddedFile kLedgerNote{"0002_note.sql", "ALTER TABLE {schema}.ledger ADD note text;"};

class MigrateTest : public pgtest::DatabaseTest {
 protected:
  void SetUp() override {
    pgtest::DatabaseTest::SetUp();
    Scalar(dsn(), "DROP SCHEMA IF EXISTS shop CASCADE");
    Scalar(dsn(), "DROP SCHEMA IF EXISTS till CASCADE");
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

TEST_F(MigrateTest, LibraryFilesRunFirstInEachSchemaAndAreRecordedByLibrary) {
  const LibraryMigrations ledger{"ledger", {&kLedger, 1}};
  // The service's file uses the library's table: it must already be there.
  const EmbeddedFile uses_ledger{
      "0001_entries.sql", "CREATE TABLE shop.entries (ledger_id int REFERENCES shop.ledger);"};
  absl::Status status = Migrate(*pool_, "shop", {&uses_ledger, 1}, {&ledger, 1});
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Scalar(dsn(), "SELECT to_regclass('shop.ledger') IS NOT NULL"), "t");
  EXPECT_EQ(Applied(), "1");
  EXPECT_EQ(
      Scalar(dsn(), "SELECT string_agg(library || '/' || name, ',') FROM shop.library_migrations"),
      "ledger/0001_ledger.sql");

  // The same library in another schema, then a second file of it in the first.
  ASSERT_TRUE(Migrate(*pool_, "till", {}, {&ledger, 1}).ok());
  EXPECT_EQ(Scalar(dsn(), "SELECT to_regclass('till.ledger') IS NOT NULL"), "t");
  const EmbeddedFile both[] = {kLedger, kLedgerNote};
  const LibraryMigrations grown{"ledger", both};
  status = Migrate(*pool_, "shop", {&uses_ledger, 1}, {&grown, 1});
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Scalar(dsn(), "SELECT count(*) FROM shop.library_migrations"), "2");
  EXPECT_EQ(
      Scalar(dsn(),
             "SELECT count(*) FROM information_schema.columns "
             "WHERE table_schema = 'shop' AND table_name = 'ledger' AND column_name = 'note'"),
      "1");
  EXPECT_EQ(
      Scalar(dsn(),
             "SELECT count(*) FROM information_schema.columns "
             "WHERE table_schema = 'till' AND table_name = 'ledger' AND column_name = 'note'"),
      "0")
      << "only the schema migrated saw the second file";
}

TEST_F(MigrateTest, AnEditedLibraryFileIsRefusedLikeAServiceFile) {
  const LibraryMigrations ledger{"ledger", {&kLedger, 1}};
  ASSERT_TRUE(Migrate(*pool_, "shop", {}, {&ledger, 1}).ok());
  const EmbeddedFile edited{"0001_ledger.sql", "CREATE TABLE {schema}.ledger (id bigint);"};
  const LibraryMigrations changed{"ledger", {&edited, 1}};
  absl::Status status = Migrate(*pool_, "shop", {}, {&changed, 1});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("ledger/0001_ledger.sql"));
}

TEST_F(MigrateTest, ATableMovedFromAServiceFileToALibraryKeepsAnExistingSchemaWorking) {
  // Yesterday's release: the service's own file created the table.
  const EmbeddedFile before{"0001_accounts.sql",
                            "CREATE TABLE shop.accounts (id int PRIMARY KEY);\n"
                            "CREATE TABLE IF NOT EXISTS shop.ledger (id int PRIMARY KEY);"};
  ASSERT_TRUE(Run({before}).ok());
  Scalar(dsn(), "INSERT INTO shop.ledger VALUES (7)");
  // Today's: the library creates it; the service's file says what it replaced.
  const std::string after_text =
      crm::StrCat("-- replaces checksum ", crypto::Sha256Hex(before.contents),
                  "\nCREATE TABLE shop.accounts (id int PRIMARY KEY);");
  const EmbeddedFile after{"0001_accounts.sql", after_text};
  const LibraryMigrations ledger{"ledger", {&kLedger, 1}};
  absl::Status status = Migrate(*pool_, "shop", {&after, 1}, {&ledger, 1});
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Scalar(dsn(), "SELECT id FROM shop.ledger"), "7") << "the existing rows stay";

  // Without the line, the same edit is refused.
  Scalar(dsn(), "DROP SCHEMA shop CASCADE");
  ASSERT_TRUE(Run({before}).ok());
  const EmbeddedFile silent{"0001_accounts.sql",
                            "CREATE TABLE shop.accounts (id int PRIMARY KEY);"};
  EXPECT_EQ(Migrate(*pool_, "shop", {&silent, 1}, {&ledger, 1}).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrateTest, RejectsBadOrRepeatedLibraryNames) {
  const LibraryMigrations bad{"Ledger;", {&kLedger, 1}};
  EXPECT_EQ(Migrate(*pool_, "shop", {}, {&bad, 1}).code(), absl::StatusCode::kInvalidArgument);
  const LibraryMigrations twice[] = {{"ledger", {&kLedger, 1}}, {"ledger", {&kLedger, 1}}};
  EXPECT_EQ(Migrate(*pool_, "shop", {}, twice).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace crm::pg
