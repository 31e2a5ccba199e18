#ifndef CRM_LIBS_CLOCK_QUARTER_H_
#define CRM_LIBS_CLOCK_QUARTER_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace crm::clock {

// A calendar quarter, written "2026Q4" (reports, credit and scorecards are
// per quarter of the business day, libs/clock/business_day.h).
struct Quarter {
  int year = 0;
  int number = 0;  // 1-4

  bool operator==(const Quarter& other) const = default;
};

// "2026Q4" (also "2026q4"); nullopt for anything else, or a year outside
// 1900-9999.
std::optional<Quarter> ParseQuarter(std::string_view text);

// "2026Q4".
std::string FormatQuarter(const Quarter& quarter);

// The quarter `day` falls in.
Quarter QuarterOf(absl::CivilDay day);

// Its first and last day (inclusive).
absl::CivilDay FirstDayOf(const Quarter& quarter);
absl::CivilDay LastDayOf(const Quarter& quarter);

}  // namespace crm::clock

#endif  // CRM_LIBS_CLOCK_QUARTER_H_
