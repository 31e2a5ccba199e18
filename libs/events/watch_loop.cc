#include "libs/events/watch_loop.h"

#include "absl/time/clock.h"

namespace crm::events {

absl::Status RunWatch(Watches& watches, const EventCursorCodec& cursors, const WatchStart& start,
                      const std::atomic<bool>& cancelled, SendEvents send) {
  int64_t cursor = 0;
  if (start.after.has_value()) {
    cursor = *start.after;
  } else {
    absl::StatusOr<int64_t> before = watches.SequenceBefore(start.at);
    if (!before.ok()) return before.status();
    cursor = *before;
  }
  bool sent = false;
  absl::Time last_sent = absl::Now();
  while (!cancelled.load() && !watches.stopping()) {
    absl::StatusOr<EventPage> page = watches.Next(cursor, cancelled);
    if (!page.ok()) return page.status();
    if (cancelled.load()) break;
    if (page->events.empty() && sent && absl::Now() - last_sent < watches.options().heartbeat) {
      continue;
    }
    cursor = page->last_sequence;
    if (!send(std::move(page->events), cursors.Encode(cursor))) {
      return absl::CancelledError("the watcher went away");
    }
    sent = true;
    last_sent = absl::Now();
  }
  if (cancelled.load()) return absl::CancelledError("the watch was cancelled");
  return absl::UnavailableError(
      "the server is shutting down; watch again with the last next_page_token");
}

}  // namespace crm::events
