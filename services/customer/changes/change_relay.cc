#include "services/customer/changes/change_relay.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {

ChangeRelay::~ChangeRelay() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void ChangeRelay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ChangeRelay::Run() {
  bool failing = false;  // log an outage once, not every second
  while (!stop_.HasBeenNotified()) {
    (void)feed_.MaybePrune();  // housekeeping; a failure only delays it
    absl::StatusOr<int> relayed = RelayBatch();
    if (!relayed.ok()) {
      if (!failing) {
        log::Warn("change relay paused; retrying",
                  {{"stream", stream_.key()}, {"error", relayed.status().ToString()}});
      }
      failing = true;
      stop_.WaitForNotificationWithTimeout(options_.failure_pause);
      continue;
    }
    if (failing) log::Info("change relay running again", {{"stream", stream_.key()}});
    failing = false;
    if (*relayed == 0) stop_.WaitForNotificationWithTimeout(options_.idle_poll);
  }
}

absl::StatusOr<int64_t> ChangeRelay::ReadCursor() {
  absl::StatusOr<ChangeStreamBounds> bounds = stream_.Bounds();
  if (!bounds.ok()) return bounds.status();
  if (bounds->exists) return bounds->last;
  // No stream: start as far back as the stream would keep. A day ahead
  // finds no change, so this is the newest sequence.
  absl::StatusOr<int64_t> newest = feed_.SequenceBefore(absl::Now() + absl::Hours(24));
  if (!newest.ok()) return newest.status();
  return std::max<int64_t>(0, *newest - options_.backfill);
}

absl::StatusOr<int> ChangeRelay::RelayBatch() {
  if (!cursor_.has_value()) {
    absl::StatusOr<int64_t> cursor = ReadCursor();
    if (!cursor.ok()) return cursor.status();
    cursor_ = *cursor;
  }
  absl::StatusOr<ChangeFeed::Page> page = feed_.After(*cursor_, options_.batch);
  if (!page.ok()) return page.status();
  int relayed = 0;
  for (size_t i = 0; i < page->changes.size(); ++i) {
    const int64_t sequence = page->sequences[i];
    if (absl::Status s = stream_.Append(sequence, page->changes[i]); !s.ok()) {
      // Another relay got there first, or Redis failed; the stream knows.
      cursor_.reset();
      absl::StatusOr<ChangeStreamBounds> bounds = stream_.Bounds();
      if (bounds.ok() && bounds->exists && bounds->last >= sequence) return relayed;
      return absl::Status(s.code(), crm::StrCat("relaying change ", sequence, ": ", s.message()));
    }
    cursor_ = sequence;
    ++relayed;
  }
  return relayed;
}

}  // namespace crm::customer
