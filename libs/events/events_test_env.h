#ifndef CRM_LIBS_EVENTS_EVENTS_TEST_ENV_H_
#define CRM_LIBS_EVENTS_EVENTS_TEST_ENV_H_

// Shared by libs/events' database tests only: a fresh database per test with
// the library's tables in schema "shop" (a service with a feed) and "till"
// (a service following it).

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/events/follower.h"
#include "libs/events/migrations.h"
#include "libs/events/outbox.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "libs/testing/test_database.h"
#include "pqxx/pqxx"

namespace crm::events::testing {

inline FeedOptions ShopFeed(absl::Duration settle = absl::Milliseconds(100)) {
  return {.service = "shop",
          .schema = "shop",
          .event_types = {"ORDER_PLACED", "ORDER_SHIPPED"},
          .settle = settle};
}

class EventsDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> db =
        crm::testing::TestDatabase::Create("events_pgtest");
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = *std::move(db);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 6;
    options.statements = Outbox::Statements("shop");
    for (const auto& s : Follower::Statements("till")) options.statements.push_back(s);
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        pg::ConnectionPool::Create(std::move(options));
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    const pg::LibraryMigrations outbox[] = {OutboxMigrations()};
    ASSERT_TRUE(pg::Migrate(*pool_, "shop", {}, outbox).ok());
    const pg::LibraryMigrations follower[] = {FollowerMigrations()};
    ASSERT_TRUE(pg::Migrate(*pool_, "till", {}, follower).ok());
  }

  // Records `events` in one committed transaction.
  std::vector<std::string> RecordAll(const Outbox& outbox, const std::vector<NewEvent>& events) {
    std::vector<std::string> ids;
    const absl::Status status = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
      ids.clear();
      for (const NewEvent& event : events) ids.push_back(outbox.Record(tx, event));
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }

  std::string Query(const std::string& sql) {
    pqxx::connection conn(database_->dsn());
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = tx.exec(sql);
    if (rows.empty() || rows[0][0].is_null()) return "";
    return rows[0][0].c_str();
  }

  void Execute(const std::string& sql) { (void)Query(sql); }

  std::unique_ptr<crm::testing::TestDatabase> database_;
  std::unique_ptr<pg::ConnectionPool> pool_;  // after the database: goes first
};

}  // namespace crm::events::testing

#endif  // CRM_LIBS_EVENTS_EVENTS_TEST_ENV_H_
