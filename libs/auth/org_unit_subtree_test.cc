#include "libs/auth/org_unit_subtree.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Principal East() {
  v1::Principal p;
  p.set_user("users/li.si");
  p.set_org_unit("orgUnits/sub-east");
  p.add_org_unit_path("orgUnits/hq");
  p.add_org_unit_path("orgUnits/sub-east");
  p.add_scope_org_units("orgUnits/sub-east-sh");
  p.add_scope_org_units("orgUnits/sub-east-hz");
  return p;
}

TEST(OrgUnitSubtreeTest, TheCallersOwnUnitIsItsWholeScope) {
  absl::StatusOr<OrgUnitSubtree> subtree = OrgUnitAndBelow(East(), "orgUnits/sub-east", "x.crm");
  ASSERT_TRUE(subtree.ok()) << subtree.status();
  EXPECT_FALSE(subtree->everything);
  EXPECT_THAT(subtree->org_units,
              ElementsAre("orgUnits/sub-east", "orgUnits/sub-east-hz", "orgUnits/sub-east-sh"));
}

TEST(OrgUnitSubtreeTest, AUnitBelowTheCallersIsItselfOnly) {
  absl::StatusOr<OrgUnitSubtree> subtree = OrgUnitAndBelow(East(), "orgUnits/sub-east-sh", "x.crm");
  ASSERT_TRUE(subtree.ok()) << subtree.status();
  EXPECT_FALSE(subtree->everything);
  EXPECT_THAT(subtree->org_units, ElementsAre("orgUnits/sub-east-sh"));
}

TEST(OrgUnitSubtreeTest, HqNamingItsOwnUnitNarrowsNothing) {
  v1::Principal hq;
  hq.set_user("users/admin");
  hq.set_org_unit("orgUnits/hq");
  hq.set_global_scope(true);
  absl::StatusOr<OrgUnitSubtree> own = OrgUnitAndBelow(hq, "orgUnits/hq", "x.crm");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_TRUE(own->everything);
  EXPECT_THAT(own->org_units, IsEmpty());
  absl::StatusOr<OrgUnitSubtree> other = OrgUnitAndBelow(hq, "orgUnits/sub-west", "x.crm");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_FALSE(other->everything);
  EXPECT_THAT(other->org_units, ElementsAre("orgUnits/sub-west"));
}

TEST(OrgUnitSubtreeTest, AUnitOutsideTheScopeIsRefusedByName) {
  absl::StatusOr<OrgUnitSubtree> subtree = OrgUnitAndBelow(East(), "orgUnits/sub-west", "x.crm");
  ASSERT_EQ(subtree.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status::GetErrorInfo(subtree.status())->reason(), "ORG_UNIT_NOT_IN_SCOPE");
  EXPECT_THAT(std::string(subtree.status().message()),
              ::testing::HasSubstr("orgUnits/sub-west is outside the data scope of users/li.si"));
  // Its parent too: a unit above the caller's is not in its scope.
  EXPECT_EQ(OrgUnitAndBelow(East(), "orgUnits/hq", "x.crm").status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace crm::auth
