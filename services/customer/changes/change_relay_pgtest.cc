// The change feed relayed to the Redis stream, and WatchCustomerChanges,
// against real PostgreSQL and a private Redis: every change reaches the
// stream once and in order, watchers catch up and follow live, a consumer
// that restarts loses nothing, and cursors the stream no longer holds are
// served from PostgreSQL.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/cache/redis_connection_pool.h"
#include "libs/events/event_stream.h"
#include "libs/events/outbox.h"
#include "libs/events/relay.h"
#include "libs/pg/pool.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/watch_reader.h"
#include "services/customer/changes/customer_change.h"
#include "services/customer/core/change_record.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::IsSupersetOf;

constexpr absl::Duration kSettle = absl::Milliseconds(200);
constexpr int kMaxWatches = 3;
constexpr char kChangeStreamKey[] = "crm:customer:v1:events";

auth::v1::Principal Erp() { return CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"}); }

// One WatchCustomerChanges call, read message by message.
using Watch = crm::testing::WatchReader<v1::WatchCustomerChangesResponse, v1::CustomerChange,
                                        &v1::WatchCustomerChangesResponse::changes>;

class ChangeRelayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("change_relay", [](CustomerConfig& config) {
          config.change_feed_settle = kSettle;
          config.change_watch_heartbeat = absl::Seconds(1);
          config.max_change_watches = kMaxWatches;
        });
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static cache::RedisOptions Redis() {
    cache::RedisOptions options;
    options.port = env_->redis().port();
    return options;
  }

  // Creates a customer: one change, CREATED v1 of a customer of its own.
  static std::string WriteChange() {
    static std::atomic<int> counter{0};
    v1::CreateCustomerRequest create;
    create.mutable_customer()->set_legal_name(
        crm::StrCat("苏州工业园区中继测试", counter.fetch_add(1), "号有限公司"));
    create.mutable_customer()->set_uscc(NewUscc());
    create.mutable_customer()->set_industry("C");
    create.mutable_customer()->set_region("320500");
    v1::Customer customer;
    const grpc::Status status =
        env_->stub().CreateCustomer(env_->As(CustomerTestEnv::Hq()).get(), create, &customer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return customer.name();
  }
  static std::vector<std::string> WriteChanges(int count) {
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) names.push_back(WriteChange());
    return names;
  }

  // The cursor after every settled change, from ListCustomerChanges.
  static std::string EndCursor() {
    v1::ListCustomerChangesRequest request;
    request.set_page_size(1000);
    while (true) {
      v1::ListCustomerChangesResponse response;
      const grpc::Status status =
          env_->stub().ListCustomerChanges(env_->As(Erp()).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.changes().empty()) return response.next_page_token();
      request.set_page_token(response.next_page_token());
    }
  }

  static Watch StartWatch(const std::string& token, const auth::v1::Principal& principal = Erp()) {
    Watch watch;
    watch.context = env_->As(principal);
    v1::WatchCustomerChangesRequest request;
    request.set_page_token(token);
    watch.reader = env_->stub().WatchCustomerChanges(watch.context.get(), request);
    return watch;
  }

  static std::set<std::string> Customers(const std::vector<v1::CustomerChange>& changes) {
    std::set<std::string> out;
    for (const auto& change : changes) out.insert(change.customer());
    return out;
  }

  // "sequence:event_id,..." of every change after `after` in PostgreSQL.
  static std::string FeedInPostgres(int64_t after = 0) {
    return env_->QueryValue(crm::StrCat(
        "SELECT string_agg(sequence::text || ':' || event_id::text, ',' ORDER BY sequence)"
        " FROM customer.events WHERE sequence > ",
        after));
  }
  static int64_t NewestSequence() {
    return std::stoll(env_->QueryValue("SELECT coalesce(max(sequence), 0) FROM customer.events"));
  }

  // The same for the stream under `key`, once it holds the newest change.
  // Tests that trim the stream leave older entries out: compare from a
  // sequence of the test's own.
  static std::string FeedInStream(const std::string& key, int64_t after = 0) {
    events::EventStream stream(Redis(), key, 1000000, absl::Seconds(1));
    const int64_t newest = NewestSequence();
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      absl::StatusOr<events::StreamBounds> bounds = stream.Bounds();
      if (bounds.ok() && bounds->last >= newest) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    std::vector<std::string> entries;
    while (true) {
      absl::StatusOr<events::EventPage> page = stream.Read(after, 1000, absl::Milliseconds(1));
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->events.empty()) break;
      for (const events::Event& event : page->events) {
        entries.push_back(crm::StrCat(event.sequence, ":", event.event_id));
      }
      after = page->last_sequence;
    }
    return absl::StrJoin(entries, ",");
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(ChangeRelayTest, EveryChangeReachesTheStreamOnceInOrder) {
  const int64_t start = NewestSequence();
  WriteChanges(5);
  const std::string stream = FeedInStream(kChangeStreamKey, start);
  EXPECT_FALSE(stream.empty());
  EXPECT_EQ(stream, FeedInPostgres(start));

  // The entry carries the whole change.
  events::EventStream reader(Redis(), kChangeStreamKey, 1000000, absl::Seconds(1));
  absl::StatusOr<events::EventPage> page = reader.Read(start, 1, absl::Milliseconds(1));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), 1u);
  const v1::CustomerChange change = ToChange(page->events[0]);
  EXPECT_EQ(change.type(), v1::CustomerChange::CREATED);
  EXPECT_EQ(change.version(), 1);
  EXPECT_THAT(change.customer(), ::testing::StartsWith("customers/"));
  EXPECT_GT(change.time().seconds(), 0);
}

