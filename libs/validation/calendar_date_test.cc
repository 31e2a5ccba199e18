#include "libs/validation/calendar_date.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

common::v1::Date D(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(LeapYearTest, GregorianRule) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_TRUE(IsLeapYear(2400));
}

TEST(DaysInMonthTest, EveryMonth) {
  EXPECT_EQ(DaysInMonth(2023, 1), 31);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
  EXPECT_EQ(DaysInMonth(2023, 0), 0);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
}

TEST(DateErrorTest, AcceptsRealDates) {
  EXPECT_EQ(DateError(D(2024, 2, 29)), std::nullopt);
  EXPECT_EQ(DateError(D(2023, 2, 28)), std::nullopt);
  EXPECT_EQ(DateError(D(1, 1, 1)), std::nullopt);
  EXPECT_EQ(DateError(D(9999, 12, 31)), std::nullopt);
  EXPECT_EQ(DateError(D(2026, 4, 30)), std::nullopt);
}

TEST(DateErrorTest, NamesWhatIsWrong) {
  EXPECT_THAT(DateError(D(2023, 2, 29)),
              Optional(std::string("2023-02-29 is not a date: February 2023 has 28 days")));
  EXPECT_THAT(DateError(D(1900, 2, 29)),
              Optional(std::string("1900-02-29 is not a date: February 1900 has 28 days")));
  EXPECT_THAT(DateError(D(2026, 4, 31)),
              Optional(std::string("2026-04-31 is not a date: April 2026 has 30 days")));
  EXPECT_THAT(DateError(D(2026, 1, 0)),
              Optional(std::string("2026-01-00 is not a date: January 2026 has 31 days")));
  EXPECT_THAT(DateError(D(2026, 13, 1)), Optional(std::string("month 13 is outside 1-12")));
  EXPECT_THAT(DateError(D(2026, 0, 1)), Optional(std::string("month 0 is outside 1-12")));
  EXPECT_THAT(DateError(D(0, 1, 1)), Optional(std::string("year 0 is outside 1-9999")));
  EXPECT_THAT(DateError(D(10000, 1, 1)), Optional(std::string("year 10000 is outside 1-9999")));
  // An unset Date is all zeros: not a date.
  EXPECT_FALSE(IsValidDate(common::v1::Date()));
}

TEST(CheckDateTest, AddsUnderTheField) {
  status::FieldViolations violations;
  CheckDate(D(2024, 2, 29), "opportunity.expected_close_date", violations);
  EXPECT_TRUE(violations.empty());
  CheckDate(D(2023, 2, 29), "opportunity.expected_close_date", violations);
  EXPECT_THAT(status::testing::Fields(violations), ElementsAre("opportunity.expected_close_date"));
  EXPECT_THAT(status::testing::Descriptions(violations),
              ElementsAre("opportunity.expected_close_date: 2023-02-29 is not a date: February "
                          "2023 has 28 days"));
}

TEST(FormatDateTest, PadsToIso) {
  EXPECT_EQ(FormatDate(D(2026, 3, 7)), "2026-03-07");
  EXPECT_EQ(FormatDate(D(987, 12, 31)), "0987-12-31");
}

TEST(CivilDayTest, RoundTrips) {
  const absl::CivilDay day = ToCivilDay(D(2024, 2, 29));
  EXPECT_EQ(day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(day + 1, absl::CivilDay(2024, 3, 1));
  const common::v1::Date back = FromCivilDay(day);
  EXPECT_EQ(back.year(), 2024);
  EXPECT_EQ(back.month(), 2);
  EXPECT_EQ(back.day(), 29);
  EXPECT_EQ(FormatDate(FromCivilDay(absl::CivilDay(2023, 12, 31) + 1)), "2024-01-01");
}

}  // namespace
}  // namespace crm::validation
