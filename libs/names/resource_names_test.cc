#include "libs/names/resource_names.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/names/name_field.h"

namespace crm::names {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

constexpr char kUuid[] = "0a1b2c3d-0000-4000-8000-00000000000f";
constexpr char kUpperUuid[] = "0A1B2C3D-0000-4000-8000-00000000000F";

TEST(UuidTest, AcceptsEitherCaseAndTheDashesWhereTheyBelong) {
  EXPECT_TRUE(IsUuid(kUuid));
  EXPECT_TRUE(IsUuid(kUpperUuid));
  EXPECT_FALSE(IsUuid("0a1b2c3d00004000800000000000000f"));      // no dashes
  EXPECT_FALSE(IsUuid("0a1b2c3d-0000-4000-8000-00000000000g"));  // not hex
  EXPECT_FALSE(IsUuid("0a1b2c3d-0000-4000-8000-00000000000"));   // 35 characters
  EXPECT_FALSE(IsUuid("0a1b2c3d-0000-4000-8000-00000000000f0"));
  EXPECT_FALSE(IsUuid("0a1b2c3d+0000-4000-8000-00000000000f"));
  EXPECT_FALSE(IsUuid(""));
}

TEST(CustomerNameTest, AnUpperCaseUuidNamesTheSameCustomer) {
  EXPECT_THAT(ParseCustomerName(std::string("customers/") + kUuid), Optional(std::string(kUuid)));
  EXPECT_THAT(ParseCustomerName(std::string("customers/") + kUpperUuid),
              Optional(std::string(kUuid)));
  EXPECT_FALSE(ParseCustomerName("customers/123").has_value());
  EXPECT_FALSE(ParseCustomerName(std::string("nodes/") + kUuid).has_value());
  EXPECT_FALSE(ParseCustomerName(std::string("customers/") + kUuid + "/").has_value());
  EXPECT_EQ(CustomerName(kUuid), std::string("customers/") + kUuid);
}

TEST(ContactNameTest, SplitsBothIdsInLowerCase) {
  const std::string name = std::string("customers/") + kUpperUuid + "/contacts/" +
                           "1A1B2C3D-0000-4000-8000-00000000000F";
  std::optional<ContactIds> ids = ParseContactName(name);
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(ids->customer_id, kUuid);
  EXPECT_EQ(ids->contact_id, "1a1b2c3d-0000-4000-8000-00000000000f");
  EXPECT_EQ(ContactName(ids->customer_id, ids->contact_id),
            std::string("customers/") + kUuid + "/contacts/1a1b2c3d-0000-4000-8000-00000000000f");
  EXPECT_FALSE(ParseContactName(std::string("customers/") + kUuid).has_value());
  EXPECT_FALSE(
      ParseContactName(std::string("customers/") + kUuid + "/persons/" + kUuid).has_value());
  EXPECT_FALSE(ParseContactName(std::string("customers/") + kUuid + "/contacts/x").has_value());
}

TEST(UserNameTest, AcceptsEveryIdTheGatewayCreatesUpTo64Characters) {
  const std::string longest(kMaxUserIdLength, 'a');
  EXPECT_THAT(ParseUserName("users/" + longest), Optional(longest));
  EXPECT_FALSE(ParseUserName("users/" + longest + "a").has_value());
  EXPECT_THAT(ParseUserName("users/li.si"), Optional(std::string("li.si")));
  EXPECT_THAT(ParseUserName("users/9-x_y"), Optional(std::string("9-x_y")));
  EXPECT_FALSE(ParseUserName("users/a").has_value()) << "at least 2 characters";
  EXPECT_FALSE(ParseUserName("users/.li").has_value());
  EXPECT_FALSE(ParseUserName("users/Li").has_value());
  EXPECT_FALSE(ParseUserName("users/li si").has_value());
  EXPECT_FALSE(ParseUserName("users/li,si").has_value()) << "ids join with commas in SQL";
  EXPECT_FALSE(ParseUserName("orgUnits/li.si").has_value());
  EXPECT_EQ(UserName("li.si"), "users/li.si");
}

TEST(OrgUnitNameTest, TwoToFortyCharactersStartingWithALetter) {
  EXPECT_THAT(ParseOrgUnitName("orgUnits/sub-east"), Optional(std::string("sub-east")));
  EXPECT_THAT(ParseOrgUnitName("orgUnits/" + std::string(40, 'a')), Optional(std::string(40, 'a')));
  EXPECT_FALSE(ParseOrgUnitName("orgUnits/" + std::string(41, 'a')).has_value());
  EXPECT_FALSE(ParseOrgUnitName("orgUnits/9east").has_value());
  EXPECT_FALSE(ParseOrgUnitName("orgUnits/sub_east").has_value());
  EXPECT_FALSE(ParseOrgUnitName("orgUnits/").has_value());
  EXPECT_FALSE(ParseOrgUnitName("sub-east").has_value());
  EXPECT_EQ(OrgUnitName("hq"), "orgUnits/hq");
}

TEST(IdErrorTest, SaysWhatIsWrong) {
  EXPECT_THAT(UserIdError(std::string(65, 'a')).value_or(""), HasSubstr("2-64 characters"));
  EXPECT_THAT(UserIdError("-a").value_or(""), HasSubstr("must start with"));
  EXPECT_THAT(OrgUnitIdError("ab_c").value_or(""), HasSubstr("use only [a-z0-9-]"));
  EXPECT_FALSE(OrgUnitIdError("ab-c").has_value());
}

TEST(NameFieldTest, AViolationNamesTheFieldAndShowsAnExample) {
  status::FieldViolations violations;
  EXPECT_EQ(CustomerIdOr(std::string("customers/") + kUpperUuid, "customer", violations), kUuid);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(UserIdOr("", "member", violations), "");
  EXPECT_EQ(OrgUnitIdOr("orgUnits/X", "parent", violations), "");
  ASSERT_EQ(violations.size(), 2u);
  const auto& bad = violations.bad_request().field_violations();
  EXPECT_EQ(bad[0].field(), "member");
  EXPECT_EQ(bad[0].description(), "member: is required, e.g. users/li.si");
  EXPECT_EQ(bad[1].field(), "parent");
  EXPECT_THAT(bad[1].description(), HasSubstr("is not an org unit name like orgUnits/sub-east"));
}

TEST(NodeNamesTest, ParsesPositiveDecimalIds) {
  EXPECT_EQ(ParseNodeName("nodes/1"), 1);
  EXPECT_EQ(ParseNodeName("nodes/123456789012345678"), 123456789012345678);
  EXPECT_EQ(NodeName(42), "nodes/42");
  EXPECT_EQ(ParseNodeName(NodeName(9007199254740993)), 9007199254740993);
}

TEST(NodeNamesTest, RefusesEverythingElse) {
  for (const char* bad :
       {"", "nodes/", "nodes/0", "nodes/007", "nodes/-1", "nodes/1.5", "nodes/12a", "node/1",
        "Nodes/1", "nodes/1/", " nodes/1", "nodes/1234567890123456789", "customers/1"}) {
    EXPECT_EQ(ParseNodeName(bad), std::nullopt) << bad;
  }
}

TEST(DealNamesTest, OpportunitiesAndContractsAreLowerCaseUuids) {
  EXPECT_EQ(ParseOpportunityName("opportunities/0A0B0C0D-0000-4000-8000-00000000000F"),
            "0a0b0c0d-0000-4000-8000-00000000000f");
  EXPECT_EQ(ParseContractName("contracts/0a0b0c0d-0000-4000-8000-00000000000f"),
            "0a0b0c0d-0000-4000-8000-00000000000f");
  EXPECT_EQ(ParseOpportunityName("contracts/0a0b0c0d-0000-4000-8000-00000000000f"), std::nullopt);
  EXPECT_EQ(ParseContractName("contracts/42"), std::nullopt);
  EXPECT_EQ(OpportunityName("x"), "opportunities/x");
  EXPECT_EQ(ContractName("y"), "contracts/y");
}

}  // namespace
}  // namespace crm::names
