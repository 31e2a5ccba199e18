#include "libs/replicas/group/node_names.h"

#include "gtest/gtest.h"

namespace crm::replicas {
namespace {

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

}  // namespace
}  // namespace crm::replicas
