#include "libs/grpc_server/call_gate.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace crm::server {

bool CallGate::Enter(std::function<void()> proceed) {
  absl::MutexLock lock(&mu_);
  if (holding_) {
    held_.push_back(std::move(proceed));
    return false;
  }
  ++in_flight_;
  return true;
}

void CallGate::Leave() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
  last_left_ = absl::Now();
}

void CallGate::Hold() {
  absl::MutexLock lock(&mu_);
  holding_ = true;
}

void CallGate::AwaitQuiet(absl::Duration quiet, absl::Time deadline) {
  const absl::Time began = absl::Now();
  while (true) {
    absl::Time quiet_at;
    {
      absl::MutexLock lock(&mu_);
      // The last answer's caller may still be sending its next call: give it
      // `quiet` to arrive and be held. With calls still running (streams),
      // count from Hold() too.
      quiet_at = (in_flight_ == 0 ? last_left_ : std::max(began, last_left_)) + quiet;
    }
    const absl::Time until = std::min(quiet_at, deadline);
    const absl::Time now = absl::Now();
    if (now >= until) return;
    absl::SleepFor(until - now);
  }
}

void CallGate::Release() {
  std::vector<std::function<void()>> held;
  {
    absl::MutexLock lock(&mu_);
    holding_ = false;
    held.swap(held_);
  }
  for (std::function<void()>& proceed : held) proceed();
}

int CallGate::held() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(held_.size());
}

}  // namespace crm::server
