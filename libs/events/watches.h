#ifndef CRM_LIBS_EVENTS_WATCHES_H_
#define CRM_LIBS_EVENTS_WATCHES_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/events/event_stream.h"
#include "libs/events/outbox.h"

namespace crm::events {

struct WatchOptions {
  // Each watch has a thread and, while live, a blocked Redis connection.
  int max_watches = 64;
  absl::Duration heartbeat = absl::Seconds(15);  // of silence
  absl::Duration stream_block = absl::Milliseconds(1500);
  absl::Duration poll = absl::Seconds(1);  // PostgreSQL, when the feed is idle
  int batch = 500;
  // For the refusal at the limit: the ErrorInfo domain ("hierarchy.crm")
  // and the List method to page with instead ("ListHierarchyEvents").
  std::string domain = "crm";
  std::string list_method;
};

// Where Watch<Service>Events streams read from: the Redis stream while it
// holds everything after a watcher's cursor, else PostgreSQL (catching up
// from a cursor older than the stream, or while Redis is down). Also counts
// the watches against their limit. Thread-safe.
class Watches final {
 public:
  // `stream` null: PostgreSQL only (no Redis, or the relay is off).
  Watches(Outbox& outbox, EventStream* stream, WatchOptions options)
      : outbox_(outbox), stream_(stream), options_(std::move(options)) {}
  // Tells running watches to end and waits until every Slot is gone.
  ~Watches();

  // One running watch; gives its place back when destroyed.
  class Slot final {
   public:
    explicit Slot(Watches* watches) : watches_(watches) {}
    Slot(Slot&& other) noexcept : watches_(std::exchange(other.watches_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    Watches* watches_;
  };
  // RESOURCE_EXHAUSTED (TOO_MANY_WATCHES) at the limit; UNAVAILABLE while
  // stopping.
  absl::StatusOr<Slot> Acquire();

  // The events after `after`; empty when none came within about one
  // stream_block (or poll), or when `cancelled` or stopping() turned true.
  absl::StatusOr<EventPage> Next(int64_t after, const std::atomic<bool>& cancelled);

  // The sequence before the first event at or after `time`.
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time) { return outbox_.SequenceBefore(time); }

  bool stopping() const { return stopping_.load(); }
  const WatchOptions& options() const { return options_; }

 private:
  // A page from the stream when it covers `after`; nullopt when PostgreSQL
  // must serve it (the stream was trimmed past it, or Redis is away).
  std::optional<EventPage> FromStream(int64_t after);
  // Sleeps `d`, waking early on a stop.
  void Pause(absl::Duration d, const std::atomic<bool>& cancelled);

  Outbox& outbox_;
  EventStream* const stream_;
  const WatchOptions options_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_WATCHES_H_
