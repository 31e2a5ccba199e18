// Migration 0012 against real PostgreSQL: a customer schema whose change
// feed lives in customer.changes (0007, 0008) moves to the libs/events outbox
// with every change's sequence, id, type, version, time and survivor, so a
// cursor handed out before the upgrade goes on where it was, and new changes
// follow the old ones.
#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_requests.h"
#include "libs/events/migrations.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/customer/changes/customer_change.h"
#include "services/customer/core/change_record.h"

namespace crm {
extern const EmbeddedFile kCustomerMigrations[];
extern const int kCustomerMigrations_count;
}  // namespace crm

namespace crm::customer {
namespace {

constexpr char kMerged[] = "11111111-1111-4111-8111-111111111111";
constexpr char kSurvivor[] = "22222222-2222-4222-8222-222222222222";

TEST(ChangeFeedMigrationTest, ChangesMoveToTheOutboxAndOldCursorsGoOn) {
  absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> db =
      crm::testing::TestDatabase::Create("change_feed_migration");
  ASSERT_TRUE(db.ok()) << db.status();
  pg::PoolOptions options;
  options.dsn = (*db)->dsn();
  options.size = 2;
  options.statements = ChangeRecordStatements();
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::ConnectionPool::Create(std::move(options));
  ASSERT_TRUE(pool.ok()) << pool.status();

  // The schema as it was before 0012, with three changes.
  const absl::Span<const EmbeddedFile> all(kCustomerMigrations, kCustomerMigrations_count);
  std::vector<EmbeddedFile> before;
  std::copy_if(all.begin(), all.end(), std::back_inserter(before),
               [](const EmbeddedFile& file) { return file.name < "0012"; });
  const pg::LibraryMigrations request_log[] = {idempotency::RequestLogMigrations()};
  ASSERT_TRUE(pg::Migrate(**pool, "customer", before, request_log).ok());
  ASSERT_TRUE(pg::RunInTransaction(**pool, [](pqxx::work& tx) {
                tx.exec0(crm::StrCat(
                    "INSERT INTO customer.changes (event_id, customer_id, type, version,"
                    " merged_into, time) VALUES"
                    " ('aaaaaaaa-0000-4000-8000-000000000001', '",
                    kMerged, "', 1, 1, NULL, now() - interval '1 hour'),",
                    " ('aaaaaaaa-0000-4000-8000-000000000002', '", kSurvivor,
                    "', 2, 4, NULL, now() - interval '1 hour'),",
                    " ('aaaaaaaa-0000-4000-8000-000000000003', '", kMerged, "', 5, 2, '", kSurvivor,
                    "', now() - interval '1 hour')"));
                return absl::OkStatus();
              }).ok());

  // A consumer read the first change before the upgrade.
  pagination::PageTokenCodec tokens("test-key");
  events::EventCursorCodec cursors(tokens, "ListCustomerChanges", "customer.crm");
  const std::string old_sequence = [&] {
    pqxx::connection conn((*db)->dsn());
    pqxx::nontransaction tx(conn);
    return std::string(tx.exec("SELECT min(sequence) FROM customer.changes")[0][0].c_str());
  }();
  const std::string old_token = cursors.Encode(std::stoll(old_sequence));

  const pg::LibraryMigrations libraries[] = {idempotency::RequestLogMigrations(),
                                             events::OutboxMigrations()};
  const absl::Status upgraded = pg::Migrate(**pool, "customer", all, libraries);
  ASSERT_TRUE(upgraded.ok()) << upgraded;

  events::Outbox outbox(**pool, CustomerFeed(absl::ZeroDuration(), absl::Hours(24 * 30)));
  ASSERT_TRUE(pg::RunInTransaction(**pool, [](pqxx::work& tx) {
                RecordChange(tx, kSurvivor, v1::CustomerChange::UPDATED, 5);
                return absl::OkStatus();
              }).ok());
  absl::SleepFor(absl::Milliseconds(10));
  absl::StatusOr<events::ListedEvents> listed =
      events::ListEvents(outbox, cursors, {.page_token = old_token});
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<v1::CustomerChange> changes;
  for (const events::Event& event : listed->events) changes.push_back(ToChange(event));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].event_id(), "aaaaaaaa-0000-4000-8000-000000000002");
  EXPECT_EQ(changes[0].type(), v1::CustomerChange::UPDATED);
  EXPECT_EQ(changes[0].version(), 4);
  EXPECT_EQ(changes[0].customer(), crm::StrCat("customers/", kSurvivor));
  EXPECT_EQ(changes[1].type(), v1::CustomerChange::MERGED);
  EXPECT_EQ(changes[1].customer(), crm::StrCat("customers/", kMerged));
  EXPECT_EQ(changes[1].merged_into(), crm::StrCat("customers/", kSurvivor));
  EXPECT_LT(changes[1].time().seconds(), absl::ToUnixSeconds(absl::Now() - absl::Minutes(59)));
  // The first change after the upgrade follows the old ones.
  EXPECT_EQ(changes[2].type(), v1::CustomerChange::UPDATED);
  EXPECT_EQ(changes[2].version(), 5);
  EXPECT_EQ(changes[2].merged_into(), "");

  // The old shape stays readable for SQL that reads the feed by customer.
  pqxx::connection conn((*db)->dsn());
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(std::string(tx.exec(crm::StrCat("SELECT merged_into::text FROM customer.changes"
                                            " WHERE type = 5 AND customer_id = '",
                                            kMerged, "'"))[0][0]
                            .c_str()),
            kSurvivor);
  EXPECT_EQ(std::string(tx.exec("SELECT count(*) FROM customer.changes")[0][0].c_str()), "4");
}

}  // namespace
}  // namespace crm::customer
