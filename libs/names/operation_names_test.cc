#include "libs/names/operation_names.h"

#include "gtest/gtest.h"

namespace crm::names {
namespace {

constexpr char kUuid[] = "3f2a6c1e-9b7d-4e2a-8c3f-1a2b3c4d5e6f";

TEST(OperationNamesTest, FormatsWithTheService) {
  EXPECT_EQ(OperationName("customer", kUuid), std::string("operations/customer/") + kUuid);
}

TEST(OperationNamesTest, ParsesNewStyle) {
  const std::optional<OperationNameParts> parts =
      ParseOperationName(OperationName("hierarchy", "op_1-2"));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->service, "hierarchy");
  EXPECT_EQ(parts->id, "op_1-2");
  EXPECT_FALSE(parts->legacy);
}

TEST(OperationNamesTest, OldStyleIsTheCustomerServices) {
  const std::optional<OperationNameParts> parts =
      ParseOperationName(std::string("operations/") + kUuid);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->service, "customer");
  EXPECT_EQ(parts->id, kUuid);
  EXPECT_TRUE(parts->legacy);
}

TEST(OperationNamesTest, RefusesMalformed) {
  for (const char* name :
       {"", "operations", "operations/", "operations//x", "operations/customer/",
        "operations/customer/a/b", "operation/customer/x", "operations/Customer/x",
        "operations/1abc/x", "operations/cust-omer/x", "operations/1; DELETE FROM x",
        "operations/customer/a b", "operations/customer/\xff", "customers/x"}) {
    EXPECT_FALSE(ParseOperationName(name).has_value()) << name;
  }
  EXPECT_FALSE(ParseOperationName("operations/" + std::string(65, 'a')).has_value());
  EXPECT_TRUE(ParseOperationName("operations/" + std::string(64, 'a')).has_value());
  EXPECT_FALSE(ParseOperationName("operations/" + std::string(31, 'a') + "/x").has_value());
}

TEST(OperationNamesTest, Collection) {
  EXPECT_EQ(ParseOperationCollection(""), "customer");
  EXPECT_EQ(ParseOperationCollection("operations"), "customer");
  EXPECT_EQ(ParseOperationCollection("operations/"), "customer");
  EXPECT_EQ(ParseOperationCollection("operations/hierarchy"), "hierarchy");
  EXPECT_FALSE(ParseOperationCollection("bad").has_value());
  EXPECT_FALSE(ParseOperationCollection("operations/customer/x").has_value());
  EXPECT_FALSE(ParseOperationCollection("operations/Bad").has_value());
}

TEST(OperationNamesTest, ApiServiceOf) {
  EXPECT_EQ(ApiServiceOf("crm.customer.v1.CustomerService"), "customer");
  EXPECT_EQ(ApiServiceOf("crm.hierarchy.v12.HierarchyService"), "hierarchy");
  EXPECT_FALSE(ApiServiceOf("google.longrunning.Operations").has_value());
  EXPECT_FALSE(ApiServiceOf("crm.customer.CustomerService").has_value());
  EXPECT_FALSE(ApiServiceOf("crm.customer.vx.CustomerService").has_value());
  EXPECT_FALSE(ApiServiceOf("crm.customer.v1.").has_value());
}

}  // namespace
}  // namespace crm::names
