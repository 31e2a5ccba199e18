// The relay and the watch loop against real PostgreSQL and Redis: every
// event reaches the stream once and in order, racing relays add no
// duplicates, watchers catch up and follow live, cursors the stream no
// longer holds are served from PostgreSQL, and a Redis outage falls back to
// PostgreSQL. Each test uses a stream of its own (or a private Redis), so
// they run in any order.
#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/cache/redis_options.h"
#include "libs/crypto/crypto.h"
#include "libs/events/events_test_env.h"
#include "libs/events/relay.h"
#include "libs/events/watch_loop.h"
#include "libs/events/watches.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/redis_process.h"
#include "libs/testing/require_env.h"

namespace crm::events {
namespace {

constexpr absl::Duration kSettle = absl::Milliseconds(100);

cache::RedisOptions SharedRedis() {
  absl::StatusOr<cache::RedisOptions> options =
      cache::ParseRedisAddress(crm::testing::RequireEnv("CRM_TEST_REDIS_ADDRESS"));
  EXPECT_TRUE(options.ok()) << options.status();
  return options.value_or(cache::RedisOptions());
}

class RelayTest : public testing::EventsDatabaseTest {
 protected:
  void SetUp() override {
    EventsDatabaseTest::SetUp();
    outbox_ = std::make_unique<Outbox>(*pool_, testing::ShopFeed(kSettle));
    key_ = crm::StrCat("test:events:", crypto::NewUuid());
  }
  void TearDown() override { outbox_.reset(); }

  std::unique_ptr<EventStream> Stream(const cache::RedisOptions& redis) {
    return std::make_unique<EventStream>(redis, key_, 1000000, absl::Milliseconds(300));
  }

  std::vector<std::string> Write(int count) {
    std::vector<NewEvent> events;
    for (int i = 0; i < count; ++i) {
      events.push_back({.type = "ORDER_PLACED",
                        .resource = crm::StrCat("orders/", next_order_++),
                        .payload = std::string("\x01\x00\x02", 3)});
    }
    return RecordAll(*outbox_, events);
  }

  static void Drain(Relay& relay) {
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<int> relayed = relay.RelayBatch();
      ASSERT_TRUE(relayed.ok()) << relayed.status();
      if (*relayed == 0) return;
    }
  }

  // "sequence:event_id,..." of every event in PostgreSQL, and in the stream.
  std::string InPostgres() {
    return Query(
        "SELECT string_agg(sequence::text || ':' || event_id::text, ',' ORDER BY sequence)"
        " FROM shop.events");
  }
  static std::string InStream(EventStream& stream) {
    std::vector<std::string> entries;
    int64_t after = 0;
    while (true) {
      absl::StatusOr<EventPage> page = stream.Read(after, 1000, absl::Milliseconds(1));
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->events.empty()) break;
      for (const Event& event : page->events) {
        entries.push_back(crm::StrCat(event.sequence, ":", event.event_id));
      }
      after = page->last_sequence;
    }
    return absl::StrJoin(entries, ",");
  }

  std::unique_ptr<Outbox> outbox_;
  std::string key_;
  int next_order_ = 1;
  pagination::PageTokenCodec tokens_{"test-key"};
  EventCursorCodec cursors_{tokens_, "ListShopEvents", "shop.crm"};
};

TEST_F(RelayTest, EveryEventReachesTheStreamOnceInOrderWithItsFields) {
  std::unique_ptr<EventStream> stream = Stream(SharedRedis());
  const std::vector<std::string> ids = Write(5);
  absl::SleepFor(kSettle);
  Relay relay(*outbox_, *stream);
  Drain(relay);
  const std::string all = InPostgres();
  EXPECT_EQ(InStream(*stream), all);
  EXPECT_EQ(std::count(all.begin(), all.end(), ','), 4);  // five events

  absl::StatusOr<EventPage> page = stream->Read(0, 1, absl::Milliseconds(1));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), 1u);
  const Event& event = page->events[0];
  EXPECT_EQ(event.event_id, ids[0]);
  EXPECT_EQ(event.type, "ORDER_PLACED");
  EXPECT_EQ(event.resource, "orders/1");
  EXPECT_EQ(event.payload, std::string("\x01\x00\x02", 3));
  EXPECT_GT(event.time, absl::Now() - absl::Seconds(10));
}

TEST_F(RelayTest, ARestartedOrRacingRelayAddsNoDuplicatesAndNoGaps) {
  std::unique_ptr<EventStream> stream = Stream(SharedRedis());
  Write(2);
  absl::SleepFor(kSettle);
  {
    Relay first(*outbox_, *stream);  // a new stream: starts at the oldest event
    Drain(first);
  }
  Write(2);
  absl::SleepFor(kSettle);
  Relay restarted(*outbox_, *stream);  // continues from the stream's last id
  Drain(restarted);
  EXPECT_EQ(InStream(*stream), InPostgres());

  // Two replicas: the slower one finds its ids taken and skips ahead.
  Relay slow(*outbox_, *stream);
  Drain(slow);  // learns the cursor, relays nothing
  Write(3);
  absl::SleepFor(kSettle);
  Drain(restarted);
  absl::StatusOr<int> lost_race = slow.RelayBatch();
  ASSERT_TRUE(lost_race.ok()) << lost_race.status();
  EXPECT_EQ(*lost_race, 0);
  Write(1);
  absl::SleepFor(kSettle);
  Drain(slow);
  Drain(restarted);
  EXPECT_EQ(InStream(*stream), InPostgres());
}

