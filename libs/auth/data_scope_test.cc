#include "libs/auth/data_scope.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/roles.h"

namespace crm::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DataScopeTest, GlobalScopeContainsEverything) {
  v1::Principal p;
  p.set_org_unit("orgUnits/hq");
  p.set_global_scope(true);
  const DataScope scope = ScopeOf(p);
  EXPECT_TRUE(scope.all);
  EXPECT_TRUE(scope.Contains("orgUnits/anything"));
}

TEST(DataScopeTest, OrgUnitsAreSortedUniqueAndIncludeTheOwnUnit) {
  v1::Principal p;
  p.set_org_unit("orgUnits/sub-east");
  p.add_scope_org_units("orgUnits/sub-east-sh");
  p.add_scope_org_units("orgUnits/sub-east-hz");
  p.add_scope_org_units("orgUnits/sub-east-sh");
  p.add_scope_org_units("");
  const DataScope scope = ScopeOf(p);
  EXPECT_FALSE(scope.all);
  EXPECT_THAT(scope.org_units,
              ElementsAre("orgUnits/sub-east", "orgUnits/sub-east-hz", "orgUnits/sub-east-sh"));
  EXPECT_TRUE(scope.Contains("orgUnits/sub-east"));
  EXPECT_TRUE(scope.Contains("orgUnits/sub-east-hz"));
  EXPECT_FALSE(scope.Contains("orgUnits/sub-west"));
  EXPECT_FALSE(scope.Contains("orgUnits/sub"));
  EXPECT_FALSE(scope.Contains(""));
}

TEST(DataScopeTest, EmptyPrincipalSeesNothing) {
  const DataScope scope = ScopeOf(v1::Principal());
  EXPECT_FALSE(scope.all);
  EXPECT_THAT(scope.org_units, IsEmpty());
  EXPECT_FALSE(scope.Contains("orgUnits/hq"));
}

TEST(RolesTest, HasRoleMatchesWholeNames) {
  v1::Principal p;
  p.add_roles(kRoleSales);
  p.add_roles(kRoleViewer);
  EXPECT_TRUE(HasRole(p, kRoleSales));
  EXPECT_TRUE(HasRole(p, "viewer"));
  EXPECT_FALSE(HasRole(p, kRoleHqAdmin));
  EXPECT_FALSE(HasRole(p, "sale"));
  EXPECT_FALSE(HasRole(p, ""));
}

}  // namespace
}  // namespace crm::auth
