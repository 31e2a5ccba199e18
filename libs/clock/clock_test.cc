#include "libs/clock/clock.h"

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/clock/fake_clock.h"

namespace crm::clock {
namespace {

TEST(RealClockTest, ReadsTheSystemTime) {
  const absl::Time before = absl::Now();
  const absl::Time now = RealClock().Now();
  const absl::Time after = absl::Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_EQ(&RealClock(), &RealClock());
}

TEST(FakeClockTest, StandsStillUntilMoved) {
  FakeClock clock;
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(1'767'225'600));
  EXPECT_EQ(absl::FormatTime(absl::RFC3339_full, clock.Now(), absl::UTCTimeZone()),
            "2026-01-01T00:00:00+00:00");
  EXPECT_EQ(clock.Now(), clock.Now());

  clock.Advance(absl::Minutes(90));
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart() + absl::Minutes(90));
  clock.Advance(absl::Seconds(-30));
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart() + absl::Seconds(5370));

  const absl::Time later = absl::FromUnixSeconds(2'000'000'000);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
}

TEST(FakeClockTest, StartsWhereAsked) {
  const absl::Time start = absl::FromUnixMicros(1'700'000'000'123'456);
  const FakeClock clock(start);
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Now(), start);
}

// Readers on other threads see every move whole (run under TSan to be sure).
TEST(FakeClockTest, IsSafeToMoveWhileOthersRead) {
  FakeClock clock;
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&clock] {
      absl::Time last = clock.Now();
      for (int n = 0; n < 10000; ++n) {
        const absl::Time now = clock.Now();
        EXPECT_GE(now, last);
        last = now;
      }
    });
  }
  for (int n = 0; n < 10000; ++n) clock.Advance(absl::Milliseconds(1));
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart() + absl::Seconds(10));
}

}  // namespace
}  // namespace crm::clock
