#include "libs/rate_limit/token_bucket_limiter.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::rate_limit {
namespace {

constexpr RateLimit kLimit{.per_second = 20, .burst = 40};
const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

// How many of `calls` calls at `now` were admitted.
int AdmittedOf(TokenBucketLimiter& limiter, std::string_view key, absl::Time now, int calls) {
  int admitted = 0;
  for (int i = 0; i < calls; ++i) admitted += limiter.Admit(key, now).ok() ? 1 : 0;
  return admitted;
}

TEST(TokenBucketLimiterTest, ABurstIsAdmittedAtOnceThenRefused) {
  TokenBucketLimiter limiter(kLimit);
  EXPECT_EQ(AdmittedOf(limiter, "users/li.si", kStart, 40), 40);
  EXPECT_FALSE(limiter.Admit("users/li.si", kStart).ok());
}

TEST(TokenBucketLimiterTest, TheRefusalSaysWhenToRetry) {
  TokenBucketLimiter limiter(kLimit);
  AdmittedOf(limiter, "users/li.si", kStart, 40);
  const absl::Status refused = limiter.Admit("users/li.si", kStart);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(refused.message(),
            "users/li.si: more than 20 calls per second (burst 40); retry in 50ms");
  const auto info = status::GetErrorInfo(refused);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "gateway.crm");
  EXPECT_EQ(info->reason(), "RATE_LIMITED");
  EXPECT_EQ(info->metadata().at("principal"), "users/li.si");
  EXPECT_EQ(info->metadata().at("limit"), "20");
  EXPECT_EQ(info->metadata().at("burst"), "40");
  // An empty bucket has its next token after 1/per_second.
  EXPECT_EQ(status::GetRetryDelay(refused), absl::Milliseconds(50));
}

TEST(TokenBucketLimiterTest, TheRetryDelayIsWhatRemainsRoundedUp) {
  TokenBucketLimiter limiter({.per_second = 3, .burst = 1});
  ASSERT_TRUE(limiter.Admit("k", kStart).ok());
  // 1/3 s = 333.33 ms; 100 ms later 233.33 ms remain.
  EXPECT_EQ(status::GetRetryDelay(limiter.Admit("k", kStart)), absl::Milliseconds(334));
  EXPECT_EQ(status::GetRetryDelay(limiter.Admit("k", kStart + absl::Milliseconds(100))),
            absl::Milliseconds(234));
  // Never 0: a nanosecond before the token, the delay is still 1 ms.
  EXPECT_EQ(status::GetRetryDelay(
                limiter.Admit("k", kStart + absl::Seconds(1) / 3 - absl::Nanoseconds(1))),
            absl::Milliseconds(1));
}

TEST(TokenBucketLimiterTest, TokensComeBackWithTime) {
  TokenBucketLimiter limiter(kLimit);
  AdmittedOf(limiter, "users/li.si", kStart, 40);
  ASSERT_FALSE(limiter.Admit("users/li.si", kStart).ok());
  EXPECT_FALSE(limiter.Admit("users/li.si", kStart + absl::Milliseconds(49)).ok());
  EXPECT_TRUE(limiter.Admit("users/li.si", kStart + absl::Milliseconds(50)).ok());
  EXPECT_FALSE(limiter.Admit("users/li.si", kStart + absl::Milliseconds(50)).ok());
  // Half a second refills 10 tokens, one second 20; never more than the burst.
  EXPECT_EQ(AdmittedOf(limiter, "users/li.si", kStart + absl::Milliseconds(550), 100), 10);
  EXPECT_EQ(AdmittedOf(limiter, "users/li.si", kStart + absl::Seconds(60), 100), 40);
}

TEST(TokenBucketLimiterTest, KeysHaveTheirOwnBuckets) {
  TokenBucketLimiter limiter(kLimit);
  AdmittedOf(limiter, "users/li.si", kStart, 40);
  EXPECT_FALSE(limiter.Admit("users/li.si", kStart).ok());
  EXPECT_EQ(AdmittedOf(limiter, "users/zhang.san", kStart, 50), 40);
}

TEST(TokenBucketLimiterTest, UnlimitedAdmitsEverythingAndTracksNothing) {
  TokenBucketLimiter limiter({.per_second = 0, .burst = 0});
  EXPECT_EQ(AdmittedOf(limiter, "users/li.si", kStart, 10000), 10000);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(TokenBucketLimiterTest, ABurstBelowOneStillAdmitsOneCall) {
  TokenBucketLimiter limiter({.per_second = 1, .burst = 0});
  EXPECT_EQ(AdmittedOf(limiter, "k", kStart, 5), 1);
}

TEST(TokenBucketLimiterTest, TheTableStaysWithinItsBound) {
  constexpr size_t kMaxKeys = 64;
  TokenBucketLimiter limiter(kLimit, kMaxKeys);
  // Idle keys make room: every 10th round is 3 s later, when all are full.
  for (int i = 0; i < 10000; ++i) {
    const absl::Time now = kStart + absl::Seconds(3) * (i / 10);
    ASSERT_TRUE(limiter.Admit(absl::StrCat("users/idle-", i), now).ok());
    ASSERT_LE(limiter.size(), kMaxKeys);
  }
  // All at one instant, so no bucket is idle: the fullest make room.
  const absl::Time busy = kStart + absl::Hours(1);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(limiter.Admit(absl::StrCat("users/busy-", i), busy).ok());
    ASSERT_LE(limiter.size(), kMaxKeys);
  }
  // A key in use keeps its bucket while others come and go.
  const absl::Time later = busy + absl::Hours(1);
  EXPECT_EQ(AdmittedOf(limiter, "users/li.si", later, 40), 40);
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE(limiter.Admit(absl::StrCat("users/new-", i), later).ok());
  EXPECT_FALSE(limiter.Admit("users/li.si", later).ok());
  EXPECT_LE(limiter.size(), kMaxKeys);
}

TEST(TokenBucketLimiterTest, ConcurrentCallsGetNoMoreThanTheLimit) {
  constexpr RateLimit kFast{.per_second = 1000, .burst = 50};
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 20000;
  TokenBucketLimiter limiter(kFast);
  // A shared clock that each call moves on by a microsecond: threads pass
  // times slightly out of order, as real callers do.
  std::atomic<int64_t> ticks{0};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        const absl::Time now = kStart + absl::Microseconds(ticks.fetch_add(1));
        if (limiter.Admit("users/li.si", now).ok()) ++admitted;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Microseconds(ticks.load()));
  EXPECT_GE(admitted.load(), kFast.burst);
  EXPECT_LE(admitted.load(), kFast.burst + kFast.per_second * elapsed);
}

}  // namespace
}  // namespace crm::rate_limit
