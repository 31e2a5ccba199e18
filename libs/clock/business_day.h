#ifndef CRM_LIBS_CLOCK_BUSINESS_DAY_H_
#define CRM_LIBS_CLOCK_BUSINESS_DAY_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"

namespace crm::clock {

// The time zone the seller group's business runs on: Asia/Shanghai (a fixed
// UTC+08:00 where the time zone database is missing; China has no daylight
// saving time). Contract dates, due dates, quarters and working days count
// in it.
absl::TimeZone BusinessTimeZone();

// The business day of `time`.
absl::CivilDay BusinessDayOf(absl::Time time);

// The business day of `clock`'s now.
absl::CivilDay BusinessToday(const Clock& clock);

}  // namespace crm::clock

#endif  // CRM_LIBS_CLOCK_BUSINESS_DAY_H_
