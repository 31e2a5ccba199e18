#include "services/contract/rules/aging.h"

#include "gtest/gtest.h"

namespace crm::contract {
namespace {

TEST(DaysOverdueTest, CountsWholeDaysAfterTheDueDate) {
  const absl::CivilDay due(2026, 3, 31);
  EXPECT_EQ(DaysOverdue(due, absl::CivilDay(2026, 3, 1)), 0);   // not due yet
  EXPECT_EQ(DaysOverdue(due, absl::CivilDay(2026, 3, 31)), 0);  // due today
  EXPECT_EQ(DaysOverdue(due, absl::CivilDay(2026, 4, 1)), 1);
  EXPECT_EQ(DaysOverdue(due, absl::CivilDay(2026, 5, 1)), 31);
  // Across a leap day: 2028-02-28 to 2028-03-01 is two days.
  EXPECT_EQ(DaysOverdue(absl::CivilDay(2028, 2, 28), absl::CivilDay(2028, 3, 1)), 2);
  EXPECT_EQ(DaysOverdue(absl::CivilDay(2025, 12, 31), absl::CivilDay(2026, 12, 31)), 365);
}

TEST(BucketOfTest, TheFourBucketsMeetWithoutGapsOrOverlap) {
  EXPECT_EQ(BucketOf(-3), std::nullopt);
  EXPECT_EQ(BucketOf(0), std::nullopt);
  EXPECT_EQ(BucketOf(1), 0);
  EXPECT_EQ(BucketOf(30), 0);
  EXPECT_EQ(BucketOf(31), 1);
  EXPECT_EQ(BucketOf(60), 1);
  EXPECT_EQ(BucketOf(61), 2);
  EXPECT_EQ(BucketOf(90), 2);
  EXPECT_EQ(BucketOf(91), 3);
  EXPECT_EQ(BucketOf(10000), 3);
  for (int days = 1; days <= 400; ++days) {
    ASSERT_TRUE(BucketOf(days).has_value()) << days;
    const AgingBucketSpec& bucket = kAgingBuckets[*BucketOf(days)];
    EXPECT_GE(days, bucket.min_days);
    if (bucket.max_days != 0) {
      EXPECT_LE(days, bucket.max_days);
    }
  }
}

TEST(BucketOfTest, LabelsAreTheApis) {
  EXPECT_EQ(kAgingBuckets[0].label, "0-30");
  EXPECT_EQ(kAgingBuckets[1].label, "31-60");
  EXPECT_EQ(kAgingBuckets[2].label, "61-90");
  EXPECT_EQ(kAgingBuckets[3].label, "90+");
  EXPECT_EQ(kAgingBuckets[3].max_days, 0);
}

}  // namespace
}  // namespace crm::contract
