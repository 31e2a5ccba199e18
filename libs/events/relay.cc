#include "libs/events/relay.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"

namespace crm::events {

Relay::~Relay() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void Relay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Relay::Run() {
  bool failing = false;  // log an outage once, not every second
  while (!stop_.HasBeenNotified()) {
    (void)outbox_.MaybePrune();  // housekeeping; a failure only delays it
    absl::StatusOr<int> relayed = RelayBatch();
    if (!relayed.ok()) {
      if (!failing) {
        log::Warn("event relay paused; retrying",
                  {{"stream", stream_.key()}, {"error", relayed.status().ToString()}});
      }
      failing = true;
      stop_.WaitForNotificationWithTimeout(options_.failure_pause);
      continue;
    }
    if (failing) log::Info("event relay running again", {{"stream", stream_.key()}});
    failing = false;
    if (*relayed == 0) stop_.WaitForNotificationWithTimeout(options_.idle_poll);
  }
}

absl::StatusOr<int64_t> Relay::ReadCursor() {
  absl::StatusOr<StreamBounds> bounds = stream_.Bounds();
  if (!bounds.ok()) return bounds.status();
  if (bounds->exists) return bounds->last;
  // No stream: start as far back as the stream would keep. A day ahead
  // finds no event, so this is the newest sequence.
  absl::StatusOr<int64_t> newest = outbox_.SequenceBefore(absl::Now() + absl::Hours(24));
  if (!newest.ok()) return newest.status();
  return std::max<int64_t>(0, *newest - options_.backfill);
}

absl::StatusOr<int> Relay::RelayBatch() {
  if (!cursor_.has_value()) {
    absl::StatusOr<int64_t> cursor = ReadCursor();
    if (!cursor.ok()) return cursor.status();
    cursor_ = *cursor;
  }
  absl::StatusOr<EventPage> page = outbox_.After(*cursor_, options_.batch);
  if (!page.ok()) return page.status();
  int relayed = 0;
  for (const Event& event : page->events) {
    if (absl::Status s = stream_.Append(event); !s.ok()) {
      // Another relay got there first, or Redis failed; the stream knows.
      cursor_.reset();
      absl::StatusOr<StreamBounds> bounds = stream_.Bounds();
      if (bounds.ok() && bounds->exists && bounds->last >= event.sequence) return relayed;
      return absl::Status(s.code(),
                          crm::StrCat("relaying event ", event.sequence, ": ", s.message()));
    }
    cursor_ = event.sequence;
    ++relayed;
  }
  return relayed;
}

}  // namespace crm::events
