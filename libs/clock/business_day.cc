#include "libs/clock/business_day.h"

namespace crm::clock {

absl::TimeZone BusinessTimeZone() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone loaded;
    if (absl::LoadTimeZone("Asia/Shanghai", &loaded)) return loaded;
    return absl::FixedTimeZone(8 * 60 * 60);
  }();
  return zone;
}

absl::CivilDay BusinessDayOf(absl::Time time) { return absl::ToCivilDay(time, BusinessTimeZone()); }

absl::CivilDay BusinessToday(const Clock& clock) { return BusinessDayOf(clock.Now()); }

}  // namespace crm::clock