// A watch run on a thread of its own, collecting what it is sent.
class WatchRun {
 public:
  WatchRun(Watches& watches, const EventCursorCodec& cursors, WatchStart start) {
    thread_ = std::thread([this, &watches, &cursors, start] {
      status_ = RunWatch(watches, cursors, start, cancelled_,
                         [this](std::vector<Event> events, const std::string& token) {
                           absl::MutexLock lock(&mu_);
                           ++messages_;
                           token_ = token;
                           for (Event& e : events) resources_.push_back(e.resource);
                           return true;
                         });
    });
  }
  ~WatchRun() { (void)Stop(); }

  // Waits until `count` events came in all (at most 10 s).
  std::vector<std::string> Await(size_t count) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      {
        absl::MutexLock lock(&mu_);
        if (resources_.size() >= count) return resources_;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    absl::MutexLock lock(&mu_);
    return resources_;
  }
  int messages() {
    absl::MutexLock lock(&mu_);
    return messages_;
  }
  std::string token() {
    absl::MutexLock lock(&mu_);
    return token_;
  }
  absl::Status Stop() {
    cancelled_ = true;
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  std::atomic<bool> cancelled_{false};
  absl::Mutex mu_;
  std::vector<std::string> resources_;
  int messages_ = 0;
  std::string token_;
  absl::Status status_;
  std::thread thread_;
};

TEST_F(RelayTest, AWatcherCatchesUpThenGetsLiveEventsFromTheStream) {
  std::unique_ptr<EventStream> stream = Stream(SharedRedis());
  Write(3);
  Relay relay(*outbox_, *stream, {.idle_poll = absl::Milliseconds(20)});
  relay.Start();
  Watches watches(*outbox_, stream.get(), {.heartbeat = absl::Seconds(30)});
  WatchRun watch(watches, cursors_, {.after = 0});
  EXPECT_THAT(watch.Await(3), ::testing::ElementsAre("orders/1", "orders/2", "orders/3"));

  const absl::Time written = absl::Now();
  Write(1);
  EXPECT_EQ(watch.Await(4).size(), 4u);
  EXPECT_LT(absl::Now() - written, absl::Seconds(2));
  EXPECT_EQ(watch.Stop().code(), absl::StatusCode::kCancelled);
  // Its cursor is past the last event.
  absl::StatusOr<int64_t> cursor = cursors_.Decode(watch.token());
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(*cursor, std::stoll(Query("SELECT max(sequence) FROM shop.events")));
}

TEST_F(RelayTest, ACursorOlderThanTheStreamIsServedFromPostgres) {
  std::unique_ptr<EventStream> stream = Stream(SharedRedis());
  Write(4);
  absl::SleepFor(kSettle);
  Relay relay(*outbox_, *stream);
  Drain(relay);
  cache::RedisConnectionPool redis(SharedRedis());
  ASSERT_TRUE(redis.Command({"XTRIM", key_, "MAXLEN", "0"}).ok());

  Watches watches(*outbox_, stream.get(), {.poll = absl::Milliseconds(50)});
  WatchRun watch(watches, cursors_, {.after = 0});
  EXPECT_EQ(watch.Await(4).size(), 4u);
  // Then on to the stream for what comes next.
  Write(1);
  absl::SleepFor(kSettle);
  Drain(relay);
  EXPECT_EQ(watch.Await(5).back(), "orders/5");
}

TEST_F(RelayTest, SilenceBringsHeartbeatsCarryingTheCursor) {
  Watches watches(*outbox_, nullptr,
                  {.heartbeat = absl::Milliseconds(200), .poll = absl::Milliseconds(50)});
  WatchRun watch(watches, cursors_, {.at = absl::Now()});
  absl::SleepFor(absl::Milliseconds(900));
  EXPECT_GE(watch.messages(), 3);
  EXPECT_TRUE(watch.Await(0).empty());
  EXPECT_TRUE(cursors_.Decode(watch.token()).ok());
}

TEST_F(RelayTest, WatchesBeyondTheLimitAreRefusedUntilOneEnds) {
  Watches watches(*outbox_, nullptr,
                  {.max_watches = 2, .domain = "shop.crm", .list_method = "ListShopEvents"});
  std::optional<absl::StatusOr<Watches::Slot>> first(watches.Acquire());
  absl::StatusOr<Watches::Slot> second = watches.Acquire();
  ASSERT_TRUE(first->ok() && second.ok());
  absl::StatusOr<Watches::Slot> third = watches.Acquire();
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(), ::testing::HasSubstr("ListShopEvents"));
  first.reset();  // gives its place back
  EXPECT_TRUE(watches.Acquire().ok());
}

TEST_F(RelayTest, WithRedisDownWatchesFallBackToPostgresAndTheStreamIsRebuilt) {
  absl::StatusOr<std::unique_ptr<crm::testing::RedisProcess>> redis =
      crm::testing::RedisProcess::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  cache::RedisOptions options;
  options.port = (*redis)->port();
  std::unique_ptr<EventStream> stream = Stream(options);
  Relay relay(*outbox_, *stream,
              {.idle_poll = absl::Milliseconds(20), .failure_pause = absl::Milliseconds(50)});
  relay.Start();
  (*redis)->Stop();
  Write(2);
  Watches watches(*outbox_, stream.get(), {.poll = absl::Milliseconds(50)});
  WatchRun watch(watches, cursors_, {.after = 0});
  EXPECT_EQ(watch.Await(2).size(), 2u);
  Write(1);
  EXPECT_EQ(watch.Await(3).back(), "orders/3");

  // A fresh, empty Redis: the relay builds the stream again from PostgreSQL.
  ASSERT_TRUE((*redis)->Restart().ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (InStream(*stream) != InPostgres() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(InStream(*stream), InPostgres());
}

}  // namespace
}  // namespace crm::events
