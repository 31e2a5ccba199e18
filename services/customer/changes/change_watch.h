#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_WATCH_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_WATCH_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/customer/changes/change_feed.h"
#include "services/customer/changes/change_stream.h"

namespace crm::customer {

struct ChangeWatchOptions {
  // Each watch has a thread and, while live, a blocked Redis connection.
  int max_watches = 64;
  absl::Duration heartbeat = absl::Seconds(15);  // of silence
  absl::Duration stream_block = absl::Milliseconds(1500);
  absl::Duration poll = absl::Seconds(1);  // PostgreSQL, when the feed is idle
  int batch = 500;
};

// Where WatchCustomerChanges streams read from: the Redis stream while it
// holds everything after a watcher's cursor, else PostgreSQL (catching up
// from a cursor older than the stream, or while Redis is down). Also counts
// the watches against their limit. Thread-safe.
class ChangeWatches final {
 public:
  // `stream` null: PostgreSQL only (no Redis, or the relay is off).
  ChangeWatches(ChangeFeed& feed, ChangeStream* stream, ChangeWatchOptions options)
      : feed_(feed), stream_(stream), options_(options) {}
  // Tells running watches to end and waits until every Slot is gone.
  ~ChangeWatches();

  // One running watch; gives its place back when destroyed.
  class Slot final {
   public:
    explicit Slot(ChangeWatches* watches) : watches_(watches) {}
    Slot(Slot&& other) noexcept : watches_(std::exchange(other.watches_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    ChangeWatches* watches_;
  };
  // RESOURCE_EXHAUSTED at the limit.
  absl::StatusOr<Slot> Acquire();

  // The changes after `after`; empty when none came within about one
  // stream_block (or poll), or when `cancelled` or stopping() turned true.
  absl::StatusOr<ChangeFeed::Page> Next(int64_t after, const std::atomic<bool>& cancelled);

  // The sequence before the first change at or after `time`.
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time) { return feed_.SequenceBefore(time); }

  bool stopping() const { return stopping_.load(); }
  const ChangeWatchOptions& options() const { return options_; }

 private:
  // A page from the stream when it covers `after`; nullopt when PostgreSQL
  // must serve it (the stream was trimmed past it, or Redis is away).
  std::optional<ChangeFeed::Page> FromStream(int64_t after);
  // Sleeps `d`, waking early on a stop.
  void Pause(absl::Duration d, const std::atomic<bool>& cancelled);

  ChangeFeed& feed_;
  ChangeStream* const stream_;
  const ChangeWatchOptions options_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_WATCH_H_
