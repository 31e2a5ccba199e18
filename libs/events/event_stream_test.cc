// The stream entry format and the bounds arithmetic, without Redis.
#include "libs/events/event_stream.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace crm::events {
namespace {

// A reply holding `parts` as name/value strings, as XREAD returns fields.
class FieldsReply {
 public:
  explicit FieldsReply(std::vector<std::string> parts) : parts_(std::move(parts)) {
    for (std::string& part : parts_) {
      redisReply& element = elements_.emplace_back();
      element.type = REDIS_REPLY_STRING;
      element.str = part.data();
      element.len = part.size();
    }
    for (redisReply& element : elements_) pointers_.push_back(&element);
    reply_.type = REDIS_REPLY_ARRAY;
    reply_.elements = pointers_.size();
    reply_.element = pointers_.data();
  }
  const redisReply& reply() const { return reply_; }

 private:
  std::vector<std::string> parts_;
  std::vector<redisReply> elements_;
  std::vector<redisReply*> pointers_;
  redisReply reply_{};
};

TEST(StreamFieldsTest, AnEventSurvivesTheRoundTrip) {
  Event event{.sequence = 7,
              .event_id = "5f0c1c8e-8f3e-4c1e-9a55-0c6f3f1c2d11",
              .type = "NODE_MOVED",
              .resource = "nodes/42",
              .version = 3,
              .time = absl::FromUnixMicros(1764000000123456),
              .payload = std::string("\x00\xff bytes", 8)};
  FieldsReply reply(StreamFields(event));
  absl::StatusOr<Event> back = EventFromStreamFields(reply.reply());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->event_id, event.event_id);
  EXPECT_EQ(back->type, "NODE_MOVED");
  EXPECT_EQ(back->resource, "nodes/42");
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->time, event.time);
  EXPECT_EQ(back->payload, event.payload);
  EXPECT_EQ(back->sequence, 0);  // from the entry id, not the fields
}

TEST(StreamFieldsTest, UnknownFieldsAreSkippedAndBadValuesRefused) {
  FieldsReply newer({"event_id", "x", "added_later", "y", "version", "2"});
  absl::StatusOr<Event> read = EventFromStreamFields(newer.reply());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->version, 2);

  FieldsReply bad_version({"version", "two"});
  EXPECT_EQ(EventFromStreamFields(bad_version.reply()).status().code(),
            absl::StatusCode::kInternal);
  FieldsReply bad_time({"time", "yesterday"});
  EXPECT_EQ(EventFromStreamFields(bad_time.reply()).status().code(), absl::StatusCode::kInternal);
  FieldsReply odd({"event_id"});
  EXPECT_EQ(EventFromStreamFields(odd.reply()).status().code(), absl::StatusCode::kInternal);
}

TEST(StreamBoundsTest, CoversOnlyWhenNothingAfterTheCursorWasTrimmed) {
  EXPECT_FALSE(StreamBounds{}.Covers(0));  // no stream
  const StreamBounds holding{.exists = true, .length = 3, .first = 10, .last = 12};
  EXPECT_TRUE(holding.Covers(9));   // next wanted: 10, the first kept
  EXPECT_TRUE(holding.Covers(12));  // at the end
  EXPECT_FALSE(holding.Covers(8));  // 9 was trimmed
  const StreamBounds emptied{.exists = true, .length = 0, .first = 0, .last = 12};
  EXPECT_TRUE(emptied.Covers(12));
  EXPECT_FALSE(emptied.Covers(11));  // 12 was trimmed
}

}  // namespace
}  // namespace crm::events
