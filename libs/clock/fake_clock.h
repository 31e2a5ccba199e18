#ifndef CRM_LIBS_CLOCK_FAKE_CLOCK_H_
#define CRM_LIBS_CLOCK_FAKE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"

namespace crm::clock {

// A clock that stands still until a test moves it. Thread-safe: a test may
// move it while the code under test reads it on other threads.
class FakeClock final : public Clock {
 public:
  // 2026-01-01T00:00:00Z: a fixed, ordinary time, so runs repeat exactly.
  static absl::Time DefaultStart() { return absl::FromUnixSeconds(1'767'225'600); }

  explicit FakeClock(absl::Time start = DefaultStart()) : now_(start) {}

  absl::Time Now() const override;

  void Set(absl::Time now);
  // Moves the time by `delta`, which may be negative (a clock stepped back).
  void Advance(absl::Duration delta);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::clock

#endif  // CRM_LIBS_CLOCK_FAKE_CLOCK_H_
