#include "libs/grpc_server/call_gate.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace crm::server {

bool CallGate::Enter(std::function<void()> proceed) {
  if (!holding_.load(std::memory_order_acquire)) {
    // A Hold() racing with this lets the call in; AwaitQuiet then waits for
    // it like any call that started just before.
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  absl::MutexLock lock(&mu_);
  if (!holding_.load(std::memory_order_relaxed)) {  // released meanwhile
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  held_.push_back(std::move(proceed));
  return false;
}

void CallGate::Leave() {
  last_left_unix_nanos_.store(absl::GetCurrentTimeNanos(), std::memory_order_relaxed);
  in_flight_.fetch_sub(1, std::memory_order_release);
}

void CallGate::Hold() {
  absl::MutexLock lock(&mu_);
  holding_.store(true, std::memory_order_release);
}

void CallGate::AwaitQuiet(absl::Duration quiet, absl::Time deadline) {
  const absl::Time began = absl::Now();
  while (true) {
    const absl::Time last_left =
        absl::FromUnixNanos(last_left_unix_nanos_.load(std::memory_order_relaxed));
    // The last answer's caller may still be sending its next call: give it
    // `quiet` to arrive and be held. With calls still running (streams),
    // count from Hold() too.
    const bool idle = in_flight_.load(std::memory_order_acquire) == 0;
    const absl::Time quiet_at = (idle ? last_left : std::max(began, last_left)) + quiet;
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
    holding_.store(false, std::memory_order_release);
    held.swap(held_);
  }
  for (std::function<void()>& proceed : held) proceed();
}

int CallGate::held() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(held_.size());
}

}  // namespace crm::server
