#include "libs/events/watches.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::events {
namespace {

// How often a pause looks for a stop.
constexpr absl::Duration kPauseSlice = absl::Milliseconds(50);

}  // namespace

Watches::~Watches() {
  stopping_.store(true);
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* active) { return *active == 0; }, &active_));
}

Watches::Slot::~Slot() {
  if (watches_ == nullptr) return;
  absl::MutexLock lock(&watches_->mu_);
  --watches_->active_;
}

absl::StatusOr<Watches::Slot> Watches::Acquire() {
  absl::MutexLock lock(&mu_);
  if (stopping_.load()) {
    return absl::UnavailableError("the server is shutting down; watch again elsewhere");
  }
  if (active_ >= options_.max_watches) {
    return status::Error(
        absl::StatusCode::kResourceExhausted, options_.domain, "TOO_MANY_WATCHES",
        crm::StrCat("this server already serves ", active_, " watches of its ",
                    outbox_.options().service, " feed, its limit; retry later",
                    options_.list_method.empty() ? "" : ", or page with ", options_.list_method),
        {{"maxWatches", crm::StrCat(options_.max_watches)}});
  }
  ++active_;
  return Slot(this);
}

void Watches::Pause(absl::Duration d, const std::atomic<bool>& cancelled) {
  const absl::Time end = absl::Now() + d;
  while (!cancelled.load() && !stopping()) {
    const absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return;
    absl::SleepFor(std::min(left, kPauseSlice));
  }
}

std::optional<EventPage> Watches::FromStream(int64_t after) {
  if (stream_ == nullptr || !stream_->available()) return std::nullopt;
  absl::StatusOr<StreamBounds> before = stream_->Bounds();
  if (!before.ok() || !before->Covers(after)) return std::nullopt;
  absl::StatusOr<EventPage> page = stream_->Read(after, options_.batch, options_.stream_block);
  if (!page.ok()) return std::nullopt;
  if (page->events.empty()) return *std::move(page);
  // XREAD skips silently over trimmed entries. Trimming only moves the first
  // entry forward, so a stream that still covers `after` now did so during
  // the read, and nothing was skipped.
  absl::StatusOr<StreamBounds> now = stream_->Bounds();
  if (!now.ok() || !now->Covers(after)) return std::nullopt;
  return *std::move(page);
}

absl::StatusOr<EventPage> Watches::Next(int64_t after, const std::atomic<bool>& cancelled) {
  if (std::optional<EventPage> page = FromStream(after)) return *std::move(page);
  absl::StatusOr<EventPage> page = outbox_.After(after, options_.batch);
  if (!page.ok()) return page.status();
  if (page->events.empty()) Pause(options_.poll, cancelled);
  return page;
}

}  // namespace crm::events
