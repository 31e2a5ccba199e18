#ifndef CRM_LIBS_EVENTS_RELAY_H_
#define CRM_LIBS_EVENTS_RELAY_H_

#include <cstdint>
#include <optional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/events/event_stream.h"
#include "libs/events/outbox.h"

namespace crm::events {

struct RelayOptions {
  absl::Duration idle_poll = absl::Milliseconds(200);  // after an empty page
  absl::Duration failure_pause = absl::Seconds(1);     // after an error
  int batch = 500;
  // Where a relay starts when the stream does not exist (first start, or
  // Redis lost its data): this many events back from the newest, as many as
  // the stream keeps anyway.
  int64_t backfill = 1000000;
};

// Copies settled events from the outbox to the Redis stream, in sequence
// order, and prunes the outbox now and then. It stores no cursor of its own:
// the stream's last id is the cursor, so a restarted relay, or a second
// replica's relay, goes on from there. Two relays racing add the same ids;
// Redis refuses the second copy and the loser re-reads the stream's last id.
// A PostgreSQL connection is leased only for each page read, never while
// idle.
class Relay final {
 public:
  Relay(Outbox& outbox, EventStream& stream, RelayOptions options = {})
      : outbox_(outbox), stream_(stream), options_(options) {}
  // Stops the thread, if started.
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Runs RelayBatch() on a thread of its own until destroyed.
  void Start();

  // Relays one page of settled events; how many were new to the stream.
  // Not thread-safe: the thread calls it, or a test does without Start().
  absl::StatusOr<int> RelayBatch();

 private:
  void Run();
  absl::StatusOr<int64_t> ReadCursor();

  Outbox& outbox_;
  EventStream& stream_;
  const RelayOptions options_;
  std::optional<int64_t> cursor_;  // the stream's last id, when known
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_RELAY_H_
