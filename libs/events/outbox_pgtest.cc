// The outbox and List<Service>Events against real PostgreSQL: events are
// served once, in order, only when settled and committed; cursors resume;
// bad requests name their field.
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/events_test_env.h"
#include "libs/events/feed_requests.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/status/status.h"

namespace crm::events {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

constexpr absl::Duration kSettle = absl::Milliseconds(100);

class OutboxTest : public testing::EventsDatabaseTest {
 protected:
  void SetUp() override {
    EventsDatabaseTest::SetUp();
    outbox_ = std::make_unique<Outbox>(*pool_, testing::ShopFeed(kSettle));
  }
  void TearDown() override { outbox_.reset(); }

  std::vector<Event> Settled(int64_t after = 0) {
    absl::SleepFor(kSettle);
    absl::StatusOr<EventPage> page = outbox_->After(after, 100);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->events : std::vector<Event>();
  }

  std::unique_ptr<Outbox> outbox_;
  pagination::PageTokenCodec tokens_{"test-key"};
  EventCursorCodec cursors_{tokens_, "ListShopEvents", "shop.crm"};
};

TEST_F(OutboxTest, EventsAreServedOnceInOrderWithEverythingRecorded) {
  const std::string payload("path\0with a zero byte", 21);
  const std::vector<std::string> ids = RecordAll(
      *outbox_,
      {{.type = "ORDER_PLACED", .resource = "orders/1", .version = 1},
       {.type = "ORDER_SHIPPED", .resource = "orders/1", .version = 2, .payload = payload}});
  const absl::Time after_commit = absl::Now();
  const std::vector<Event> events = Settled();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_id, ids[0]);
  EXPECT_EQ(events[0].type, "ORDER_PLACED");
  EXPECT_EQ(events[0].resource, "orders/1");
  EXPECT_EQ(events[0].version, 1);
  EXPECT_EQ(events[0].payload, "");
  EXPECT_EQ(events[1].event_id, ids[1]);
  EXPECT_EQ(events[1].type, "ORDER_SHIPPED");
  EXPECT_EQ(events[1].version, 2);
  EXPECT_EQ(events[1].payload, payload);
  EXPECT_EQ(events[1].sequence, events[0].sequence + 1);
  EXPECT_LE(events[1].time, after_commit);
  EXPECT_GT(events[1].time, after_commit - absl::Seconds(10));
  // After the last: nothing.
  EXPECT_TRUE(Settled(events[1].sequence).empty());
}

TEST_F(OutboxTest, RecordEventsWritesABatchInOrderInOneStatement) {
  const std::string payload("\x00\"quoted\" \\ {braces}", 20);
  std::vector<std::string> ids;
  const absl::Status status = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
    const std::vector<NewEvent> batch = {
        {.type = "ORDER_PLACED", .resource = "orders/\"x\"", .version = 1},
        {.type = "ORDER_SHIPPED", .resource = "orders/{y}", .version = 2, .payload = payload},
        {.type = "ORDER_PLACED", .resource = "orders/z,w", .version = 3}};
    ids = RecordEvents(tx, outbox_->options(), batch);
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  const std::vector<Event> events = Settled();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events, ElementsAre(Field(&Event::resource, "orders/\"x\""),
                                  Field(&Event::resource, "orders/{y}"),
                                  Field(&Event::resource, "orders/z,w")));
  EXPECT_EQ(events[1].payload, payload);
  EXPECT_EQ(events[1].type, "ORDER_SHIPPED");
  EXPECT_EQ(events[2].version, 3);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(events[0].event_id, ids[0]);

  const absl::Status undeclared = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
    const std::vector<NewEvent> batch = {{.type = "ORDER_LOST", .resource = "orders/q"}};
    RecordEvents(tx, outbox_->options(), batch);
    return absl::OkStatus();
  });
  EXPECT_FALSE(undeclared.ok());
}

TEST_F(OutboxTest, AnEventIsServedOnlyOnceSettled) {
  RecordAll(*outbox_, {{.type = "ORDER_PLACED", .resource = "orders/2"}});
  absl::StatusOr<EventPage> fresh = outbox_->After(0, 100);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_TRUE(fresh->events.empty());
  EXPECT_EQ(fresh->last_sequence, 0);
  EXPECT_EQ(Settled().size(), 1u);
}

TEST_F(OutboxTest, ARolledBackTransactionAnnouncesNothing) {
  const absl::Status status = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
    outbox_->Record(tx, {.type = "ORDER_PLACED", .resource = "orders/3"});
    return absl::AbortedError("the change failed");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(Settled().empty());
}

TEST_F(OutboxTest, AnUndeclaredTypeFailsTheTransaction) {
  const absl::Status status = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
    outbox_->Record(tx, {.type = "ORDER_PLACED", .resource = "orders/4"});
    outbox_->Record(tx, {.type = "ORDER_LOST", .resource = "orders/4"});
    return absl::OkStatus();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(Settled().empty());
}

