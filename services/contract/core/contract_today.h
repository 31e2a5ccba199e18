#ifndef CRM_SERVICES_CONTRACT_CORE_CONTRACT_TODAY_H_
#define CRM_SERVICES_CONTRACT_CORE_CONTRACT_TODAY_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"

namespace crm::contract {

// The business day contracts run on: `clock`'s date in Asia/Shanghai (a
// fixed UTC+08:00 where the time zone database is missing; China has no
// daylight saving time). Start and end dates, due dates, days overdue and
// the jobs all count from it.
absl::CivilDay ContractToday(const clock::Clock& clock);
absl::CivilDay ContractDayOf(absl::Time time);

// The time zone itself.
absl::TimeZone ContractTimeZone();

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CORE_CONTRACT_TODAY_H_
