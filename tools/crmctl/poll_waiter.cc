#include "tools/crmctl/poll_waiter.h"

#include <csignal>

#include "absl/time/clock.h"

namespace crm::crmctl {
namespace {

// How often a wait looks for a stop.
constexpr absl::Duration kWaitSlice = absl::Milliseconds(100);

volatile std::sig_atomic_t stop_requested = 0;

void RequestStop(int) { stop_requested = 1; }

}  // namespace

InterruptWaiter::InterruptWaiter() {
  stop_requested = 0;
  struct sigaction action = {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  // The handler runs once; the next SIGINT ends the process.
  action.sa_flags = SA_RESETHAND;
  installed_ = sigaction(SIGINT, &action, &previous_) == 0;
}

InterruptWaiter::~InterruptWaiter() {
  if (installed_) sigaction(SIGINT, &previous_, nullptr);
}

bool InterruptWaiter::StopRequested() { return stop_requested != 0; }

void InterruptWaiter::Wait(absl::Duration interval) {
  const absl::Time end = absl::Now() + interval;
  while (!StopRequested()) {
    const absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return;
    absl::SleepFor(left < kWaitSlice ? left : kWaitSlice);
  }
}

}  // namespace crm::crmctl
