#include "services/collaboration/rules/working_days.h"

#include "gtest/gtest.h"
#include "libs/clock/business_day.h"

namespace crm::collaboration {
namespace {

// 2026-12-04 is a Friday.
absl::Time Shanghai(int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, minute, 0),
                         clock::BusinessTimeZone());
}

absl::Time Add(absl::Time from, int days) {
  return AddWorkingDays(from, days, clock::BusinessTimeZone());
}

TEST(WorkingDaysTest, MondayToFridayAreWorkingDays) {
  EXPECT_TRUE(IsWorkingDay(absl::CivilDay(2026, 11, 30)));  // Monday
  EXPECT_TRUE(IsWorkingDay(absl::CivilDay(2026, 12, 4)));   // Friday
  EXPECT_FALSE(IsWorkingDay(absl::CivilDay(2026, 12, 5)));  // Saturday
  EXPECT_FALSE(IsWorkingDay(absl::CivilDay(2026, 12, 6)));  // Sunday
}

TEST(WorkingDaysTest, WithinAWeekTheLocalTimeIsKept) {
  EXPECT_EQ(Add(Shanghai(12, 1, 10, 30), 1), Shanghai(12, 2, 10, 30));  // Tue → Wed
  EXPECT_EQ(Add(Shanghai(12, 1, 10, 30), 3), Shanghai(12, 4, 10, 30));  // Tue → Fri
}

TEST(WorkingDaysTest, TheWeekendIsSkipped) {
  EXPECT_EQ(Add(Shanghai(12, 4, 10), 1), Shanghai(12, 7, 10));  // Fri → Mon
  EXPECT_EQ(Add(Shanghai(12, 3, 17), 3), Shanghai(12, 8, 17));  // Thu → Tue
  EXPECT_EQ(Add(Shanghai(12, 4, 23, 59), 5), Shanghai(12, 11, 23, 59));
  EXPECT_EQ(Add(Shanghai(11, 30, 9), 10), Shanghai(12, 14, 9));  // two whole weeks
}

TEST(WorkingDaysTest, FromAWeekendTheCountStartsMondayMidnight) {
  EXPECT_EQ(Add(Shanghai(12, 5, 15), 3), Shanghai(12, 10, 0));  // Sat → Thu 00:00
  EXPECT_EQ(Add(Shanghai(12, 6, 23), 1), Shanghai(12, 8, 0));   // Sun → Tue 00:00
  EXPECT_EQ(Add(Shanghai(12, 5, 15), 0), Shanghai(12, 7, 0));
}

TEST(WorkingDaysTest, ZeroOrNegativeDaysOnAWorkingDayIsTheSameTime) {
  EXPECT_EQ(Add(Shanghai(12, 2, 8), 0), Shanghai(12, 2, 8));
  EXPECT_EQ(Add(Shanghai(12, 2, 8), -2), Shanghai(12, 2, 8));
}

TEST(WorkingDaysTest, CountsInTheGivenZoneNotUtc) {
  // Friday 2026-12-04 23:00 in Shanghai is 15:00 UTC the same Friday, and
  // Saturday 01:00 in Shanghai is still Friday in UTC.
  const absl::Time saturday_early = Shanghai(12, 5, 1);
  EXPECT_EQ(Add(saturday_early, 1), Shanghai(12, 8, 0));
  EXPECT_EQ(AddWorkingDays(saturday_early, 1, absl::UTCTimeZone()),
            saturday_early + absl::Hours(72));  // Fri 17:00 UTC → Mon 17:00 UTC
}

TEST(WorkingDaysTest, SubSecondsAreKept) {
  const absl::Time from = Shanghai(12, 1, 10) + absl::Milliseconds(250);
  EXPECT_EQ(Add(from, 2), Shanghai(12, 3, 10) + absl::Milliseconds(250));
}

}  // namespace
}  // namespace crm::collaboration
