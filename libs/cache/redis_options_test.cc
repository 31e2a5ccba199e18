#include "libs/cache/redis_options.h"

#include "gtest/gtest.h"

namespace crm::cache {
namespace {

TEST(ParseRedisAddressTest, ReadsHostAndPort) {
  absl::StatusOr<RedisOptions> options = ParseRedisAddress("10.0.0.7:6380");
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->host, "10.0.0.7");
  EXPECT_EQ(options->port, 6380);
}

TEST(ParseRedisAddressTest, RejectsWhatIsNotHostPort) {
  for (const char* bad : {"", "localhost", ":6379", "host:", "host:port", "host:0", "host:70000"}) {
    absl::StatusOr<RedisOptions> options = ParseRedisAddress(bad);
    ASSERT_FALSE(options.ok()) << bad;
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(options.status().message().find(bad), absl::string_view::npos)
        << "the error names the address: " << options.status();
  }
}

}  // namespace
}  // namespace crm::cache
