#include "libs/cache/availability_log.h"

#include <optional>

#include "gtest/gtest.h"

namespace crm::cache {
namespace {

using Kind = AvailabilityChange::Kind;

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

TEST(AvailabilityLogTest, SuccessesWhileUpChangeNothing) {
  AvailabilityLog log("127.0.0.1:6379");
  EXPECT_FALSE(log.Succeeded(kStart).has_value());
  EXPECT_FALSE(log.Succeeded(kStart + absl::Seconds(1)).has_value());
  EXPECT_FALSE(log.down());
}

TEST(AvailabilityLogTest, AnOutageIsOneChangeDownAndOneUpWithTheCountAndDuration) {
  AvailabilityLog log("127.0.0.1:6379");
  std::optional<AvailabilityChange> down = log.Failed("Connection refused", kStart);
  ASSERT_TRUE(down.has_value());
  EXPECT_EQ(down->kind, Kind::kUnavailable);
  EXPECT_EQ(down->error, "Connection refused");
  EXPECT_TRUE(log.down());

  // A frozen server for 20 s, retried every 200 ms: 99 more failures and
  // 400 skipped calls, none of them a change.
  for (int i = 1; i < 100; ++i) {
    EXPECT_FALSE(
        log.Failed("Resource temporarily unavailable", kStart + i * absl::Milliseconds(200))
            .has_value());
  }
  for (int i = 0; i < 400; ++i) log.Skipped();

  std::optional<AvailabilityChange> up = log.Succeeded(kStart + absl::Seconds(20));
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->kind, Kind::kReachableAgain);
  EXPECT_EQ(up->failed_operations, 500);
  EXPECT_EQ(up->outage, absl::Seconds(20));
  EXPECT_FALSE(log.down());
  EXPECT_FALSE(log.Succeeded(kStart + absl::Seconds(21)).has_value());
}

TEST(AvailabilityLogTest, ASecondOutageCountsFromZeroAndReportsItsOwnFirstError) {
  AvailabilityLog log("127.0.0.1:6379");
  ASSERT_TRUE(log.Failed("first", kStart).has_value());
  ASSERT_TRUE(log.Failed("more", kStart + absl::Seconds(1)) == std::nullopt);
  ASSERT_TRUE(log.Succeeded(kStart + absl::Seconds(2)).has_value());

  std::optional<AvailabilityChange> down = log.Failed("second", kStart + absl::Seconds(10));
  ASSERT_TRUE(down.has_value());
  EXPECT_EQ(down->error, "second");
  std::optional<AvailabilityChange> up = log.Succeeded(kStart + absl::Seconds(13));
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->failed_operations, 1);
  EXPECT_EQ(up->outage, absl::Seconds(3));
}

TEST(AvailabilityLogTest, SkippedCallsWhileUpAreNotCountedIntoTheNextOutage) {
  AvailabilityLog log("127.0.0.1:6379");
  log.Skipped();
  log.Skipped();
  EXPECT_FALSE(log.down());
  ASSERT_TRUE(log.Failed("refused", kStart).has_value());
  std::optional<AvailabilityChange> up = log.Succeeded(kStart + absl::Milliseconds(5));
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->failed_operations, 1);
}

}  // namespace
}  // namespace crm::cache
