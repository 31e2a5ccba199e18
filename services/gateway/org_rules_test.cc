#include "services/gateway/org_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

auth::v1::Principal Actor(std::string org_unit, std::vector<std::string> roles) {
  auth::v1::Principal actor;
  actor.set_user("users/someone");
  actor.set_org_unit(OrgUnitName(org_unit));
  for (auto& role : roles) actor.add_roles(role);
  return actor;
}

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(OrgFieldsTest, DisplayNamesCountCharactersNotBytes) {
  EXPECT_EQ(DisplayNameError("华东子公司"), std::nullopt);
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "华";  // 300 bytes, 100 characters
  EXPECT_EQ(DisplayNameError(hundred), std::nullopt);
  EXPECT_THAT(DisplayNameError(hundred + "东"), Optional(HasSubstr("101 characters")));
  EXPECT_THAT(DisplayNameError(""), Optional(HasSubstr("required")));
  EXPECT_THAT(DisplayNameError("a\nb"), Optional(HasSubstr("control")));
}

TEST(OrgFieldsTest, Emails) {
  EXPECT_EQ(EmailError(""), std::nullopt);
  EXPECT_EQ(EmailError("li.si@example.com"), std::nullopt);
  for (const char* bad : {"li.si", "@example.com", "li@", "a@b@c", "li si@example.com"}) {
    EXPECT_TRUE(EmailError(bad).has_value()) << bad;
  }
}

TEST(OrgFieldsTest, Roles) {
  EXPECT_EQ(RolesError({"sales", "org_admin"}), std::nullopt);
  EXPECT_THAT(RolesError({}), Optional(HasSubstr("at least one")));
  EXPECT_THAT(RolesError({"admin"}),
              Optional(HasSubstr("'admin' is not a role; use one of hq_admin")));
  EXPECT_THAT(RolesError({"sales", "sales"}), Optional(HasSubstr("twice")));
}

TEST(OrgKindsTest, SubsidiariesSitUnderHqAndThereIsOneRoot) {
  EXPECT_EQ(ChildKindError(v1::OrgUnit::HEADQUARTERS, v1::OrgUnit::SUBSIDIARY), std::nullopt);
  EXPECT_EQ(ChildKindError(v1::OrgUnit::SUBSIDIARY, v1::OrgUnit::TEAM), std::nullopt);
  EXPECT_EQ(ChildKindError(v1::OrgUnit::TEAM, v1::OrgUnit::TEAM), std::nullopt);
  EXPECT_THAT(ChildKindError(v1::OrgUnit::SUBSIDIARY, v1::OrgUnit::SUBSIDIARY),
              Optional(HasSubstr("directly under HQ")));
  EXPECT_THAT(ChildKindError(v1::OrgUnit::HEADQUARTERS, v1::OrgUnit::HEADQUARTERS),
              Optional(HasSubstr("one HEADQUARTERS")));
  EXPECT_THAT(ChildKindError(v1::OrgUnit::HEADQUARTERS, v1::OrgUnit::KIND_UNSPECIFIED),
              Optional(HasSubstr("required")));
}

TEST(OrgReachTest, HqAdminReachesEverything) {
  EXPECT_TRUE(
      RequireReach(Actor("hq", {"hq_admin"}), "orgUnits/team-a", {"hq", "sub-east", "team-a"})
          .ok());
}

TEST(OrgReachTest, OrgAdminReachesOwnSubtreeOnly) {
  const auto admin = Actor("sub-east", {"org_admin"});
  EXPECT_TRUE(RequireReach(admin, "orgUnits/sub-east", {"hq", "sub-east"}).ok());
  EXPECT_TRUE(RequireReach(admin, "users/x", {"hq", "sub-east", "team-a"}).ok());
  const absl::Status sibling = RequireReach(admin, "orgUnits/sub-west", {"hq", "sub-west"});
  EXPECT_EQ(sibling.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(sibling), "OUTSIDE_ORG_SUBTREE");
  EXPECT_THAT(sibling.message(), HasSubstr("orgUnits/sub-west is outside orgUnits/sub-east"));
  EXPECT_FALSE(RequireReach(admin, "orgUnits/hq", {"hq"}).ok());
}

TEST(OrgReachTest, OtherRolesReachNothing) {
  EXPECT_FALSE(
      RequireReach(Actor("sub-east", {"sales"}), "orgUnits/sub-east", {"hq", "sub-east"}).ok());
  EXPECT_FALSE(RequireReach(Actor("hq", {"viewer"}), "orgUnits/hq", {"hq"}).ok());
}

TEST(OrgGrantTest, OnlyHqAdminGrantsHqAdmin) {
  EXPECT_TRUE(RequireGrantable(Actor("hq", {"hq_admin"}), {"hq_admin"}).ok());
  EXPECT_TRUE(RequireGrantable(Actor("sub-east", {"org_admin"}), {"sales", "org_admin"}).ok());
  const absl::Status denied =
      RequireGrantable(Actor("sub-east", {"org_admin"}), {"sales", "hq_admin"});
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(denied), "ROLE_NOT_GRANTABLE");
}

TEST(OrgGrantTest, OnlyHqAdminGrantsStrategy) {
  EXPECT_TRUE(RequireGrantable(Actor("hq", {"hq_admin"}), {"strategy"}).ok());
  EXPECT_TRUE(RequireGrantable(Actor("hq", {"hq_admin"}), {"sales", "strategy"}).ok());
  for (const auth::v1::Principal& actor :
       {Actor("sub-east", {"org_admin"}), Actor("hq", {"org_admin"}), Actor("hq", {"strategy"}),
        Actor("hq", {"org_admin", "strategy"})}) {
    const absl::Status denied = RequireGrantable(actor, {"viewer", "strategy"});
    EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << actor.DebugString();
    EXPECT_EQ(Reason(denied), "ROLE_NOT_GRANTABLE");
    EXPECT_THAT(denied.message(), HasSubstr("the role strategy"));
  }
  // An org admin still grants the roles of their subsidiary.
  EXPECT_TRUE(RequireGrantable(Actor("sub-east", {"org_admin"}),
                               {"sales", "service", "viewer", "legal", "finance"})
                  .ok());
}

TEST(OrgRulesTest, AnUnknownKindIsNamedNotCalledMissing) {
  EXPECT_EQ(ChildKindError(v1::OrgUnit::HEADQUARTERS, static_cast<v1::OrgUnit::Kind>(77)),
            "77 is not a known Kind; use SUBSIDIARY or TEAM");
}

TEST(OrgRulesTest, LongAndNonAsciiIdsAreQuotedShortAndAsValidUtf8) {
  const std::optional<std::string> long_id = UserIdError(std::string(10000, 'a'));
  ASSERT_TRUE(long_id.has_value());
  EXPECT_LT(long_id->size(), 200u) << *long_id;
  EXPECT_THAT(*long_id, HasSubstr("(10000 characters)"));
  // "li华" has a byte of 华 where an id character should be: the message shows
  // the byte escaped rather than splitting the character.
  EXPECT_EQ(UserIdError("li华"), "'li华' has '\\xE5'; use only [a-z0-9._-]");
}

}  // namespace
}  // namespace crm::gateway
