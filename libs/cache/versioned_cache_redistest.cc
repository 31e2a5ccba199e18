#include <memory>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/cache/versioned_cache.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/redis_process.h"

namespace crm::cache {
namespace {

class VersionedCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<crm::testing::RedisProcess>> redis =
        crm::testing::RedisProcess::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    cache_ = NewCache();
  }

  std::unique_ptr<VersionedCache> NewCache() {
    RedisOptions options;
    options.port = redis_->port();
    options.command_timeout = absl::Milliseconds(50);
    options.retry_interval = absl::Milliseconds(20);
    return std::make_unique<VersionedCache>(options, "test:", absl::Seconds(30));
  }

  std::unique_ptr<crm::testing::RedisProcess> redis_;
  std::unique_ptr<VersionedCache> cache_;
};

TEST_F(VersionedCacheTest, StoresAndReturnsBinaryPayloads) {
  const std::string payload("a\0b:V9:\xff", 8);
  EXPECT_FALSE(cache_->Get("c1").has_value());
  cache_->Put("c1", 3, payload);
  EXPECT_EQ(cache_->Get("c1"), payload);
  EXPECT_EQ(cache_->RawGet("test:c1"), crm::StrCat("V3:", payload));
}

TEST_F(VersionedCacheTest, NeverReplacesANewerVersion) {
  cache_->Put("c1", 5, "five");
  cache_->Put("c1", 4, "four");
  EXPECT_EQ(cache_->Get("c1"), "five");
  cache_->Put("c1", 6, "six");
  EXPECT_EQ(cache_->Get("c1"), "six");
}

TEST_F(VersionedCacheTest, InvalidateRefusesALatePutOfAnOlderRead) {
  cache_->Put("c1", 1, "one");
  // A reader loaded version 1; meanwhile a writer commits 2 and invalidates.
  cache_->Invalidate("c1", 2);
  EXPECT_FALSE(cache_->Get("c1").has_value());
  cache_->Put("c1", 1, "one (late)");
  EXPECT_FALSE(cache_->Get("c1").has_value()) << "an older read must not refill the cache";
  cache_->Put("c1", 2, "two");
  EXPECT_EQ(cache_->Get("c1"), "two");
}

TEST_F(VersionedCacheTest, AHungRedisThatComesBackIsNotServedStale) {
  cache_->Put("c1", 1, "one");
  redis_->Pause();
  cache_->Invalidate("c1", 2);  // cannot reach Redis: queued
  EXPECT_EQ(cache_->pending_invalidations(), 1u);
  EXPECT_FALSE(cache_->Get("c1").has_value());
  redis_->Resume();
  // The first read after the outage replays the invalidation before reading.
  for (int i = 0; i < 50 && cache_->pending_invalidations() > 0; ++i) {
    EXPECT_FALSE(cache_->Get("c1").has_value());
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(cache_->pending_invalidations(), 0u);
  EXPECT_FALSE(cache_->Get("c1").has_value());
  EXPECT_EQ(cache_->RawGet("test:c1"), "T2:");
}

TEST_F(VersionedCacheTest, AStoppedRedisIsAMissNotAnError) {
  redis_->Stop();
  cache_->Put("c1", 1, "one");
  EXPECT_FALSE(cache_->Get("c1").has_value());
  ASSERT_TRUE(redis_->Restart().ok());
  absl::SleepFor(absl::Milliseconds(30));  // past the back-off window
  cache_->Put("c1", 1, "one");
  EXPECT_EQ(cache_->Get("c1"), "one");
  EXPECT_TRUE(cache_->available());
}

}  // namespace
}  // namespace crm::cache
