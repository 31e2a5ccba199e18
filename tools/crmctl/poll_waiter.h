#ifndef CRM_TOOLS_CRMCTL_POLL_WAITER_H_
#define CRM_TOOLS_CRMCTL_POLL_WAITER_H_

#include <signal.h>

#include "absl/time/time.h"

namespace crm::crmctl {

// How a polling command (`customer changes --follow`) waits between polls
// and learns that it should stop. Tests hand in a fake, so they never sleep.
class PollWaiter {
 public:
  virtual ~PollWaiter() = default;

  // True once the command should end after the page in hand.
  virtual bool StopRequested() = 0;

  // Waits `interval`, or less when a stop is requested meanwhile.
  virtual void Wait(absl::Duration interval) = 0;
};

// The real one: while it lives, the first SIGINT (Ctrl-C) requests a stop
// instead of ending the process, so the page in hand is printed and its
// cursor saved; a second one ends the process as usual. Waits sleep in short
// slices to notice the stop quickly. One at a time per process.
class InterruptWaiter final : public PollWaiter {
 public:
  InterruptWaiter();
  ~InterruptWaiter() override;

  InterruptWaiter(const InterruptWaiter&) = delete;
  InterruptWaiter& operator=(const InterruptWaiter&) = delete;

  bool StopRequested() override;
  void Wait(absl::Duration interval) override;

 private:
  struct sigaction previous_ = {};
  bool installed_ = false;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_POLL_WAITER_H_
