#include "services/collaboration/rules/working_days.h"

namespace crm::collaboration {

bool IsWorkingDay(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday;
}

absl::Time AddWorkingDays(absl::Time from, int days, absl::TimeZone zone) {
  const absl::CivilSecond local = absl::ToCivilSecond(from, zone);
  absl::CivilDay day(local);
  // The local time of day (and the sub-second part) the due time keeps.
  absl::civil_diff_t seconds_of_day = local - absl::CivilSecond(day);
  absl::Duration fraction = from - absl::FromCivil(local, zone);
  if (!IsWorkingDay(day)) {
    // From a weekend the count starts at the next Monday 00:00.
    while (!IsWorkingDay(day)) ++day;
    seconds_of_day = 0;
    fraction = absl::ZeroDuration();
  }
  for (int left = days; left > 0;) {
    ++day;
    if (IsWorkingDay(day)) --left;
  }
  return absl::FromCivil(absl::CivilSecond(day) + seconds_of_day, zone) + fraction;
}

}  // namespace crm::collaboration
