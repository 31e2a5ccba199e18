#include "libs/config/service_flags.h"

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

namespace crm::config {
namespace {

TEST(ServiceFlagsTest, AnEmptyListenIsTheBinarysOwnAddress) {
  absl::SetFlag(&FLAGS_listen, "");
  EXPECT_EQ(ListenAddressOr("127.0.0.1:50052"), "127.0.0.1:50052");
  absl::SetFlag(&FLAGS_listen, "0.0.0.0:8080");
  EXPECT_EQ(ListenAddressOr("127.0.0.1:50052"), "0.0.0.0:8080");
  absl::SetFlag(&FLAGS_listen, "");
}

TEST(ServiceFlagsTest, TheSharedDefaultsAreTheLocalServers) {
  EXPECT_EQ(absl::GetFlag(FLAGS_pg_dsn), "host=127.0.0.1 port=15432 user=crm dbname=crm");
  EXPECT_EQ(absl::GetFlag(FLAGS_redis_address), "127.0.0.1:16379");
  EXPECT_EQ(absl::GetFlag(FLAGS_pg_pool_size), 8);
  EXPECT_TRUE(absl::GetFlag(FLAGS_migrate));
}

}  // namespace
}  // namespace crm::config
