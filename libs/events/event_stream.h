#ifndef CRM_LIBS_EVENTS_EVENT_STREAM_H_
#define CRM_LIBS_EVENTS_EVENT_STREAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/cache/redis_connection_pool.h"
#include "libs/cache/redis_options.h"
#include "libs/events/event.h"

namespace crm::events {

// What the stream holds right now. Entry ids are "<sequence>-0", so ids are
// sequences of the outbox.
struct StreamBounds {
  bool exists = false;
  int64_t length = 0;
  int64_t first = 0;  // the oldest entry still kept; 0 when empty
  // The newest id ever added, kept by Redis even when trimming emptied the
  // stream: the relay's cursor.
  int64_t last = 0;

  // Whether every event after `sequence` is (or will be) in the stream:
  // nothing between `sequence` and the first entry was trimmed away.
  bool Covers(int64_t sequence) const {
    if (!exists) return false;
    return length > 0 ? sequence + 1 >= first : sequence >= last;
  }
};

// A feed as a Redis Stream: one entry per event, id "<sequence>-0", fields
// event_id, type, resource, version, time (RFC 3339, UTC) and payload.
// Written by the Relay, read by watches and by other services' consumers.
class EventStream final {
 public:
  // `max_length`: MAXLEN ~ on every append. Reads may block up to
  // `max_block`; they use connections of their own with a timeout to match,
  // so a blocked read never holds up an append.
  EventStream(const cache::RedisOptions& options, std::string key, int64_t max_length,
              absl::Duration max_block);

  // XADD with id "<sequence>-0". UNAVAILABLE when Redis refuses it, which
  // includes an id not above the stream's last one (already relayed): the
  // caller tells the two apart with Bounds().
  absl::Status Append(const Event& event);

  absl::StatusOr<StreamBounds> Bounds();

  // Up to `count` entries after `after`, oldest first, waiting up to `block`
  // (at most max_block) for the first; an empty page when none came.
  absl::StatusOr<EventPage> Read(int64_t after, int count, absl::Duration block);

  // False while backing off after a failure.
  bool available() const { return commands_.available(); }

  const std::string& key() const { return key_; }

 private:
  const std::string key_;
  const std::string max_length_;
  const absl::Duration max_block_;
  cache::RedisConnectionPool commands_;
  cache::RedisConnectionPool blocking_reads_;
};

// The entry fields of `event` ("field", "value", ...), and back (the
// sequence comes from the entry id).
std::vector<std::string> StreamFields(const Event& event);
absl::StatusOr<Event> EventFromStreamFields(const redisReply& fields);

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_EVENT_STREAM_H_
