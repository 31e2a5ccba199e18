#include "libs/proxy/idle_watchdog.h"

#include <vector>

#include "absl/time/clock.h"

namespace crm::proxy {

IdleWatchdog::IdleWatchdog(absl::Duration interval)
    : interval_(interval), thread_([this] { Run(); }) {}

IdleWatchdog::~IdleWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void IdleWatchdog::Add(IdleCall* call) {
  absl::MutexLock lock(&mu_);
  calls_.insert(call);
}

void IdleWatchdog::Remove(IdleCall* call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

void IdleWatchdog::Run() {
  std::vector<IdleCall*> idle;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
      if (stopping_) return;
      const absl::Time now = absl::Now();
      for (IdleCall* call : calls_) {
        // The reference keeps the call alive once the lock is let go.
        if (call->IdleAt(now) && call->TryRetain()) idle.push_back(call);
      }
    }
    // Outside the lock: ending a call may run its completion, which removes
    // it from here.
    for (IdleCall* call : idle) {
      call->EndIdle();
      call->Release();
    }
    idle.clear();
  }
}

}  // namespace crm::proxy
