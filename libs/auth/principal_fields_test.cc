#include "libs/auth/principal_fields.h"

#include "gtest/gtest.h"

namespace crm::auth {
namespace {

TEST(WithPrefixTest, AddsThePrefixOnlyWhenMissing) {
  EXPECT_EQ(WithPrefix("users/", "li.si"), "users/li.si");
  EXPECT_EQ(WithPrefix("users/", "users/li.si"), "users/li.si");
  EXPECT_EQ(WithPrefix("orgUnits/", ""), "orgUnits/");
}

TEST(SetExpireTimeTest, KeepsSecondsAndNanoseconds) {
  v1::Principal principal;
  const absl::Time expire = absl::FromUnixSeconds(1800000000) + absl::Nanoseconds(123456789);
  SetExpireTime(principal, expire);
  EXPECT_EQ(principal.expire_time().seconds(), 1800000000);
  EXPECT_EQ(principal.expire_time().nanos(), 123456789);
}

}  // namespace
}  // namespace crm::auth
