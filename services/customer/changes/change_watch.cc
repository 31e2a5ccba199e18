#include "services/customer/changes/change_watch.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

// How often a pause looks for a stop.
constexpr absl::Duration kPauseSlice = absl::Milliseconds(50);

}  // namespace

ChangeWatches::~ChangeWatches() {
  stopping_.store(true);
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* active) { return *active == 0; }, &active_));
}

ChangeWatches::Slot::~Slot() {
  if (watches_ == nullptr) return;
  absl::MutexLock lock(&watches_->mu_);
  --watches_->active_;
}

absl::StatusOr<ChangeWatches::Slot> ChangeWatches::Acquire() {
  absl::MutexLock lock(&mu_);
  if (stopping_.load()) {
    return absl::UnavailableError("the server is shutting down; watch again elsewhere");
  }
  if (active_ >= options_.max_watches) {
    return status::Error(absl::StatusCode::kResourceExhausted, kDomain, "TOO_MANY_WATCHES",
                         crm::StrCat("this server already serves ", active_,
                                     " change watches, its limit; retry later, or page with "
                                     "ListCustomerChanges"),
                         {{"max_watches", crm::StrCat(options_.max_watches)}});
  }
  ++active_;
  return Slot(this);
}

void ChangeWatches::Pause(absl::Duration d, const std::atomic<bool>& cancelled) {
  const absl::Time end = absl::Now() + d;
  while (!cancelled.load() && !stopping()) {
    const absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return;
    absl::SleepFor(std::min(left, kPauseSlice));
  }
}

std::optional<ChangeFeed::Page> ChangeWatches::FromStream(int64_t after) {
  if (stream_ == nullptr || !stream_->available()) return std::nullopt;
  absl::StatusOr<ChangeStreamBounds> before = stream_->Bounds();
  if (!before.ok() || !before->Covers(after)) return std::nullopt;
  absl::StatusOr<ChangeFeed::Page> page =
      stream_->Read(after, options_.batch, options_.stream_block);
  if (!page.ok()) return std::nullopt;
  if (page->changes.empty()) return *std::move(page);
  // XREAD skips silently over trimmed entries. Trimming only moves the first
  // entry forward, so a stream that still covers `after` now did so during
  // the read, and nothing was skipped.
  absl::StatusOr<ChangeStreamBounds> now = stream_->Bounds();
  if (!now.ok() || !now->Covers(after)) return std::nullopt;
  return *std::move(page);
}

absl::StatusOr<ChangeFeed::Page> ChangeWatches::Next(int64_t after,
                                                     const std::atomic<bool>& cancelled) {
  if (std::optional<ChangeFeed::Page> page = FromStream(after)) return *std::move(page);
  absl::StatusOr<ChangeFeed::Page> page = feed_.After(after, options_.batch);
  if (!page.ok()) return page.status();
  if (page->changes.empty()) Pause(options_.poll, cancelled);
  return page;
}

}  // namespace crm::customer
