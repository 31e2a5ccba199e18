#include "libs/clock/quarter.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace crm::clock {

std::optional<Quarter> ParseQuarter(std::string_view text) {
  if (text.size() != 6 || absl::ascii_toupper(text[4]) != 'Q') return std::nullopt;
  int year = 0;
  for (const char digit : text.substr(0, 4)) {
    if (!absl::ascii_isdigit(digit)) return std::nullopt;
    year = year * 10 + (digit - '0');
  }
  const char number = text[5];
  if (year < 1900 || number < '1' || number > '4') return std::nullopt;
  return Quarter{.year = year, .number = number - '0'};
}

std::string FormatQuarter(const Quarter& quarter) {
  return absl::StrCat(quarter.year, "Q", quarter.number);
}

Quarter QuarterOf(absl::CivilDay day) {
  return Quarter{.year = static_cast<int>(day.year()), .number = (day.month() - 1) / 3 + 1};
}

absl::CivilDay FirstDayOf(const Quarter& quarter) {
  return absl::CivilDay(quarter.year, (quarter.number - 1) * 3 + 1, 1);
}

absl::CivilDay LastDayOf(const Quarter& quarter) {
  const absl::CivilMonth next = absl::CivilMonth(quarter.year, quarter.number * 3) + 1;
  return absl::CivilDay(next) - 1;
}

}  // namespace crm::clock
