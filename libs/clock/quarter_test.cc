#include "libs/clock/quarter.h"

#include "gtest/gtest.h"

namespace crm::clock {
namespace {

TEST(ParseQuarterTest, ReadsYearAndNumber) {
  EXPECT_EQ(ParseQuarter("2026Q4"), (Quarter{2026, 4}));
  EXPECT_EQ(ParseQuarter("2027q1"), (Quarter{2027, 1}));
}

TEST(ParseQuarterTest, RefusesAnythingElse) {
  for (const char* text : {"", "2026", "2026Q0", "2026Q5", "2026-Q4", "26Q4", "+026Q4", "1899Q4",
                           "2026Q44", "Q42026", "２０２６Q4"}) {
    EXPECT_EQ(ParseQuarter(text), std::nullopt) << text;
  }
}

TEST(QuarterOfTest, MapsMonthsToQuarters) {
  EXPECT_EQ(QuarterOf(absl::CivilDay(2026, 1, 1)), (Quarter{2026, 1}));
  EXPECT_EQ(QuarterOf(absl::CivilDay(2026, 3, 31)), (Quarter{2026, 1}));
  EXPECT_EQ(QuarterOf(absl::CivilDay(2026, 4, 1)), (Quarter{2026, 2}));
  EXPECT_EQ(QuarterOf(absl::CivilDay(2026, 12, 31)), (Quarter{2026, 4}));
}

TEST(QuarterBoundsTest, FirstAndLastDayInclusive) {
  EXPECT_EQ(FirstDayOf({2026, 4}), absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(LastDayOf({2026, 4}), absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(LastDayOf({2028, 1}), absl::CivilDay(2028, 3, 31));  // leap year
  EXPECT_EQ(LastDayOf({2026, 2}), absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(FormatQuarter({2026, 4}), "2026Q4");
}

}  // namespace
}  // namespace crm::clock
