#include "libs/auth/service_principal.h"

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/roles.h"

namespace crm::auth {
namespace {

TEST(ServicePrincipalTest, SeesEverythingAsAServiceForAShortWhile) {
  const v1::Principal principal = ServicePrincipal("services/hierarchy", absl::Minutes(2));
  EXPECT_EQ(principal.user(), "services/hierarchy");
  EXPECT_TRUE(HasRole(principal, kRoleService));
  EXPECT_FALSE(HasRole(principal, kRoleHqAdmin));
  EXPECT_TRUE(ScopeOf(principal).all);
  const absl::Time expires = absl::FromUnixSeconds(principal.expire_time().seconds());
  EXPECT_GT(expires, absl::Now() + absl::Seconds(100));
  EXPECT_LE(expires, absl::Now() + absl::Minutes(2));
}

}  // namespace
}  // namespace crm::auth