TEST_F(ChangeRelayTest, ARestartedOrRacingRelayAddsNoDuplicatesAndNoGaps) {
  pg::PoolOptions options;
  options.dsn = env_->dsn();
  options.size = 2;
  options.statements = events::Outbox::Statements("customer");
  absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
      pg::ConnectionPool::Create(std::move(options));
  ASSERT_TRUE(pool.ok()) << pool.status();
  events::Outbox feed(**pool, CustomerFeed(kSettle, absl::Hours(1)));
  const std::string key = "test:relay-restart";
  events::EventStream stream(Redis(), key, 1000000, absl::Seconds(1));
  auto drain = [](events::Relay& relay) {
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<int> relayed = relay.RelayBatch();
      ASSERT_TRUE(relayed.ok()) << relayed.status();
      if (*relayed == 0) return;
    }
  };

  WriteChanges(2);
  absl::SleepFor(kSettle);
  {
    events::Relay first(feed, stream);  // a new stream: starts at the oldest change
    drain(first);
  }
  WriteChanges(2);
  absl::SleepFor(kSettle);
  events::Relay restarted(feed, stream);  // continues from the stream's last id
  drain(restarted);
  EXPECT_EQ(FeedInStream(key), FeedInPostgres());

  // Two replicas: the slower one finds its ids taken and skips ahead.
  events::Relay slow(feed, stream);
  drain(slow);  // learns the cursor now, relays nothing
  WriteChanges(3);
  absl::SleepFor(kSettle);
  drain(restarted);
  absl::StatusOr<int> lost_race = slow.RelayBatch();
  ASSERT_TRUE(lost_race.ok()) << lost_race.status();
  EXPECT_EQ(*lost_race, 0);
  WriteChanges(1);
  absl::SleepFor(kSettle);
  drain(slow);
  drain(restarted);
  EXPECT_EQ(FeedInStream(key), FeedInPostgres());
}

