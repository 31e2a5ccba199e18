#ifndef CRM_LIBS_CLOCK_CLOCK_H_
#define CRM_LIBS_CLOCK_CLOCK_H_

// Where code reads the time: services and jobs take a `const Clock&` (the
// real one in production, a FakeClock in tests), so tests move time instead
// of sleeping and deadlines, reminders and expiries are tested exactly.

#include "absl/time/time.h"

namespace crm::clock {

class Clock {
 public:
  virtual ~Clock();
  // Thread-safe in every implementation.
  virtual absl::Time Now() const = 0;
};

// absl::Now(); one object for the whole process.
const Clock& RealClock();

}  // namespace crm::clock

#endif  // CRM_LIBS_CLOCK_CLOCK_H_
