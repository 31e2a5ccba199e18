#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_RELAY_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_RELAY_H_

#include <cstdint>
#include <optional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/customer/changes/change_feed.h"
#include "services/customer/changes/change_stream.h"

namespace crm::customer {

struct ChangeRelayOptions {
  absl::Duration idle_poll = absl::Milliseconds(200);  // after an empty page
  absl::Duration failure_pause = absl::Seconds(1);     // after an error
  int batch = 500;
  // Where a relay starts when the stream does not exist (first start, or
  // Redis lost its data): this many changes back from the newest, as many as
  // the stream keeps anyway.
  int64_t backfill = 1000000;
};

// Copies settled changes from customer.changes to the Redis stream, in
// sequence order. It stores no cursor of its own: the stream's last id is
// the cursor, so a restarted relay, or a second replica's relay, goes on
// from there. Two relays racing add the same ids; Redis refuses the second
// copy and the loser re-reads the stream's last id. A PostgreSQL connection
// is leased only for each page read, never while idle.
class ChangeRelay final {
 public:
  ChangeRelay(ChangeFeed& feed, ChangeStream& stream, ChangeRelayOptions options = {})
      : feed_(feed), stream_(stream), options_(options) {}
  // Stops the thread, if started.
  ~ChangeRelay();
  ChangeRelay(const ChangeRelay&) = delete;
  ChangeRelay& operator=(const ChangeRelay&) = delete;

  // Runs RelayBatch() on a thread of its own until destroyed.
  void Start();

  // Relays one page of settled changes; how many were new to the stream.
  // Not thread-safe: the thread calls it, or a test does without Start().
  absl::StatusOr<int> RelayBatch();

 private:
  void Run();
  absl::StatusOr<int64_t> ReadCursor();

  ChangeFeed& feed_;
  ChangeStream& stream_;
  const ChangeRelayOptions options_;
  std::optional<int64_t> cursor_;  // the stream's last id, when known
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_RELAY_H_