TEST_F(ChangeRelayTest, AWatcherCatchesUpThenGetsLiveChangesFast) {
  const std::string start = EndCursor();
  const std::vector<std::string> older = WriteChanges(3);
  Watch watch = StartWatch(start);
  ASSERT_TRUE(watch.ReadItems(3));
  EXPECT_THAT(Customers(watch.items), IsSupersetOf(older));

  // Live: within the settle delay, the relay's poll and one stream read.
  absl::SleepFor(absl::Seconds(1));
  const absl::Time written = absl::Now();
  const std::string live = WriteChange();
  ASSERT_TRUE(watch.ReadItems(watch.items.size() + 1));
  EXPECT_LT(absl::Now() - written, absl::Seconds(2));
  EXPECT_EQ(watch.items.back().customer(), live);

  // Its cursor continues ListCustomerChanges too.
  v1::ListCustomerChangesRequest request;
  request.set_page_token(watch.last_token);
  v1::ListCustomerChangesResponse response;
  ASSERT_TRUE(env_->stub().ListCustomerChanges(env_->As(Erp()).get(), request, &response).ok());
  EXPECT_TRUE(response.changes().empty());
  EXPECT_EQ(watch.Cancel().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ChangeRelayTest, AConsumerRestartingMidFeedMissesNothing) {
  const std::string start = EndCursor();
  std::vector<std::string> written;
  std::atomic<bool> writing{true};
  std::jthread writer([&] {
    for (int i = 0; i < 12; ++i) {
      written.push_back(WriteChange());
      absl::SleepFor(absl::Milliseconds(100));
    }
    writing = false;
  });

  std::vector<v1::CustomerChange> seen;
  Watch first = StartWatch(start);
  ASSERT_TRUE(first.ReadItems(3));
  seen = first.items;
  const std::string resume = first.last_token;
  first.Cancel();

  absl::SleepFor(absl::Milliseconds(300));  // the consumer is away a while
  Watch second = StartWatch(resume);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (absl::Now() < deadline) {
    if (!writing && Customers(seen).size() >= 12) break;
    ASSERT_TRUE(second.ReadOne());
    seen.insert(seen.end(), second.items.begin(), second.items.end());
    second.items.clear();
  }
  writer.join();
  EXPECT_THAT(Customers(seen), IsSupersetOf(written));
  second.Cancel();
}

TEST_F(ChangeRelayTest, ACursorOlderThanTheStreamIsServedFromPostgres) {
  const std::string start = EndCursor();
  const int64_t newest = NewestSequence();
  const std::vector<std::string> trimmed = WriteChanges(4);
  ASSERT_EQ(FeedInStream(kChangeStreamKey, newest), FeedInPostgres(newest));
  cache::RedisConnectionPool redis(Redis());
  ASSERT_TRUE(redis.Command({"XTRIM", kChangeStreamKey, "MAXLEN", "0"}).ok());

  Watch watch = StartWatch(start);
  ASSERT_TRUE(watch.ReadItems(4));
  EXPECT_THAT(Customers(watch.items), IsSupersetOf(trimmed));
  // Then on to the stream for what comes next.
  const std::string next = WriteChange();
  ASSERT_TRUE(watch.ReadItems(5));
  EXPECT_EQ(watch.items.back().customer(), next);
  watch.Cancel();
}

TEST_F(ChangeRelayTest, StartTimeAndHeartbeats) {
  const absl::Time before = absl::Now();
  const std::string name = WriteChange();
  Watch watch;
  watch.context = env_->As(Erp());
  v1::WatchCustomerChangesRequest request;
  request.mutable_start_time()->set_seconds(absl::ToUnixSeconds(before) - 1);
  watch.reader = env_->stub().WatchCustomerChanges(watch.context.get(), request);
  // From a second before: this change, perhaps after a few of the test
  // before.
  while (Customers(watch.items).count(name) == 0) ASSERT_TRUE(watch.ReadOne());
  // Silence brings empty messages that still carry the cursor.
  const size_t count = watch.items.size();
  ASSERT_TRUE(watch.ReadOne());
  ASSERT_TRUE(watch.ReadOne());
  EXPECT_EQ(watch.items.size(), count);
  EXPECT_FALSE(watch.last_token.empty());
  watch.Cancel();
}

TEST_F(ChangeRelayTest, OnlyFeedReadersMayWatch) {
  Watch watch = StartWatch("", CustomerTestEnv::Sales("li.lei", "sub-east"));
  EXPECT_FALSE(watch.ReadOne());
  const grpc::Status status = watch.reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("hq_admin or integration"));

  Watch bad = StartWatch("not-a-cursor");
  EXPECT_FALSE(bad.ReadOne());
  EXPECT_EQ(bad.reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ChangeRelayTest, WatchesBeyondTheLimitAreRefused) {
  crm::testing::ExpectWatchLimit<Watch>(kMaxWatches, [] { return StartWatch(""); });
}

// It restarts Redis empty; the relay builds the stream again.
TEST_F(ChangeRelayTest, WithRedisDownWatchesFallBackToPostgres) {
  const std::string start = EndCursor();
  env_->redis().Stop();
  const std::vector<std::string> names = WriteChanges(2);
  Watch watch = StartWatch(start);
  ASSERT_TRUE(watch.ReadItems(2));
  EXPECT_THAT(Customers(watch.items), IsSupersetOf(names));
  const std::string during = WriteChange();
  ASSERT_TRUE(watch.ReadItems(3));
  EXPECT_EQ(watch.items.back().customer(), during);
  watch.Cancel();

  // A fresh Redis: the relay builds the stream again from PostgreSQL.
  ASSERT_TRUE(env_->redis().Restart().ok());
  EXPECT_EQ(FeedInStream(kChangeStreamKey), FeedInPostgres());
}

}  // namespace
}  // namespace crm::customer