TEST_F(OutboxTest, SequenceBeforeATimeStartsAtTheFirstEventFromThen) {
  RecordAll(*outbox_, {{.type = "ORDER_PLACED", .resource = "orders/5"}});
  absl::SleepFor(absl::Milliseconds(50));
  const absl::Time between = absl::Now();
  absl::SleepFor(absl::Milliseconds(50));
  RecordAll(*outbox_, {{.type = "ORDER_SHIPPED", .resource = "orders/5"}});
  const std::vector<Event> all = Settled();
  ASSERT_EQ(all.size(), 2u);
  absl::StatusOr<int64_t> before = outbox_->SequenceBefore(between);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, all[0].sequence);
  absl::StatusOr<int64_t> future = outbox_->SequenceBefore(absl::Now() + absl::Hours(1));
  ASSERT_TRUE(future.ok()) << future.status();
  EXPECT_EQ(*future, all[1].sequence);
}

TEST_F(OutboxTest, PruningDeletesOnlyEventsOlderThanTheRetentionAtMostHourly) {
  FeedOptions options = testing::ShopFeed(kSettle);
  options.retention = absl::Milliseconds(500);
  Outbox short_lived(*pool_, options);
  RecordAll(short_lived, {{.type = "ORDER_PLACED", .resource = "orders/old"}});
  absl::SleepFor(absl::Milliseconds(600));
  RecordAll(short_lived, {{.type = "ORDER_PLACED", .resource = "orders/new"}});
  ASSERT_TRUE(short_lived.MaybePrune().ok());
  EXPECT_EQ(Query("SELECT string_agg(resource, ',') FROM shop.events"), "orders/new");
  // Within the hour a second call leaves everything.
  absl::SleepFor(absl::Milliseconds(600));
  ASSERT_TRUE(short_lived.MaybePrune().ok());
  EXPECT_EQ(Query("SELECT count(*) FROM shop.events"), "1");
}

TEST_F(OutboxTest, ListEventsPagesWithTokensThatResume) {
  RecordAll(*outbox_, {{.type = "ORDER_PLACED", .resource = "orders/a"},
                       {.type = "ORDER_PLACED", .resource = "orders/b"},
                       {.type = "ORDER_PLACED", .resource = "orders/c"}});
  absl::SleepFor(kSettle);
  absl::StatusOr<ListedEvents> first = ListEvents(*outbox_, cursors_, {.page_size = 2});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(first->events, ElementsAre(Field(&Event::resource, "orders/a"),
                                         Field(&Event::resource, "orders/b")));
  absl::StatusOr<ListedEvents> second =
      ListEvents(*outbox_, cursors_, {.page_size = 2, .page_token = first->next_page_token});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(second->events, ElementsAre(Field(&Event::resource, "orders/c")));
  absl::StatusOr<ListedEvents> end =
      ListEvents(*outbox_, cursors_, {.page_token = second->next_page_token});
  ASSERT_TRUE(end.ok()) << end.status();
  EXPECT_TRUE(end->events.empty());
  EXPECT_FALSE(end->next_page_token.empty());

  // From a start time: only what came after it.
  const absl::Time later = absl::Now();
  RecordAll(*outbox_, {{.type = "ORDER_SHIPPED", .resource = "orders/d"}});
  absl::SleepFor(kSettle);
  google::protobuf::Timestamp start;
  start.set_seconds(absl::ToUnixSeconds(later));
  start.set_nanos(static_cast<int32_t>(absl::ToUnixNanos(later) % 1000000000));
  absl::StatusOr<ListedEvents> since = ListEvents(*outbox_, cursors_, {.start_time = start});
  ASSERT_TRUE(since.ok()) << since.status();
  EXPECT_THAT(since->events, ElementsAre(Field(&Event::resource, "orders/d")));
}

TEST_F(OutboxTest, BadRequestsNameTheirField) {
  const auto field_of = [](const absl::Status& status) {
    std::vector<std::string> fields;
    for (const auto& violation : status::GetFieldViolations(status)) {
      fields.push_back(violation.field());
    }
    return fields;
  };
  absl::StatusOr<ListedEvents> negative = ListEvents(*outbox_, cursors_, {.page_size = -1});
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(field_of(negative.status()), ElementsAre("page_size"));

  absl::StatusOr<ListedEvents> garbage = ListEvents(*outbox_, cursors_, {.page_token = "garbage"});
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(field_of(garbage.status()), ElementsAre("page_token"));

  // Another feed's token is not this feed's.
  EventCursorCodec other(tokens_, "ListOtherEvents", "shop.crm");
  absl::StatusOr<ListedEvents> foreign =
      ListEvents(*outbox_, cursors_, {.page_token = other.Encode(1)});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kInvalidArgument);

  google::protobuf::Timestamp before_1970;
  before_1970.set_seconds(-1);
  absl::StatusOr<ListedEvents> old = ListEvents(*outbox_, cursors_, {.start_time = before_1970});
  EXPECT_EQ(old.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = status::GetFieldViolations(old.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_THAT(violations[0].description(), HasSubstr("1970"));
  absl::StatusOr<WatchStart> watch_old = ParseWatchStart(cursors_, {.start_time = before_1970});
  EXPECT_THAT(field_of(watch_old.status()), ElementsAre("start_time"));
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(watch_old.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "shop.crm");
}

}  // namespace
}  // namespace crm::events
