// Followers against real PostgreSQL: a page and its cursor commit together,
// so a failure never skips or repeats an event; redelivered ids are skipped;
// two replicas apply each event once; the lag is reported; and a follower
// follows a real outbox through ListEvents.
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/events_test_env.h"
#include "libs/events/feed_requests.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/strings/str_cat.h"
#include "prometheus/registry.h"

namespace crm::events {
namespace {

constexpr int kPageSize = 3;

// The follower lag gauge of till/shop in `registry`.
std::optional<double> LagGauge(const prometheus::Registry& registry) {
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != "crm_event_follower_lag_seconds") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      int matched = 0;
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        matched += (label.name == "schema" && label.value == "till") ||
                   (label.name == "feed" && label.value == "shop");
      }
      if (matched == 2) return metric.gauge.value;
    }
  }
  return std::nullopt;
}

// Another service's feed, in memory: new event ids "e1", "e2", ...; the
// token is the index of the next entry.
class FakeFeed {
 public:
  void Add(int count) {
    absl::MutexLock lock(&mu_);
    for (int i = 0; i < count; ++i) ids_.push_back(crm::StrCat("e", ++last_id_));
  }
  // Serves `id` once more, after everything else (a redelivery).
  void Redeliver(const std::string& id) {
    absl::MutexLock lock(&mu_);
    ids_.push_back(id);
  }
  void FailReads(bool fail) { fail_ = fail; }
  int reads() const { return reads_; }
  std::vector<std::string> tokens_seen() {
    absl::MutexLock lock(&mu_);
    return tokens_seen_;
  }

  // Each event inserts its id into till.applied and fails when it is
  // `poison_`.
  Follower::ReadPage Reader() {
    return [this](const std::string& token) -> absl::StatusOr<FollowedPage> {
      ++reads_;
      if (fail_) return absl::UnavailableError("the feed is down");
      absl::MutexLock lock(&mu_);
      tokens_seen_.push_back(token);
      const size_t from = token.empty() ? 0 : std::stoul(token);
      FollowedPage page;
      size_t next = from;
      for (; next < ids_.size() && next < from + kPageSize; ++next) {
        const std::string id = ids_[next];
        page.events.push_back({.event_id = id, .apply = [this, id](pqxx::work& tx) {
                                 if (id == poison_) return absl::InternalError("poisoned");
                                 tx.exec_params0("INSERT INTO till.applied (event_id) VALUES ($1)",
                                                 id);
                                 return absl::OkStatus();
                               }});
      }
      page.next_token = crm::StrCat(next);
      page.at_end = next >= ids_.size();
      return page;
    };
  }

  std::string poison_;

 private:
  absl::Mutex mu_;
  std::vector<std::string> ids_;
  int last_id_ = 0;
  std::vector<std::string> tokens_seen_;
  std::atomic<bool> fail_{false};
  std::atomic<int> reads_{0};
};

class FollowerTest : public testing::EventsDatabaseTest {
 protected:
  void SetUp() override {
    EventsDatabaseTest::SetUp();
    Execute("CREATE TABLE till.applied (n bigserial, event_id text NOT NULL)");
  }

  std::unique_ptr<Follower> MakeFollower(FakeFeed& feed) {
    return std::make_unique<Follower>(*pool_, FollowerOptions{.schema = "till", .feed = "shop"},
                                      feed.Reader());
  }

  // Event ids in the order applied.
  std::string Applied() {
    return Query("SELECT coalesce(string_agg(event_id, ',' ORDER BY n), '') FROM till.applied");
  }
};

TEST_F(FollowerTest, AppliesEveryPageAndStoresTheCursorAfterIt) {
  FakeFeed feed;
  feed.Add(7);
  std::unique_ptr<Follower> follower = MakeFollower(feed);
  absl::StatusOr<int64_t> applied = follower->FollowOnce();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 7);
  EXPECT_EQ(Applied(), "e1,e2,e3,e4,e5,e6,e7");
  absl::StatusOr<std::string> cursor = follower->Cursor();
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(*cursor, "7");
  // A new follower (a restart) goes on from the stored cursor.
  feed.Add(1);
  std::unique_ptr<Follower> restarted = MakeFollower(feed);
  ASSERT_TRUE(restarted->FollowOnce().ok());
  EXPECT_EQ(Applied(), "e1,e2,e3,e4,e5,e6,e7,e8");
  EXPECT_EQ(feed.tokens_seen().front(), "");  // the very first read starts with no cursor
}

TEST_F(FollowerTest, AFailingEventRollsBackItsWholePageAndTheCursor) {
  FakeFeed feed;
  feed.Add(5);
  feed.poison_ = "e5";  // in the second page (e4, e5)
  std::unique_ptr<Follower> follower = MakeFollower(feed);
  absl::StatusOr<int64_t> failed = follower->FollowOnce();
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Applied(), "e1,e2,e3");  // e4 went back with e5
  EXPECT_EQ(*follower->Cursor(), "3");
  EXPECT_THAT(follower->Health().last_error, ::testing::HasSubstr("poisoned"));

  feed.poison_.clear();
  absl::StatusOr<int64_t> healed = follower->FollowOnce();
  ASSERT_TRUE(healed.ok()) << healed.status();
  EXPECT_EQ(*healed, 2);
  EXPECT_EQ(Applied(), "e1,e2,e3,e4,e5");
  EXPECT_EQ(follower->Health().last_error, "");
}

