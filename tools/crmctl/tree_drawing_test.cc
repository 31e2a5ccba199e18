#include "tools/crmctl/tree_drawing.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/hierarchy_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using ::testing::ElementsAre;
using Nodes = google::protobuf::RepeatedPtrField<v1::Node>;

void Add(Nodes* nodes, const std::string& id, const std::string& parent, int depth,
         const std::string& display_name = "") {
  v1::Node* node = nodes->Add();
  node->set_name("nodes/" + id);
  if (!parent.empty()) node->set_parent("nodes/" + parent);
  node->set_depth(depth);
  node->set_display_name(display_name.empty() ? id : display_name);
}

std::string DisplayName(const v1::Node& node) { return node.display_name(); }

TEST(TreeDrawingTest, NothingListedDrawsNothing) {
  EXPECT_TRUE(DrawTree(Nodes(), DisplayName).empty());
}

TEST(TreeDrawingTest, MiddleChildrenBranchAndTheLastClosesTheColumn) {
  Nodes nodes;
  // Breadth-first, as ListSubtree lists them.
  Add(&nodes, "root", "", 0);
  Add(&nodes, "a", "root", 1);
  Add(&nodes, "b", "root", 1);
  Add(&nodes, "c", "root", 1);
  Add(&nodes, "a1", "a", 2);
  Add(&nodes, "a2", "a", 2);
  Add(&nodes, "c1", "c", 2);
  EXPECT_THAT(DrawTree(nodes, DisplayName),
              ElementsAre("root",        //
                          "├── a",       //
                          "│   ├── a1",  //
                          "│   └── a2",  //
                          "├── b",       //
                          "└── c",       //
                          "    └── c1"));
}

TEST(TreeDrawingTest, ChildrenKeepTheOrderListed) {
  Nodes nodes;
  Add(&nodes, "r", "", 3);
  Add(&nodes, "z", "r", 4);
  Add(&nodes, "m", "r", 4);
  Add(&nodes, "a", "r", 4);
  EXPECT_THAT(DrawTree(nodes, DisplayName), ElementsAre("r", "├── z", "├── m", "└── a"));
}

TEST(TreeDrawingTest, ASubtreeStartsAtItsTopWhoseParentIsNotListed) {
  Nodes nodes;
  Add(&nodes, "sub", "root", 2);
  Add(&nodes, "x", "sub", 3);
  EXPECT_THAT(DrawTree(nodes, DisplayName), ElementsAre("sub", "└── x"));
}

TEST(TreeDrawingTest, ADeepTreeKeepsEveryColumn) {
  Nodes nodes;
  constexpr int kDepth = 2000;
  Add(&nodes, "n0", "", 0);
  for (int i = 1; i <= kDepth; ++i) {
    Add(&nodes, "n" + std::to_string(i), "n" + std::to_string(i - 1), i);
  }
  // A sibling of n1 keeps the column under the root open down to the end.
  Add(&nodes, "side", "n0", 1);
  const std::vector<std::string> lines = DrawTree(nodes, DisplayName);
  ASSERT_EQ(lines.size(), kDepth + 2u);
  EXPECT_EQ(lines[0], "n0");
  EXPECT_EQ(lines[1], "├── n1");
  EXPECT_EQ(lines[2], "│   └── n2");
  EXPECT_EQ(lines[3], "│       └── n3");
  std::string deepest = "│   ";
  for (int i = 2; i < kDepth; ++i) deepest += "    ";
  deepest += "└── n" + std::to_string(kDepth);
  EXPECT_EQ(lines[kDepth], deepest);
  EXPECT_EQ(lines.back(), "└── side");
}

