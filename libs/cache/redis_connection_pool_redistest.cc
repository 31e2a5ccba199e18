#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/cache/redis_connection_pool.h"
#include "libs/testing/redis_process.h"

namespace crm::cache {
namespace {

int CountLines(const std::string& text, std::string_view needle) {
  int n = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StrContains(line, absl::string_view(needle.data(), needle.size()))) ++n;
  }
  return n;
}

// A frozen Redis (SIGSTOP) still accepts connections, so a pool that took a
// connection for recovery logged "reachable again" and "unavailable" at
// every retry. Now the outage is one line each way, with the count.
TEST(RedisConnectionPoolTest, AFrozenRedisIsLoggedOnceDownAndOnceUpWithTheFailedCount) {
  absl::StatusOr<std::unique_ptr<crm::testing::RedisProcess>> redis =
      crm::testing::RedisProcess::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  RedisOptions options;
  options.port = (*redis)->port();
  options.command_timeout = absl::Milliseconds(20);
  options.retry_interval = absl::Milliseconds(10);
  RedisConnectionPool pool(options);
  ASSERT_TRUE(pool.Command({"PING"}).ok());

  ::testing::internal::CaptureStderr();
  (*redis)->Pause();
  int failed = 0;
  const absl::Time until = absl::Now() + absl::Milliseconds(800);
  while (absl::Now() < until) {
    if (!pool.Command({"PING"}).ok()) ++failed;
    absl::SleepFor(absl::Milliseconds(2));
  }
  (*redis)->Resume();
  absl::StatusOr<RedisReplyPtr> answer;
  for (int i = 0; i < 100 && !(answer = pool.Command({"PING"})).ok(); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const std::string log = ::testing::internal::GetCapturedStderr();

  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_GT(failed, 10) << "the frozen server should have failed many calls";
  EXPECT_EQ(CountLines(log, "redis unavailable"), 1) << log;
  EXPECT_EQ(CountLines(log, "redis reachable again"), 1) << log;
  EXPECT_TRUE(absl::StrContains(log, "\"failed_operations\":\"")) << log;
  EXPECT_FALSE(absl::StrContains(log, "\"failed_operations\":\"1\"")) << log;
}

}  // namespace
}  // namespace crm::cache
