#include "libs/clock/clock.h"

#include "absl/time/clock.h"

namespace crm::clock {
namespace {

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace

Clock::~Clock() = default;

const Clock& RealClock() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace crm::clock
