#include "libs/auth/development_principal.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/principal_key.h"
#include "libs/auth/principal_signer.h"
#include "libs/auth/principal_verifier.h"

namespace crm::auth {
namespace {

using ::testing::ElementsAre;

absl::Time ExpireTime(const v1::Principal& p) {
  return absl::FromUnixSeconds(p.expire_time().seconds()) +
         absl::Nanoseconds(p.expire_time().nanos());
}

TEST(DevelopmentPrincipalTest, FillsNamesScopeAndExpiry) {
  const absl::Time before = absl::Now();
  const v1::Principal p =
      DevelopmentPrincipal("alice", "sub-east", {"sales", "viewer"}, absl::Minutes(10));
  const absl::Time after = absl::Now();
  EXPECT_EQ(p.user(), "users/alice");
  EXPECT_EQ(p.org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(p.org_unit_path(), ElementsAre("orgUnits/sub-east"));
  EXPECT_THAT(p.scope_org_units(), ElementsAre("orgUnits/sub-east"));
  EXPECT_THAT(p.roles(), ElementsAre("sales", "viewer"));
  EXPECT_FALSE(p.global_scope());
  EXPECT_GE(ExpireTime(p), before + absl::Minutes(10));
  EXPECT_LE(ExpireTime(p), after + absl::Minutes(10));
  EXPECT_GE(p.expire_time().nanos(), 0);
  EXPECT_LT(p.expire_time().nanos(), 1'000'000'000);
}

TEST(DevelopmentPrincipalTest, HqAdminGetsGlobalScope) {
  EXPECT_TRUE(DevelopmentPrincipal("root", "hq", {"hq_admin"}).global_scope());
}

TEST(DevelopmentPrincipalTest, AcceptsPrefixedNames) {
  const v1::Principal p = DevelopmentPrincipal("users/alice", "orgUnits/sub-east", {});
  EXPECT_EQ(p.user(), "users/alice");
  EXPECT_EQ(p.org_unit(), "orgUnits/sub-east");
}

TEST(DevelopmentPrincipalTest, VerifiesWithTheDevelopmentKey) {
  const std::string key = DevelopmentKey();
  const absl::StatusOr<v1::Principal> verified = PrincipalVerifier(key).Verify(
      PrincipalSigner(key).Sign(DevelopmentPrincipal("a", "b", {"sales"})), absl::Now());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->user(), "users/a");
}

}  // namespace
}  // namespace crm::auth