TEST(TreeDrawingTest, NodesWhoseParentIsMissingHangUnderAStandIn) {
  Nodes nodes;
  Add(&nodes, "root", "", 0);
  Add(&nodes, "a", "root", 1);
  // The page with nodes/b was lost; its children still show, once each.
  Add(&nodes, "b1", "b", 2);
  Add(&nodes, "a1", "a", 2);
  Add(&nodes, "b2", "b", 2);
  Add(&nodes, "b11", "b1", 3);
  EXPECT_THAT(DrawTree(nodes, DisplayName),
              ElementsAre("root",                     //
                          "└── a",                    //
                          "    └── a1",               //
                          "… nodes/b  (not listed)",  //
                          "├── b1",                   //
                          "│   └── b11",              //
                          "└── b2"));
}

TEST(TreeDrawingTest, ANodeListedTwiceIsDrawnOnce) {
  Nodes nodes;
  Add(&nodes, "root", "", 0);
  Add(&nodes, "a", "root", 1);
  Add(&nodes, "a", "root", 1);
  EXPECT_THAT(DrawTree(nodes, DisplayName), ElementsAre("root", "└── a"));
}

TEST(TreeDrawingTest, ALoopOfParentsIsCutNotFollowedForever) {
  Nodes nodes;
  Add(&nodes, "root", "", 0);
  Add(&nodes, "a", "b", 1);
  Add(&nodes, "b", "a", 2);
  EXPECT_THAT(DrawTree(nodes, DisplayName), ElementsAre("root", "a  (parent nodes/b)", "└── b"));
}

TEST(TreeDrawingTest, ALabelIsOneLine) {
  Nodes nodes;
  Add(&nodes, "root", "", 0, "华信\n能源");
  EXPECT_THAT(DrawTree(nodes, DisplayName), ElementsAre("华信 能源"));
}

TEST(TreeDrawingTest, NodeLinesShowEdgeOwnershipAndOwner) {
  Nodes nodes;
  auto add = [&](const std::string& id, const std::string& parent, int depth,
                 const std::string& display_name, v1::Node::Kind kind, v1::EdgeType edge,
                 const std::string& percent, const std::string& owner) {
    Add(&nodes, id, parent, depth, display_name);
    v1::Node& node = *nodes.rbegin();
    node.set_kind(kind);
    node.set_edge_type(edge);
    node.set_ownership_percent(percent);
    node.set_owner_org_unit("orgUnits/" + owner);
  };
  add("g", "", 0, "浙江能源集团有限公司", v1::Node::CUSTOMER, v1::EDGE_TYPE_UNSPECIFIED, "",
      "sub-east");
  add("s", "g", 1, "浙江能源销售有限公司", v1::Node::CUSTOMER, v1::WHOLLY_OWNED, "100", "sub-east");
  add("p", "g", 1, "宁波港务有限公司", v1::Node::CUSTOMER, v1::CONTROLLED, "51.25", "sub-north");
  add("h", "s", 2, "杭州分公司", v1::Node::CUSTOMER, v1::BRANCH, "", "sub-east");
  add("d", "p", 2, "采购部", v1::Node::DEPARTMENT, v1::DEPARTMENT, "", "sub-north");
  add("l", "p", 2, "物流业务", v1::Node::BUSINESS_LINE, v1::DEPARTMENT, "", "sub-north");
  add("f", "p", 2, "舟山参股公司", v1::Node::CUSTOMER, v1::AFFILIATE, "20", "sub-north");
  EXPECT_THAT(DrawTree(nodes, NodeLine),
              ElementsAre("浙江能源集团有限公司  [customer]  owner orgUnits/sub-east",
                          "├── 浙江能源销售有限公司  wholly owned 100%  owner orgUnits/sub-east",
                          "│   └── 杭州分公司  branch  owner orgUnits/sub-east",
                          "└── 宁波港务有限公司  controlled 51.25%  owner orgUnits/sub-north",
                          "    ├── 采购部  department  owner orgUnits/sub-north",
                          "    ├── 物流业务  business line  owner orgUnits/sub-north",
                          "    └── 舟山参股公司  affiliate 20%  owner orgUnits/sub-north"));
}

}  // namespace
}  // namespace crm::crmctl
