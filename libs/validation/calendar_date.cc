#include "libs/validation/calendar_date.h"

#include "absl/strings/str_format.h"
#include "libs/strings/str_cat.h"

namespace crm::validation {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

}  // namespace

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<std::string> DateError(const common::v1::Date& date) {
  if (date.year() < kMinYear || date.year() > kMaxYear) {
    return crm::StrCat("year ", date.year(), " is outside 1-9999");
  }
  if (date.month() < 1 || date.month() > 12) {
    return crm::StrCat("month ", date.month(), " is outside 1-12");
  }
  const int days = DaysInMonth(date.year(), date.month());
  if (date.day() < 1 || date.day() > days) {
    return absl::StrFormat("%04d-%02d-%02d is not a date: %s %d has %d days", date.year(),
                           date.month(), date.day(), kMonthNames[date.month() - 1], date.year(),
                           days);
  }
  return std::nullopt;
}

void CheckDate(const common::v1::Date& date, std::string_view field,
               status::FieldViolations& violations) {
  if (std::optional<std::string> error = DateError(date)) {
    violations.Add(std::string(field), crm::StrCat(field, ": ", *error));
  }
}

std::string FormatDate(const common::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

absl::CivilDay ToCivilDay(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

common::v1::Date FromCivilDay(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

}  // namespace crm::validation