TEST_F(FollowerTest, ARedeliveredEventIsNotAppliedAgain) {
  FakeFeed feed;
  feed.Add(2);
  std::unique_ptr<Follower> follower = MakeFollower(feed);
  ASSERT_TRUE(follower->FollowOnce().ok());
  feed.Redeliver("e1");
  feed.Add(1);
  absl::StatusOr<int64_t> applied = follower->FollowOnce();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(Applied(), "e1,e2,e3");
  EXPECT_EQ(*follower->Cursor(), "4");  // past the redelivery all the same
}

TEST_F(FollowerTest, TwoReplicasApplyEachEventOnce) {
  FakeFeed feed;
  feed.Add(60);
  std::unique_ptr<Follower> one = MakeFollower(feed);
  std::unique_ptr<Follower> two = MakeFollower(feed);
  std::thread first([&] { EXPECT_TRUE(one->FollowOnce().ok()); });
  std::thread second([&] { EXPECT_TRUE(two->FollowOnce().ok()); });
  first.join();
  second.join();
  EXPECT_EQ(Query("SELECT count(*) FROM till.applied"), "60");
  EXPECT_EQ(Query("SELECT count(DISTINCT event_id) FROM till.applied"), "60");
  EXPECT_EQ(*one->Cursor(), "60");
}

TEST_F(FollowerTest, LagGrowsWhileTheFeedFailsAndIsExported) {
  FakeFeed feed;
  feed.Add(1);
  std::unique_ptr<Follower> follower = MakeFollower(feed);
  prometheus::Registry registry;
  follower->ExportMetrics(registry);
  ASSERT_TRUE(follower->FollowOnce().ok());
  const absl::Time in_step = follower->Health().in_step_at;
  EXPECT_LT(follower->Health().lag, absl::Seconds(1));

  feed.FailReads(true);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(follower->FollowOnce().status().code(), absl::StatusCode::kUnavailable);
  const FollowerHealth behind = follower->Health();
  EXPECT_EQ(behind.in_step_at, in_step);
  EXPECT_GE(behind.lag, absl::Milliseconds(300));
  EXPECT_THAT(behind.last_error, ::testing::HasSubstr("the feed is down"));
  std::optional<double> gauge = LagGauge(registry);
  ASSERT_TRUE(gauge.has_value());
  EXPECT_GE(*gauge, 0.3);

  feed.FailReads(false);
  ASSERT_TRUE(follower->FollowOnce().ok());
  EXPECT_GT(follower->Health().in_step_at, in_step);
  gauge = LagGauge(registry);
  ASSERT_TRUE(gauge.has_value());
  EXPECT_LT(*gauge, 0.3);
}

TEST_F(FollowerTest, StartedItFollowsUntilDestroyed) {
  FakeFeed feed;
  feed.Add(2);
  {
    Follower follower(*pool_,
                      {.schema = "till", .feed = "shop", .interval = absl::Milliseconds(20)},
                      feed.Reader());
    follower.Start();
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    feed.Add(2);
    while (Applied() != "e1,e2,e3,e4" && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  EXPECT_EQ(Applied(), "e1,e2,e3,e4");
  const int reads = feed.reads();
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(feed.reads(), reads);  // stopped
}

// One service's outbox followed by another through ListEvents (in-process
// here; over gRPC between services).
TEST_F(FollowerTest, FollowsARealOutboxExactlyOnce) {
  const absl::Duration settle = absl::Milliseconds(50);
  Outbox outbox(*pool_, testing::ShopFeed(settle));
  pagination::PageTokenCodec tokens("test-key");
  EventCursorCodec cursors(tokens, "ListShopEvents", "shop.crm");
  Follower follower(
      *pool_, {.schema = "till", .feed = "shop"},
      [&](const std::string& token) -> absl::StatusOr<FollowedPage> {
        absl::StatusOr<ListedEvents> listed =
            ListEvents(outbox, cursors, {.page_size = kPageSize, .page_token = token});
        if (!listed.ok()) return listed.status();
        FollowedPage page{.next_token = listed->next_page_token,
                          .at_end = listed->events.size() < kPageSize};
        for (const Event& event : listed->events) {
          page.events.push_back(
              {.event_id = event.event_id, .apply = [event](pqxx::work& tx) {
                 tx.exec_params0("INSERT INTO till.applied (event_id) VALUES ($1)", event.resource);
                 return absl::OkStatus();
               }});
        }
        return page;
      });
  std::vector<NewEvent> events;
  for (int i = 1; i <= 7; ++i) {
    events.push_back({.type = "ORDER_PLACED", .resource = crm::StrCat("orders/", i)});
  }
  RecordAll(outbox, events);
  absl::SleepFor(settle);
  ASSERT_TRUE(follower.FollowOnce().ok());
  ASSERT_TRUE(follower.FollowOnce().ok());
  EXPECT_EQ(Applied(), "orders/1,orders/2,orders/3,orders/4,orders/5,orders/6,orders/7");
}

}  // namespace
}  // namespace crm::events
