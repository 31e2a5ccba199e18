#ifndef CRM_LIBS_VALIDATION_CALENDAR_DATE_H_
#define CRM_LIBS_VALIDATION_CALENDAR_DATE_H_

// crm.common.v1.Date: a whole calendar date, year 1-9999, valid for its
// month (the proleptic Gregorian calendar, as PostgreSQL's date).

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "crm/common/v1/date.pb.h"
#include "libs/status/status.h"

namespace crm::validation {

// Whether `year` has a 29 February: divisible by 4, except centuries not
// divisible by 400 (2024 and 2000 do, 2023 and 1900 do not).
bool IsLeapYear(int year);

// The days of `month` (1-12) in `year`; 0 for a month outside 1-12.
int DaysInMonth(int year, int month);

// What is wrong with `date`, or nullopt when it is a real date:
//   "2023-02-29 is not a date: February 2023 has 28 days"
std::optional<std::string> DateError(const common::v1::Date& date);
inline bool IsValidDate(const common::v1::Date& date) { return !DateError(date).has_value(); }

// Adds a violation "<field>: <DateError>" unless `date` is valid.
void CheckDate(const common::v1::Date& date, std::string_view field,
               status::FieldViolations& violations);

// "2024-02-29" (years below 1000 padded to four digits).
std::string FormatDate(const common::v1::Date& date);

// Conversions. ToCivilDay expects a valid date (absl would carry 2023-02-29
// over to 1 March silently).
absl::CivilDay ToCivilDay(const common::v1::Date& date);
common::v1::Date FromCivilDay(absl::CivilDay day);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_CALENDAR_DATE_H_
