#include "tools/crmctl/hierarchy_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/hierarchy_values.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using ::testing::HasSubstr;

// The message of the usage error `request` must be.
template <typename Request>
std::string UsageMessage(const absl::StatusOr<Request>& request) {
  EXPECT_FALSE(request.ok());
  if (request.ok()) return "";
  EXPECT_TRUE(IsUsageError(request.status())) << request.status();
  return std::string(request.status().message());
}

TEST(HierarchyRequestsTest, TreeTakesANodeOrACustomerByFullName) {
  absl::StatusOr<v1::ListSubtreeRequest> request =
      BuildListSubtreeRequest(Parse({"hierarchy", "tree", "nodes/n1", "--depth", "2"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "nodes/n1");
  EXPECT_EQ(request->max_depth(), 2);

  request = BuildListSubtreeRequest(Parse({"hierarchy", "tree", "customers/c1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "");  // the command finds the group root
  EXPECT_EQ(request->max_depth(), 0);

  absl::StatusOr<NodeOrCustomer> target = ParseNodeOrCustomer("customers/c1");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->customer, "customers/c1");
  EXPECT_EQ(target->node, "");

  EXPECT_EQ(UsageMessage(BuildListSubtreeRequest(Parse({"hierarchy", "tree", "n1"}))),
            "\"n1\" is not customers/{customer} or nodes/{node}");
  EXPECT_THAT(UsageMessage(BuildListSubtreeRequest(
                  Parse({"hierarchy", "tree", "nodes/n1", "--depth", "-1"}))),
              HasSubstr("--depth: \"-1\" is not a number of levels"));
  EXPECT_THAT(UsageMessage(BuildListSubtreeRequest(Parse({"hierarchy", "tree", "nodes/a/b"}))),
              HasSubstr("is not a node id or a name nodes/{node}"));
}

TEST(HierarchyRequestsTest, AttachACustomerWithEdgeOwnershipAndDate) {
  absl::StatusOr<v1::AttachNodeRequest> request = BuildAttachNodeRequest(
      Parse({"--request-id", "r-1", "hierarchy", "attach", "n1", "--customer", "c9", "--edge",
             "CONTROLLED", "--ownership", "51.25", "--effective-from", "2024-02-29"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "nodes/n1");
  EXPECT_EQ(request->node().kind(), v1::Node::CUSTOMER);
  EXPECT_EQ(request->node().customer(), "customers/c9");
  EXPECT_EQ(request->node().edge_type(), v1::CONTROLLED);
  EXPECT_EQ(request->node().ownership_percent(), "51.25");
  EXPECT_EQ(request->node().effective_from(), "2024-02-29");
  EXPECT_EQ(request->request_id(), "r-1");

  request = BuildAttachNodeRequest(Parse(
      {"hierarchy", "attach", "nodes/n1", "--customer", "customers/c9", "--edge", "wholly_owned"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->node().edge_type(), v1::WHOLLY_OWNED);
  EXPECT_EQ(request->node().ownership_percent(), "");
}

TEST(HierarchyRequestsTest, AttachADepartmentOrBusinessLine) {
  absl::StatusOr<v1::AttachNodeRequest> request =
      BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--department", "采购部"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->node().kind(), v1::Node::DEPARTMENT);
  EXPECT_EQ(request->node().display_name(), "采购部");
  EXPECT_EQ(request->node().edge_type(), v1::DEPARTMENT);

  request = BuildAttachNodeRequest(
      Parse({"hierarchy", "attach", "n1", "--business-line", "物流", "--edge", "Department"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->node().kind(), v1::Node::BUSINESS_LINE);
  EXPECT_EQ(request->node().edge_type(), v1::DEPARTMENT);
}

TEST(HierarchyRequestsTest, AttachRefusesFlagsThatDoNotGoTogether) {
  EXPECT_EQ(UsageMessage(
                BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--edge", "branch"}))),
            "give what to attach: --customer, --department or "
            "--business-line");
  EXPECT_EQ(
      UsageMessage(BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--customer", "c1",
                                                 "--department", "x", "--edge", "branch"}))),
      "give only one of --customer, --department and --business-line");
  EXPECT_EQ(UsageMessage(
                BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--customer", "c1"}))),
            "--edge is required: "
            "wholly-owned|controlled|affiliate|branch|department");
  EXPECT_EQ(UsageMessage(BuildAttachNodeRequest(
                Parse({"hierarchy", "attach", "n1", "--customer", "c1", "--edge", "subsidiary"}))),
            "--edge: unknown value \"subsidiary\"; use one of "
            "wholly-owned|controlled|affiliate|branch|department");
  EXPECT_THAT(UsageMessage(BuildAttachNodeRequest(Parse(
                  {"hierarchy", "attach", "n1", "--customer", "c1", "--edge", "department"}))),
              HasSubstr("a customer hangs by wholly-owned"));
  EXPECT_EQ(UsageMessage(BuildAttachNodeRequest(
                Parse({"hierarchy", "attach", "n1", "--department", "x", "--edge", "branch"}))),
            "a department hangs by --edge department, not branch");
  EXPECT_EQ(
      UsageMessage(BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--customer", "c1",
                                                 "--edge", "branch", "--ownership", "10"}))),
      "--ownership is for wholly-owned, controlled and affiliate "
      "edges, not branch");
  EXPECT_EQ(
      UsageMessage(BuildAttachNodeRequest(Parse({"hierarchy", "attach", "n1", "--customer", "c1",
                                                 "--edge", "controlled", "--ownership", "abc"}))),
      "--ownership: \"abc\" is not a percentage from 0 to 100, e.g. "
      "51.25");
  EXPECT_EQ(UsageMessage(BuildAttachNodeRequest(
                Parse({"hierarchy", "attach", "n1", "--customer", "c1", "--edge", "affiliate",
                       "--effective-from", "2023-02-29"}))),
            "--effective-from: \"2023-02-29\" is not a day of the calendar");
  EXPECT_THAT(UsageMessage(BuildAttachNodeRequest(Parse(
                  {"hierarchy", "attach", "n1", "--customer", "nodes/x", "--edge", "affiliate"}))),
              HasSubstr("--customer: \"nodes/x\" is not a customer id"));
}

TEST(HierarchyRequestsTest, MoveNeedsTheNewParentAndTheEdge) {
  absl::StatusOr<v1::MoveNodeRequest> request =
      BuildMoveNodeRequest(Parse({"hierarchy", "move", "n2", "--to", "nodes/n7", "--edge",
                                  "affiliate", "--ownership", "20%", "--etag", "e5"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "nodes/n2");
  EXPECT_EQ(request->new_parent(), "nodes/n7");
  EXPECT_EQ(request->edge_type(), v1::AFFILIATE);
  EXPECT_EQ(request->ownership_percent(), "20");
  EXPECT_EQ(request->etag(), "e5");

  EXPECT_EQ(
      UsageMessage(BuildMoveNodeRequest(Parse({"hierarchy", "move", "n2", "--edge", "branch"}))),
      "--to is required");
  EXPECT_THAT(UsageMessage(BuildMoveNodeRequest(Parse({"hierarchy", "move", "n2", "--to", "n7"}))),
              HasSubstr("--edge is required"));
  EXPECT_THAT(UsageMessage(BuildMoveNodeRequest(
                  Parse({"hierarchy", "move", "n2", "--to", "nodes/n2", "--edge", "branch"}))),
              HasSubstr("a node cannot hang under itself"));
}

TEST(HierarchyRequestsTest, CreateGroupDetachAndRollupNameTheirTarget) {
  absl::StatusOr<v1::CreateGroupRequest> group = BuildCreateGroupRequest(
      Parse({"hierarchy", "create-group", "customers/c1", "--request-id", "r-2"}));
  ASSERT_TRUE(group.ok()) << group.status();
  EXPECT_EQ(group->customer(), "customers/c1");
  EXPECT_EQ(group->request_id(), "r-2");

  absl::StatusOr<v1::DetachNodeRequest> detach =
      BuildDetachNodeRequest(Parse({"hierarchy", "detach", "n3", "--etag", "e1"}));
  ASSERT_TRUE(detach.ok()) << detach.status();
  EXPECT_EQ(detach->name(), "nodes/n3");
  EXPECT_EQ(detach->etag(), "e1");

  absl::StatusOr<v1::GetRollupRequest> rollup =
      BuildGetRollupRequest(Parse({"hierarchy", "rollup", "nodes/n3"}));
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->name(), "nodes/n3");
}

TEST(HierarchyValuesTest, OwnershipIsZeroToHundredWithTwoDecimals) {
  EXPECT_EQ(*NormalizeOwnershipPercent("0"), "0");
  EXPECT_EQ(*NormalizeOwnershipPercent("100"), "100");
  EXPECT_EQ(*NormalizeOwnershipPercent("100.00"), "100.00");
  EXPECT_EQ(*NormalizeOwnershipPercent("007.5"), "7.5");
  EXPECT_EQ(*NormalizeOwnershipPercent("51.25%"), "51.25");
  for (const char* bad : {"", "%", "-1", "1e2", "51.", ".5", "51,25", "+5", " 5", "100.01", "101",
                          "1000", "51.255"}) {
    EXPECT_FALSE(NormalizeOwnershipPercent(bad).ok()) << bad;
  }
}

TEST(HierarchyValuesTest, DatesMustExist) {
  EXPECT_TRUE(CheckDate("2024-02-29").ok());
  EXPECT_TRUE(CheckDate("2000-02-29").ok());
  EXPECT_FALSE(CheckDate("1900-02-29").ok());
  EXPECT_FALSE(CheckDate("2024-04-31").ok());
  EXPECT_FALSE(CheckDate("2024-13-01").ok());
  EXPECT_FALSE(CheckDate("2024-1-01").ok());
  EXPECT_FALSE(CheckDate("2024/01/01").ok());
}

}  // namespace
}  // namespace crm::crmctl
