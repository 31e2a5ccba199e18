#include "services/hierarchy/hierarchy_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::hierarchy {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(NamesTest, NodesAndCustomers) {
  EXPECT_THAT(ParseNodeName("nodes/42"), Optional(42));
  for (const char* bad : {"nodes/", "nodes/0", "nodes/042", "nodes/-1", "nodes/4a", "node/4",
                          "nodes/1234567890123456789"}) {
    EXPECT_FALSE(ParseNodeName(bad).has_value()) << bad;
  }
  EXPECT_EQ(NodeName(7), "nodes/7");
  EXPECT_THAT(ParseCustomerName("customers/0A1B2C3D-0000-4000-8000-00000000000F"),
              Optional(std::string("0a1b2c3d-0000-4000-8000-00000000000f")));
  EXPECT_FALSE(ParseCustomerName("customers/123").has_value());
  EXPECT_FALSE(ParseCustomerName("nodes/0a1b2c3d-0000-4000-8000-00000000000f").has_value());
}

TEST(OwnershipTest, ParsesPercentagesWithTwoDecimals) {
  EXPECT_EQ(*ParseOwnershipPercent("51.25"), 5125);
  EXPECT_EQ(*ParseOwnershipPercent("100"), 10000);
  EXPECT_EQ(*ParseOwnershipPercent("0"), 0);
  EXPECT_EQ(*ParseOwnershipPercent("7.5"), 750);
  EXPECT_EQ(*ParseOwnershipPercent("100.00"), 10000);
  for (const char* bad : {"", "100.01", "101", "-1", "51.255", "51.", ".5", "5 1", "1e2", "abc"}) {
    const auto parsed = ParseOwnershipPercent(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_THAT(parsed.status().message(), HasSubstr("0 to 100"));
    }
  }
  EXPECT_EQ(FormatOwnershipPercent(5125), "51.25");
  EXPECT_EQ(FormatOwnershipPercent(10000), "100.00");
  EXPECT_EQ(FormatOwnershipPercent(5), "0.05");
}

TEST(EdgeTest, CustomersAndDepartmentsHangByTheirOwnEdges) {
  EXPECT_EQ(EdgeError(v1::Node::CUSTOMER, v1::CONTROLLED, 5125), std::nullopt);
  EXPECT_EQ(EdgeError(v1::Node::CUSTOMER, v1::BRANCH, std::nullopt), std::nullopt);
  EXPECT_EQ(EdgeError(v1::Node::CUSTOMER, v1::WHOLLY_OWNED, 10000), std::nullopt);
  EXPECT_EQ(EdgeError(v1::Node::DEPARTMENT, v1::DEPARTMENT, std::nullopt), std::nullopt);
  EXPECT_THAT(EdgeError(v1::Node::CUSTOMER, v1::DEPARTMENT, std::nullopt),
              Optional(HasSubstr("a customer hangs by")));
  EXPECT_THAT(EdgeError(v1::Node::BUSINESS_LINE, v1::AFFILIATE, std::nullopt),
              Optional(HasSubstr("DEPARTMENT edge")));
  EXPECT_THAT(EdgeError(v1::Node::CUSTOMER, v1::EDGE_TYPE_UNSPECIFIED, std::nullopt),
              Optional(HasSubstr("required")));
  EXPECT_THAT(EdgeError(v1::Node::CUSTOMER, v1::BRANCH, 5000),
              Optional(HasSubstr("BRANCH edge has no ownership share")));
  EXPECT_THAT(EdgeError(v1::Node::CUSTOMER, v1::WHOLLY_OWNED, 9900),
              Optional(HasSubstr("100% owned, not 99.00%")));
}

TEST(DateTest, RealCalendarDatesOnly) {
  EXPECT_EQ(DateError(""), std::nullopt);
  EXPECT_EQ(DateError("2024-02-29"), std::nullopt);
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-5", "20240105", "2024-01-05T00"}) {
    EXPECT_TRUE(DateError(bad).has_value()) << bad;
  }
}

TEST(OwnerScopeTest, HqOrTheOwnersSubtree) {
  auth::v1::Principal hq;
  hq.set_user("users/admin");
  hq.set_org_unit("orgUnits/hq");
  hq.set_global_scope(true);
  EXPECT_TRUE(RequireOwnerScope(hq, "orgUnits/sub-east", "nodes/1").ok());
  auth::v1::Principal east;
  east.set_user("users/li.si");
  east.set_org_unit("orgUnits/sub-east");
  east.add_scope_org_units("orgUnits/sub-east");
  east.add_scope_org_units("orgUnits/east-team");
  EXPECT_TRUE(RequireOwnerScope(east, "orgUnits/east-team", "nodes/1").ok());
  const absl::Status west = RequireOwnerScope(east, "orgUnits/sub-west", "nodes/9");
  EXPECT_EQ(west.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(west.message(), HasSubstr("nodes/9 belongs to orgUnits/sub-west"));
}

TEST(PathTest, WithinMeansAtOrBelowByLabel) {
  EXPECT_TRUE(IsWithin("1.22.333", "1.22"));
  EXPECT_TRUE(IsWithin("1.22", "1.22"));
  EXPECT_FALSE(IsWithin("1.222", "1.22"));  // a label, not a text prefix
  EXPECT_FALSE(IsWithin("1", "1.22"));
}

TEST(EdgeTest, AnUnknownEdgeTypeIsNamedNotCalledMissing) {
  EXPECT_EQ(EdgeError(v1::Node::CUSTOMER, static_cast<v1::EdgeType>(77), std::nullopt),
            "77 is not a known EdgeType; use one of WHOLLY_OWNED, CONTROLLED, AFFILIATE or "
            "BRANCH");
  EXPECT_EQ(EdgeError(v1::Node::DEPARTMENT, static_cast<v1::EdgeType>(-3), std::nullopt),
            "-3 is not a known EdgeType; use DEPARTMENT");
  EXPECT_EQ(EdgeError(v1::Node::CUSTOMER, v1::EDGE_TYPE_UNSPECIFIED, std::nullopt),
            "required; use one of WHOLLY_OWNED, CONTROLLED, AFFILIATE or BRANCH");
}

TEST(OwnershipPercentTest, ALongValueIsQuotedShort) {
  const absl::StatusOr<int32_t> parsed = ParseOwnershipPercent(std::string(10000, '5'));
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.status().message().size(), 200u);
}

}  // namespace
}  // namespace crm::hierarchy
