#include "libs/replicas/group/group_change.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::replicas {
namespace {

using ::testing::HasSubstr;
using Event = hierarchy::v1::HierarchyEvent;
using Action = GroupChange::Action;

constexpr char kCustomer[] = "customers/0B3E6C9A-1D2F-4A5B-8C7D-9E0F1A2B3C4D";
constexpr char kCustomerId[] = "0b3e6c9a-1d2f-4a5b-8c7d-9e0f1a2b3c4d";

Event NodeEvent(Event::Type type, std::vector<std::string> path,
                hierarchy::v1::Node::Kind kind = hierarchy::v1::Node::CUSTOMER) {
  Event event;
  event.set_event_id("e-1");
  event.set_type(type);
  event.set_node(path.back());
  for (const std::string& name : path) event.add_path(name);
  event.set_kind(kind);
  if (kind == hierarchy::v1::Node::CUSTOMER) event.set_customer(kCustomer);
  event.set_version(3);
  return event;
}

TEST(GroupChangeTest, AnAttachedCustomerIsUpsertedAtItsPathInItsGroup) {
  absl::StatusOr<GroupChange> change =
      GroupChangeOf(NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/5", "nodes/9"}));
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->action, Action::kUpsert);
  EXPECT_EQ(change->node_id, 9);
  EXPECT_EQ(change->root_id, 1);
  EXPECT_EQ(change->path, "1.5.9");
  EXPECT_EQ(change->parent_path, "1.5");
  EXPECT_EQ(change->customer_id, kCustomerId);
  EXPECT_EQ(change->version, 3);
}

TEST(GroupChangeTest, AGroupsRootIsItsOwnGroupWithoutParent) {
  absl::StatusOr<GroupChange> change = GroupChangeOf(NodeEvent(Event::GROUP_CREATED, {"nodes/7"}));
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->action, Action::kUpsert);
  EXPECT_EQ(change->root_id, 7);
  EXPECT_EQ(change->path, "7");
  EXPECT_EQ(change->parent_path, "");
}

TEST(GroupChangeTest, ADepartmentStandsForNoCustomerThoughTheFeedNamesItsCustomers) {
  Event event =
      NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/4"}, hierarchy::v1::Node::DEPARTMENT);
  event.set_customer(kCustomer);  // the feed names the department's customer
  absl::StatusOr<GroupChange> change = GroupChangeOf(event);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->customer_id, "");
}

TEST(GroupChangeTest, MovesAndDetachesCarryBothPaths) {
  Event moved = NodeEvent(Event::NODE_MOVED, {"nodes/1", "nodes/6", "nodes/5"});
  moved.add_previous_path("nodes/1");
  moved.add_previous_path("nodes/5");
  absl::StatusOr<GroupChange> move = GroupChangeOf(moved);
  ASSERT_TRUE(move.ok()) << move.status();
  EXPECT_EQ(move->action, Action::kMoveSubtree);
  EXPECT_EQ(move->previous_path, "1.5");
  EXPECT_EQ(move->path, "1.6.5");
  EXPECT_EQ(move->parent_path, "1.6");
  EXPECT_EQ(move->root_id, 1);

  Event detached = NodeEvent(Event::NODE_DETACHED, {"nodes/5"});
  detached.add_previous_path("nodes/1");
  detached.add_previous_path("nodes/6");
  detached.add_previous_path("nodes/5");
  absl::StatusOr<GroupChange> detach = GroupChangeOf(detached);
  ASSERT_TRUE(detach.ok()) << detach.status();
  EXPECT_EQ(detach->action, Action::kMoveSubtree);
  EXPECT_EQ(detach->previous_path, "1.6.5");
  EXPECT_EQ(detach->path, "5");
  EXPECT_EQ(detach->parent_path, "");
  EXPECT_EQ(detach->root_id, 5);
}

TEST(GroupChangeTest, ADeleteNamesWhereTheNodeWas) {
  absl::StatusOr<GroupChange> change = GroupChangeOf(
      NodeEvent(Event::NODE_DELETED, {"nodes/1", "nodes/4"}, hierarchy::v1::Node::DEPARTMENT));
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->action, Action::kDelete);
  EXPECT_EQ(change->node_id, 4);
  EXPECT_EQ(change->version, 3);
}

TEST(GroupChangeTest, UnknownTypesAreIgnored) {
  Event event;
  event.set_event_id("e-9");
  absl::StatusOr<GroupChange> change = GroupChangeOf(event);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->action, Action::kIgnore);
}

TEST(GroupChangeTest, MalformedEventsAreRefusedNamingTheEventAndField) {
  Event no_path = NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/9"});
  no_path.clear_path();
  Event wrong_end = NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/9"});
  wrong_end.set_node("nodes/8");
  Event bad_element = NodeEvent(Event::NODE_ATTACHED, {"nodes/x", "nodes/9"});
  Event bad_customer = NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/9"});
  bad_customer.set_customer("customers/42");
  Event move_without_previous = NodeEvent(Event::NODE_MOVED, {"nodes/1", "nodes/9"});
  Event bad_node = NodeEvent(Event::NODE_ATTACHED, {"nodes/1", "nodes/9"});
  bad_node.set_node("nodes/09");

  const std::pair<Event, const char*> cases[] = {{no_path, "path:"},
                                                 {wrong_end, "path:"},
                                                 {bad_element, "path:"},
                                                 {bad_customer, "customer:"},
                                                 {move_without_previous, "previous_path:"},
                                                 {bad_node, "node:"}};
  for (const auto& [event, field] : cases) {
    absl::StatusOr<GroupChange> change = GroupChangeOf(event);
    EXPECT_EQ(change.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_THAT(change.status().message(), HasSubstr("hierarchy event e-1")) << field;
    EXPECT_THAT(change.status().message(), HasSubstr(field));
  }
}

}  // namespace
}  // namespace crm::replicas
