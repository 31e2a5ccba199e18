#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_STREAM_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_STREAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/cache/redis_connection_pool.h"
#include "libs/cache/redis_options.h"
#include "services/customer/changes/change_feed.h"

namespace crm::customer {

inline constexpr char kChangeStreamKey[] = "crm:customer:v1:changes";

// What the stream holds right now. Entry ids are "<sequence>-0", so ids are
// sequences of customer.changes.
struct ChangeStreamBounds {
  bool exists = false;
  int64_t length = 0;
  int64_t first = 0;  // the oldest entry still kept; 0 when empty
  // The newest id ever added, kept by Redis even when trimming emptied the
  // stream: the relay's cursor.
  int64_t last = 0;

  // Whether every change after `sequence` is (or will be) in the stream:
  // nothing between `sequence` and the first entry was trimmed away.
  bool Covers(int64_t sequence) const {
    if (!exists) return false;
    return length > 0 ? sequence + 1 >= first : sequence >= last;
  }
};

// The customer change feed as a Redis Stream (key kChangeStreamKey): one
// entry per change, id "<sequence>-0", fields event_id, customer, type (enum
// name), version, time (RFC 3339) and merged_into. Written by ChangeRelay,
// read by WatchCustomerChanges and by other services' consumers.
class ChangeStream final {
 public:
  // `max_length`: MAXLEN ~ on every append. Reads may block up to
  // `max_block`; they use connections of their own with a timeout to match,
  // so a blocked read never holds up an append.
  ChangeStream(const cache::RedisOptions& options, std::string key, int64_t max_length,
               absl::Duration max_block);

  // XADD with id "<sequence>-0". UNAVAILABLE when Redis refuses it, which
  // includes an id not above the stream's last one (already relayed): the
  // caller tells the two apart with Bounds().
  absl::Status Append(int64_t sequence, const v1::CustomerChange& change);

  absl::StatusOr<ChangeStreamBounds> Bounds();

  // Up to `count` entries after `after`, oldest first, waiting up to `block`
  // (at most max_block) for the first; an empty page when none came. The
  // page's last_sequence is `after` or the last entry read.
  absl::StatusOr<ChangeFeed::Page> Read(int64_t after, int count, absl::Duration block);

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

// The entry fields of `change` ("field", "value", ...), and back.
std::vector<std::string> ChangeStreamFields(const v1::CustomerChange& change);
absl::StatusOr<v1::CustomerChange> ChangeFromStreamFields(const redisReply& fields);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_STREAM_H_
