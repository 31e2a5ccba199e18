#ifndef CRM_SERVICES_COLLABORATION_RULES_WORKING_DAYS_H_
#define CRM_SERVICES_COLLABORATION_RULES_WORKING_DAYS_H_

// Working days: Monday to Friday in the business time zone. There is no
// holiday calendar: public holidays (and the weekend days China works in
// their place) count as the weekdays they fall on.

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace crm::collaboration {

// Whether `day` is Monday to Friday.
bool IsWorkingDay(absl::CivilDay day);

// The same local time `days` working days after `from` (days >= 0; a
// negative count is taken as zero): Tuesday 10:00 + 1 → Wednesday 10:00;
// Friday 10:00 + 1 → Monday 10:00. From a Saturday or Sunday the count starts
// at the next Monday 00:00, as if the time were raised then: Saturday 15:00 +
// 3 → Thursday 00:00 (Monday, Tuesday and Wednesday are given whole).
// Zero days from a weekend is that Monday 00:00.
absl::Time AddWorkingDays(absl::Time from, int days, absl::TimeZone zone);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_WORKING_DAYS_H_
