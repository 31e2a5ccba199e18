#ifndef CRM_LIBS_PG_PGTEST_UTIL_H_
#define CRM_LIBS_PG_PGTEST_UTIL_H_

// Shared by libs/pg's database tests only.

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "libs/pg/pool.h"
#include "libs/testing/test_database.h"
#include "pqxx/connection"
#include "pqxx/nontransaction"

namespace crm::pg::pgtest {

// Runs `sql` on a connection of its own and returns the first column of the
// first row ("" when there is none or it is NULL).
inline std::string Scalar(const std::string& dsn, const std::string& sql) {
  pqxx::connection conn(dsn);
  pqxx::nontransaction tx(conn);
  const pqxx::result rows = tx.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].c_str();
}

inline PoolOptions Options(const std::string& dsn, int size) {
  PoolOptions options;
  options.dsn = dsn;
  options.size = size;
  options.application_name = "crm-pgtest";
  return options;
}

// A database per test suite, created once; a test fails when it cannot be.
class DatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::TestDatabase::Create("pg_pgtest");
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = *std::move(db);
  }
  static void TearDownTestSuite() { database_.reset(); }

  void SetUp() override {
    ASSERT_NE(database_, nullptr) << "the test database could not be created";
  }

  static const std::string& dsn() { return database_->dsn(); }

  std::unique_ptr<ConnectionPool> MakePool(PoolOptions options) {
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool =
        ConnectionPool::Create(std::move(options));
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  inline static std::unique_ptr<testing::TestDatabase> database_;
};

}  // namespace crm::pg::pgtest

#endif  // CRM_LIBS_PG_PGTEST_UTIL_H_
