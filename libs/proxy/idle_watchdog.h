#ifndef CRM_LIBS_PROXY_IDLE_WATCHDOG_H_
#define CRM_LIBS_PROXY_IDLE_WATCHDOG_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace crm::proxy {

// A call the watchdog may end. Calls free themselves when done, so the
// watchdog takes a reference before it acts on one outside its lock.
class IdleCall {
 public:
  virtual ~IdleCall() = default;
  // Takes a reference unless the call is already ending (then false).
  virtual bool TryRetain() = 0;
  virtual void Release() = 0;
  // Whether nothing passed either way for longer than the call's timeout.
  virtual bool IdleAt(absl::Time now) const = 0;
  // Ends the call because it was idle.
  virtual void EndIdle() = 0;
};

// Ends calls that have been idle too long: one thread looks at every
// watched call once per interval. A call is added when it starts and must
// be removed before it is freed (Remove waits while a look is under way).
class IdleWatchdog final {
 public:
  explicit IdleWatchdog(absl::Duration interval);
  ~IdleWatchdog();  // stops the thread
  IdleWatchdog(const IdleWatchdog&) = delete;
  IdleWatchdog& operator=(const IdleWatchdog&) = delete;

  void Add(IdleCall* call);
  void Remove(IdleCall* call);

 private:
  void Run();

  const absl::Duration interval_;
  absl::Mutex mu_;
  absl::flat_hash_set<IdleCall*> calls_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_IDLE_WATCHDOG_H_
