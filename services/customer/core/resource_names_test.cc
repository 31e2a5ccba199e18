#include "services/customer/core/resource_names.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

constexpr char kId[] = "0b9f7a52-3c1d-4e8f-9a6b-1c2d3e4f5a6b";

TEST(ResourceNamesTest, CustomerNames) {
  EXPECT_EQ(ParseCustomerName(std::string("customers/") + kId), kId);
  EXPECT_FALSE(ParseCustomerName("customers/").has_value());
  EXPECT_FALSE(ParseCustomerName(std::string("customer/") + kId).has_value());
  // Either case, as RFC 4122 and the hierarchy accept; stored in lower case.
  EXPECT_EQ(ParseCustomerName("customers/0B9F7A52-3C1D-4E8F-9A6B-1C2D3E4F5A6B"), kId);
  EXPECT_FALSE(ParseCustomerName("customers/1; DROP TABLE x").has_value());
}

TEST(ResourceNamesTest, ContactNames) {
  const std::string name = std::string("customers/") + kId + "/contacts/" + kId;
  auto id = ParseContactName(name);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->customer_id, kId);
  EXPECT_EQ(id->contact_id, kId);
  EXPECT_FALSE(ParseContactName(std::string("customers/") + kId).has_value());
  EXPECT_FALSE(ParseContactName(std::string("customers/") + kId + "/people/" + kId).has_value());
}

TEST(ResourceNamesTest, OrgUnitsAndUsers) {
  EXPECT_TRUE(IsOrgUnitName("orgUnits/sub-east"));
  EXPECT_FALSE(IsOrgUnitName("orgUnits/"));
  EXPECT_FALSE(IsOrgUnitName("orgUnits/Sub_East"));
  EXPECT_FALSE(IsOrgUnitName("sub-east"));
  EXPECT_TRUE(IsUserName("users/zhang.san"));
  EXPECT_FALSE(IsUserName("users/zhang san"));
  // The gateway creates user ids of up to 64 characters.
  EXPECT_TRUE(IsUserName("users/" + std::string(64, 'a')));
  EXPECT_FALSE(IsUserName("users/" + std::string(65, 'a')));
}

}  // namespace
}  // namespace crm::customer
