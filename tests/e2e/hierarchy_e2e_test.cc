// Customer group trees through the gateway, against the real customer
// service: structure, rules, scope, cache, concurrency and import.
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::hierarchy {
namespace {

using gateway::testing::Reason;
using gateway::testing::TokenFor;
using gateway::testing::With;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class HierarchyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gateway::GatewayConfig config;
    config.rate_limit = {.per_second = 5000, .burst = 5000};  // the concurrency test is busy
    servers_.Start("hierarchy_e2e", config);
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    gateway::testing::EnsureOrgUnit(org, "sub-east", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureOrgUnit(org, "sub-west", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureUser(org, "east", "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, "west", "sub-west", {"sales"});
    gateway::testing::EnsureUser(org, "looker", "sub-west", {"viewer"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override {
    ASSERT_NE(servers_.hierarchy_stub, nullptr) << "the suite did not start";
  }

  static v1::HierarchyService::Stub& tree() { return *servers_.hierarchy_stub; }

  // A customer owned by the org unit of `as`; returns "customers/{id}".
  static std::string NewCustomer(const std::string& as, const std::string& legal_name,
                                 std::string* uscc_out = nullptr) {
    customer::v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    const std::string uscc = customer::testing::NewUscc();
    request.mutable_customer()->set_uscc(uscc);
    request.mutable_customer()->set_industry("C");
    request.mutable_customer()->set_region("330100");
    customer::v1::Customer created;
    const grpc::Status status =
        servers_.gateway.customers->CreateCustomer(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (uscc_out != nullptr) *uscc_out = uscc;
    return created.name();
  }

  static v1::Node Group(const std::string& as, const std::string& customer) {
    v1::CreateGroupRequest request;
    request.set_customer(customer);
    v1::Node root;
    const grpc::Status status = tree().CreateGroup(With(TokenFor(as)).get(), request, &root);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return root;
  }

  static grpc::Status Attach(const std::string& as, const std::string& parent,
                             const std::string& customer, v1::EdgeType edge, v1::Node* out,
                             const std::string& ownership = "") {
    v1::AttachNodeRequest request;
    request.set_parent(parent);
    request.mutable_node()->set_kind(v1::Node::CUSTOMER);
    request.mutable_node()->set_customer(customer);
    request.mutable_node()->set_edge_type(edge);
    request.mutable_node()->set_ownership_percent(ownership);
    return tree().AttachNode(With(TokenFor(as)).get(), request, out);
  }

  static v1::Node Child(const std::string& as, const std::string& parent, const std::string& name) {
    v1::Node node;
    const grpc::Status status =
        Attach(as, parent, NewCustomer(as, name), v1::CONTROLLED, &node, "51.00");
    EXPECT_TRUE(status.ok()) << status.error_message();
    return node;
  }

  static grpc::Status Move(const std::string& as, const std::string& node,
                           const std::string& new_parent, v1::Node* out) {
    v1::MoveNodeRequest request;
    request.set_name(node);
    request.set_new_parent(new_parent);
    request.set_edge_type(v1::AFFILIATE);
    return tree().MoveNode(With(TokenFor(as)).get(), request, out);
  }

  static std::vector<std::string> Subtree(const std::string& top, int page_size = 2,
                                          int max_depth = 0) {
    std::vector<std::string> names;
    std::string token;
    do {
      v1::ListSubtreeRequest request;
      request.set_name(top);
      request.set_page_size(page_size);
      request.set_max_depth(max_depth);
      request.set_page_token(token);
      v1::ListSubtreeResponse page;
      const grpc::Status status =
          tree().ListSubtree(With(TokenFor("looker")).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& node : page.nodes()) names.push_back(node.name());
      token = page.next_page_token();
    } while (!token.empty());
    return names;
  }

  static std::string Sql(const std::string& sql) { return servers_.env->QueryValue(sql); }

  static absl::Status MergeCustomers(const std::string& as, const std::string& survivor,
                                     const std::string& merged) {
    customer::v1::MergeCustomersRequest request;
    request.set_survivor(survivor);
    request.add_merged(merged);
    customer::v1::MergeCustomersResponse response;
    return status::FromGrpc(
        servers_.gateway.customers->MergeCustomers(With(TokenFor(as)).get(), request, &response));
  }

  // Reads `node` until `done` holds or 15 s pass; the tree follows the
  // customer change feed.
  static v1::Node AwaitNode(const std::string& node,
                            absl::FunctionRef<bool(const grpc::Status&, const v1::Node&)> done) {
    v1::GetNodeRequest get;
    get.set_name(node);
    v1::Node read;
    grpc::Status status;
    const absl::Time give_up = absl::Now() + absl::Seconds(15);
    do {
      read.Clear();
      status = tree().GetNode(With(TokenFor("looker")).get(), get, &read);
      if (done(status, read)) break;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < give_up);
    return read;
  }

  static inline gateway::testing::SuiteServers servers_;
};

TEST_F(HierarchyTest, BuildsATreeAndReadsItBackBreadthFirst) {
  const v1::Node a = Group("east", NewCustomer("east", "浙江远景控股集团有限公司"));
  EXPECT_EQ(a.depth(), 0);
  EXPECT_EQ(a.root(), a.name());
  const v1::Node b = Child("east", a.name(), "浙江远景能源销售有限公司");
  const v1::Node c = Child("east", a.name(), "宁波远景港务有限公司");
  const v1::Node d = Child("east", b.name(), "杭州远景物流有限公司");
  EXPECT_EQ(d.depth(), 2);
  EXPECT_EQ(d.ownership_percent(), "51.00");
  EXPECT_EQ(d.owner_org_unit(), "orgUnits/sub-east");

  v1::AttachNodeRequest department;
  department.set_parent(c.name());
  department.mutable_node()->set_kind(v1::Node::DEPARTMENT);
  department.mutable_node()->set_display_name("采购部");
  v1::Node dept;
  ASSERT_TRUE(tree().AttachNode(With(TokenFor("east")).get(), department, &dept).ok());
  EXPECT_EQ(dept.edge_type(), v1::DEPARTMENT);
  EXPECT_EQ(dept.customer(), c.customer());  // it belongs to its customer

  v1::GetNodeRequest get;
  get.set_name(d.name());
  v1::Node read;
  ASSERT_TRUE(tree().GetNode(With(TokenFor("looker")).get(), get, &read).ok());
  EXPECT_THAT(read.ancestors(), ElementsAre(a.name(), b.name()));

  // Breadth-first, stable across pages of two.
  EXPECT_THAT(Subtree(a.name()), ElementsAre(a.name(), b.name(), c.name(), d.name(), dept.name()));
  EXPECT_THAT(Subtree(a.name(), 2, 1), ElementsAre(a.name(), b.name(), c.name()));
  EXPECT_THAT(Subtree(b.name()), ElementsAre(b.name(), d.name()));

  v1::ListChildrenRequest children;
  children.set_parent(a.name());
  v1::ListChildrenResponse listed;
  ASSERT_TRUE(tree().ListChildren(With(TokenFor("looker")).get(), children, &listed).ok());
  ASSERT_EQ(listed.nodes_size(), 2);
  EXPECT_EQ(listed.nodes(0).name(), b.name());
  EXPECT_EQ(listed.nodes(1).name(), c.name());

  v1::FindGroupRequest find;
  find.set_customer(d.customer());
  v1::FindGroupResponse found;
  ASSERT_TRUE(tree().FindGroup(With(TokenFor("looker")).get(), find, &found).ok());
  EXPECT_EQ(found.node().name(), d.name());
  EXPECT_EQ(found.root().name(), a.name());

  v1::GetRollupRequest rollup_request;
  rollup_request.set_name(a.name());
  v1::Rollup rollup;
  ASSERT_TRUE(tree().GetRollup(With(TokenFor("looker")).get(), rollup_request, &rollup).ok());
  EXPECT_EQ(rollup.total(), 5);
  EXPECT_EQ(rollup.depth(), 2);
  ASSERT_EQ(rollup.by_kind_size(), 2);
  EXPECT_EQ(rollup.by_kind(0).key(), "CUSTOMER");
  EXPECT_EQ(rollup.by_kind(0).count(), 4);
  ASSERT_EQ(rollup.by_owner_org_unit_size(), 1);
  EXPECT_EQ(rollup.by_owner_org_unit(0).key(), "orgUnits/sub-east");

  v1::ResolveSubtreeCustomersRequest resolve;
  resolve.add_names(b.name());
  resolve.add_names(c.name());
  v1::ResolveSubtreeCustomersResponse resolved;
  ASSERT_TRUE(
      tree().ResolveSubtreeCustomers(With(TokenFor("looker")).get(), resolve, &resolved).ok());
  ASSERT_EQ(resolved.subtrees_size(), 2);
  EXPECT_THAT(resolved.subtrees(0).customers(), UnorderedElementsAre(b.customer(), d.customer()));
  EXPECT_THAT(resolved.subtrees(1).customers(),
              ElementsAre(c.customer()));  // the department is not one
}

TEST_F(HierarchyTest, CyclesAndSecondParentsAreRefused) {
  const v1::Node a = Group("east", NewCustomer("east", "江苏恒通集团有限公司"));
  const v1::Node b = Child("east", a.name(), "江苏恒通电缆有限公司");
  const v1::Node c = Child("east", b.name(), "无锡恒通光电有限公司");
  v1::Node out;
  const grpc::Status cycle = Move("east", a.name(), c.name(), &out);
  EXPECT_EQ(cycle.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(cycle), "MOVE_WOULD_CYCLE");
  EXPECT_THAT(cycle.error_message(), HasSubstr(a.name()));
  EXPECT_THAT(cycle.error_message(), HasSubstr(c.name()));
  EXPECT_EQ(Move("east", b.name(), b.name(), &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const grpc::Status twice = Attach("east", a.name(), c.customer(), v1::AFFILIATE, &out);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Reason(twice), "CUSTOMER_ALREADY_PLACED");
  EXPECT_THAT(twice.error_message(), HasSubstr(c.name()));
  // Nothing moved.
  EXPECT_THAT(Subtree(a.name()), ElementsAre(a.name(), b.name(), c.name()));
}

TEST_F(HierarchyTest, OnlyLiveCustomersCanBePlaced) {
  const v1::Node a = Group("east", NewCustomer("east", "上海申联集团有限公司"));
  v1::Node out;
  const grpc::Status missing = Attach(
      "east", a.name(), "customers/00000000-0000-4000-8000-000000000001", v1::CONTROLLED, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(missing), "CUSTOMER_NOT_FOUND");

  const std::string gone = NewCustomer("east", "上海申联已注销有限公司");
  customer::v1::DeleteCustomerRequest remove;
  remove.set_name(gone);
  customer::v1::Customer deleted;
  ASSERT_TRUE(
      servers_.gateway.customers->DeleteCustomer(With(TokenFor("east")).get(), remove, &deleted)
          .ok());
  const grpc::Status dead = Attach("east", a.name(), gone, v1::CONTROLLED, &out);
  EXPECT_EQ(dead.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(dead), "CUSTOMER_DELETED");
}

TEST_F(HierarchyTest, BadEdgesAreEachNamed) {
  const v1::Node a = Group("east", NewCustomer("east", "福建闽兴集团有限公司"));
  v1::AttachNodeRequest request;
  request.set_parent(a.name());
  request.mutable_node()->set_kind(v1::Node::CUSTOMER);
  request.mutable_node()->set_customer(NewCustomer("east", "福建闽兴贸易有限公司"));
  request.mutable_node()->set_edge_type(v1::BRANCH);
  request.mutable_node()->set_ownership_percent("150");
  request.mutable_node()->set_effective_from("2024-02-30");
  v1::Node out;
  const grpc::Status status = tree().AttachNode(With(TokenFor("east")).get(), request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(status)))
    fields.push_back(v.field());
  EXPECT_THAT(fields, UnorderedElementsAre("node.ownership_percent", "node.effective_from"));
  request.mutable_node()->set_ownership_percent("30");
  request.mutable_node()->set_effective_from("2024-02-29");
  const grpc::Status branch = tree().AttachNode(With(TokenFor("east")).get(), request, &out);
  EXPECT_EQ(branch.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(branch.error_message(), HasSubstr("edge_type"));
}

// A wrong number is named as wrong, not reported as missing, and a long
// value is quoted short.
TEST_F(HierarchyTest, UnknownEnumNumbersAndLongNamesAreNamedPlainly) {
  const v1::Node a = Group("east", NewCustomer("east", "福建闽江集团有限公司"));
  auto only_violation = [](const grpc::Status& status) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    const auto violations = status::GetFieldViolations(status::FromGrpc(status));
    EXPECT_EQ(violations.size(), 1u) << status.error_message();
    return violations.empty() ? google::rpc::BadRequest::FieldViolation() : violations.front();
  };
  v1::Node out;
  const auto edge =
      only_violation(Attach("east", a.name(), NewCustomer("east", "福建闽江贸易有限公司"),
                            static_cast<v1::EdgeType>(77), &out));
  EXPECT_EQ(edge.field(), "node.edge_type");
  EXPECT_EQ(edge.description(),
            "node.edge_type: 77 is not a known EdgeType; use one of WHOLLY_OWNED, CONTROLLED, "
            "AFFILIATE or BRANCH");

  v1::AttachNodeRequest kind;
  kind.set_parent(a.name());
  kind.mutable_node()->set_kind(static_cast<v1::Node::Kind>(9));
  kind.mutable_node()->set_display_name("销售部");
  const auto kind_violation =
      only_violation(tree().AttachNode(With(TokenFor("east")).get(), kind, &out));
  EXPECT_EQ(kind_violation.field(), "node.kind");
  EXPECT_THAT(kind_violation.description(), HasSubstr("9 is not a known Kind"));

  v1::MoveNodeRequest move;
  move.set_name(a.name());
  move.set_new_parent(a.name());
  move.set_edge_type(static_cast<v1::EdgeType>(77));
  std::vector<std::string> move_fields;
  const grpc::Status moved = tree().MoveNode(With(TokenFor("east")).get(), move, &out);
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(moved))) {
    move_fields.push_back(v.field());
    if (v.field() == "edge_type") {
      EXPECT_THAT(v.description(), HasSubstr("77 is not a known"));
    }
  }
  EXPECT_THAT(move_fields, ::testing::Contains("edge_type"));

  v1::GetNodeRequest get;
  get.set_name("nodes/" + std::string(10000, 'x'));
  v1::Node got;
  const auto name = only_violation(tree().GetNode(With(TokenFor("east")).get(), get, &got));
  EXPECT_EQ(name.field(), "name");
  EXPECT_LT(name.description().size(), 200u);
}

TEST_F(HierarchyTest, MovesKeepEveryDescendantAndDetachMakesARoot) {
  const v1::Node a = Group("east", NewCustomer("east", "广东粤海集团有限公司"));
  const v1::Node b = Child("east", a.name(), "广东粤海水务有限公司");
  const v1::Node c = Child("east", b.name(), "深圳粤海水处理有限公司");
  const v1::Node d = Child("east", c.name(), "东莞粤海管网有限公司");
  const v1::Node x = Group("east", NewCustomer("east", "香港粤海投资有限公司"));
  const std::vector<std::string> before = Subtree(a.name());  // cached now

  v1::Node moved;
  const grpc::Status status = Move("east", b.name(), x.name(), &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(moved.parent(), x.name());
  EXPECT_EQ(moved.root(), x.name());
  EXPECT_EQ(moved.edge_type(), v1::AFFILIATE);
  EXPECT_NE(moved.etag(), b.etag());
  // The cache of the old tree does not outlive the move.
  EXPECT_THAT(before, ElementsAre(a.name(), b.name(), c.name(), d.name()));
  EXPECT_THAT(Subtree(a.name()), ElementsAre(a.name()));
  EXPECT_THAT(Subtree(x.name()), ElementsAre(x.name(), b.name(), c.name(), d.name()));
  v1::GetNodeRequest get;
  get.set_name(d.name());
  v1::Node deep;
  ASSERT_TRUE(tree().GetNode(With(TokenFor("east")).get(), get, &deep).ok());
  EXPECT_THAT(deep.ancestors(), ElementsAre(x.name(), b.name(), c.name()));
  EXPECT_EQ(deep.root(), x.name());

  // A stale etag is refused.
  v1::DetachNodeRequest detach;
  detach.set_name(c.name());
  detach.set_etag(c.etag());  // from before the move
  v1::Node detached;
  EXPECT_EQ(tree().DetachNode(With(TokenFor("east")).get(), detach, &detached).error_code(),
            grpc::StatusCode::ABORTED);
  detach.clear_etag();
  ASSERT_TRUE(tree().DetachNode(With(TokenFor("east")).get(), detach, &detached).ok());
  EXPECT_EQ(detached.root(), c.name());
  EXPECT_EQ(detached.depth(), 0);
  EXPECT_THAT(Subtree(c.name()), ElementsAre(c.name(), d.name()));
  EXPECT_THAT(Subtree(x.name()), ElementsAre(x.name(), b.name()));
}

TEST_F(HierarchyTest, OnlyHqOrTheOwnerChangesWhereACustomerSits) {
  const v1::Node a = Group("east", NewCustomer("east", "山东鲁能集团有限公司"));
  const v1::Node b = Child("east", a.name(), "山东鲁能电力有限公司");
  const v1::Node w = Group("west", NewCustomer("west", "四川川能集团有限公司"));
  v1::Node out;
  const grpc::Status west = Move("west", b.name(), w.name(), &out);
  EXPECT_EQ(west.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(west), "NOT_OWNER");
  // Reading is everyone's; a viewer may not change anything.
  EXPECT_THAT(Subtree(a.name()), ElementsAre(a.name(), b.name()));
  const grpc::Status viewer = Move("looker", b.name(), w.name(), &out);
  EXPECT_EQ(viewer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(viewer), "METHOD_NOT_ALLOWED");
  // HQ may.
  ASSERT_TRUE(Move("admin", b.name(), w.name(), &out).ok());
  EXPECT_EQ(out.root(), w.name());
}

TEST_F(HierarchyTest, ANewOwnerReachesTheTreeThroughTheChangeFeed) {
  const v1::Node root = Group("east", NewCustomer("east", "重庆渝通集团有限公司"));
  const v1::Node child = Child("east", root.name(), "重庆渝通物流有限公司");
  customer::v1::SetCustomerOwnerRequest hand_over;
  hand_over.set_name(child.customer());
  hand_over.set_owner_org_unit("orgUnits/sub-west");
  customer::v1::Customer customer;
  ASSERT_TRUE(servers_.gateway.customers
                  ->SetCustomerOwner(With(TokenFor("admin")).get(), hand_over, &customer)
                  .ok());
  v1::GetNodeRequest get;
  get.set_name(child.name());
  v1::Node node;
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  do {
    ASSERT_TRUE(tree().GetNode(With(TokenFor("looker")).get(), get, &node).ok());
    if (node.owner_org_unit() != "orgUnits/sub-west") absl::SleepFor(absl::Milliseconds(100));
  } while (node.owner_org_unit() != "orgUnits/sub-west" && absl::Now() < give_up);
  EXPECT_EQ(node.owner_org_unit(), "orgUnits/sub-west");
  // The new owner may now move it; the old one may not.
  v1::Node out;
  EXPECT_EQ(Move("east", child.name(), root.name(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Move("west", child.name(), root.name(), &out).ok());
}

TEST_F(HierarchyTest, TwoHundredConcurrentMovesNeverBreakTheTree) {
  // Two groups of 12 nodes each.
  std::vector<std::string> nodes;
  for (const char* group : {"湖北楚天集团有限公司", "湖南湘江集团有限公司"}) {
    const v1::Node root = Group("east", NewCustomer("east", group));
    nodes.push_back(root.name());
    for (int i = 0; i < 11; ++i) {
      const std::string parent = nodes[nodes.size() - 1 - (i % 3)];
      nodes.push_back(Child("east", parent, absl::StrCat(group, "第", i, "分部有限公司")).name());
    }
  }
  const std::string count_before = Sql("SELECT count(*) FROM hierarchy.nodes");
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(1234 + t);
      for (int i = 0; i < 25; ++i) {
        const std::string& node = nodes[random() % nodes.size()];
        const std::string& parent = nodes[random() % nodes.size()];
        v1::Node out;
        const grpc::Status status = Move("east", node, parent, &out);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
                   status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
                   status.error_code() == grpc::StatusCode::ABORTED) {
          ++refused;  // a cycle, itself, or a conflict: refused whole
        } else {
          ++other;
          ADD_FAILURE() << status.error_code() << " " << status.error_message();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok + refused + other, 200);
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(other.load(), 0);

  // The invariants: every node's path is its parent's path and its own id,
  // in its parent's tree; every root heads a tree row; nothing was lost.
  EXPECT_EQ(Sql("SELECT count(*) FROM hierarchy.nodes"), count_before);
  EXPECT_EQ(
      Sql("SELECT count(*) FROM hierarchy.nodes c JOIN hierarchy.nodes p ON p.id = c.parent_id"
          " WHERE c.path <> p.path || c.id::text::ltree OR c.root_id <> p.root_id"),
      "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM hierarchy.nodes WHERE parent_id IS NULL"
                " AND (path <> id::text::ltree OR root_id <> id"
                " OR NOT EXISTS (SELECT 1 FROM hierarchy.trees t WHERE t.root_id = id))"),
            "0");
  EXPECT_EQ(
      Sql("SELECT count(*) FROM hierarchy.trees t WHERE NOT EXISTS"
          " (SELECT 1 FROM hierarchy.nodes n WHERE n.id = t.root_id AND n.parent_id IS NULL)"),
      "0");
}

TEST_F(HierarchyTest, AnImportWithBadRowsWritesNothingAndAGoodOneWritesAll) {
  std::string parent_uscc, child_uscc, grandchild_uscc;
  NewCustomer("east", "安徽皖能集团有限公司", &parent_uscc);
  NewCustomer("east", "安徽皖能电力有限公司", &child_uscc);
  const std::string grandchild = NewCustomer("east", "合肥皖能热力有限公司", &grandchild_uscc);
  const std::string nodes_before = Sql("SELECT count(*) FROM hierarchy.nodes");

  v1::ImportStructureRequest request;
  const auto row = [&](int line, const std::string& parent, const std::string& child,
                       v1::EdgeType edge, const std::string& ownership) {
    v1::ImportRow* r = request.add_rows();
    r->set_line(line);
    r->set_parent(parent);
    r->set_child(child);
    r->set_edge_type(edge);
    r->set_ownership_percent(ownership);
  };
  row(2, parent_uscc, child_uscc, v1::WHOLLY_OWNED, "100");
  row(3, child_uscc, grandchild_uscc, v1::CONTROLLED, "60");
  row(4, child_uscc, "91110000000000000X", v1::AFFILIATE, "20");  // nobody's USCC
  row(5, parent_uscc, "erp:none", v1::BRANCH, "10");              // and a branch with a share
  v1::ImportStructureResponse report;
  ASSERT_TRUE(tree().ImportStructure(With(TokenFor("east")).get(), request, &report).ok());
  EXPECT_EQ(report.imported(), 0);
  std::vector<std::string> problems;
  for (const auto& p : report.problems())
    problems.push_back(absl::StrCat(p.line(), " ", p.field()));
  EXPECT_THAT(problems, ElementsAre("4 child", "5 edge_type", "5 child"));
  EXPECT_EQ(Sql("SELECT count(*) FROM hierarchy.nodes"), nodes_before);

  request.mutable_rows()->DeleteSubrange(2, 2);
  ASSERT_TRUE(tree().ImportStructure(With(TokenFor("east")).get(), request, &report).ok());
  EXPECT_THAT(report.problems(), ::testing::IsEmpty());
  EXPECT_EQ(report.imported(), 2);
  EXPECT_EQ(report.groups_created(), 1);
  v1::FindGroupRequest find;
  find.set_customer(grandchild);
  v1::FindGroupResponse found;
  ASSERT_TRUE(tree().FindGroup(With(TokenFor("east")).get(), find, &found).ok());
  EXPECT_EQ(found.node().depth(), 2);
  EXPECT_EQ(found.node().ownership_percent(), "60.00");
}

TEST_F(HierarchyTest, AMergedCustomersNodeMovesToItsSurvivor) {
  const v1::Node root = Group("east", NewCustomer("east", "福州闽信集团有限公司"));
  const v1::Node a = Child("east", root.name(), "福州闽信电子有限公司");
  const v1::Node b = Child("east", root.name(), "福州闽信电子科技有限公司");
  const v1::Node c = Child("east", b.name(), "厦门闽信精密有限公司");
  // b and a are one legal entity: b's subsidiary c now hangs under a.
  ASSERT_TRUE(MergeCustomers("east", a.customer(), b.customer()).ok());
  const v1::Node moved = AwaitNode(c.name(), [&](const grpc::Status& s, const v1::Node& n) {
    return s.ok() && n.parent() == a.name();
  });
  EXPECT_EQ(moved.parent(), a.name());
  EXPECT_THAT(moved.ancestors(), ElementsAre(root.name(), a.name()));
  v1::GetNodeRequest get_b;
  get_b.set_name(b.name());
  v1::Node gone;
  EXPECT_EQ(tree().GetNode(With(TokenFor("looker")).get(), get_b, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A placed customer merged into one in no group: its node now stands for the survivor.
  const std::string unplaced = NewCustomer("east", "福州闽信电子技术有限公司");
  ASSERT_TRUE(MergeCustomers("east", unplaced, a.customer()).ok());
  const v1::Node repointed = AwaitNode(a.name(), [&](const grpc::Status& s, const v1::Node& n) {
    return s.ok() && n.customer() == unplaced;
  });
  EXPECT_EQ(repointed.customer(), unplaced);
  EXPECT_EQ(repointed.display_name(), "福州闽信电子技术有限公司");
  EXPECT_THAT(Subtree(root.name()), UnorderedElementsAre(root.name(), a.name(), c.name()));
}

TEST_F(HierarchyTest, MergesTheTreesCannotFollowAreRefused) {
  const v1::Node first = Group("east", NewCustomer("east", "南昌赣江集团有限公司"));
  const v1::Node second = Group("east", NewCustomer("east", "南昌赣江控股集团有限公司"));
  const v1::Node child = Child("east", first.name(), "南昌赣江实业有限公司");
  const absl::Status across = MergeCustomers("east", first.customer(), second.customer());
  EXPECT_EQ(across.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status::GetErrorInfo(across)->reason(), "MERGE_ACROSS_GROUPS");
  EXPECT_THAT(std::string(across.message()), HasSubstr("南昌赣江控股集团有限公司"));
  const absl::Status below = MergeCustomers("east", child.customer(), first.customer());
  EXPECT_EQ(status::GetErrorInfo(below)->reason(), "SURVIVOR_BELOW_MERGED") << below;
  // Nothing was merged.
  customer::v1::GetCustomerRequest get;
  get.set_name(second.customer());
  customer::v1::Customer still;
  EXPECT_TRUE(
      servers_.gateway.customers->GetCustomer(With(TokenFor("east")).get(), get, &still).ok());
}

// Permission is checked before existence and before every precondition:
// another subsidiary learns nothing about a record it may not touch from
// which precondition would have failed.
TEST_F(HierarchyTest, AMergeReachingIntoAnotherSubsidiaryIsRefusedBeforeItsGroupIsAsked) {
  const v1::Node east = Group("east", NewCustomer("east", "贵州黔通集团有限公司"));
  const v1::Node west = Group("west", NewCustomer("west", "贵州黔通物流有限公司"));
  // The trees could not follow this merge either; the refusal says why first.
  const absl::Status merged = MergeCustomers("west", west.customer(), east.customer());
  EXPECT_EQ(merged.code(), absl::StatusCode::kPermissionDenied) << merged;
  EXPECT_EQ(status::GetErrorInfo(merged)->reason(), "OUT_OF_DATA_SCOPE") << merged;

  customer::v1::MergeCustomersRequest dry_run;
  dry_run.set_survivor(west.customer());
  dry_run.add_merged(east.customer());
  dry_run.set_validate_only(true);
  customer::v1::MergeCustomersResponse response;
  EXPECT_EQ(
      servers_.gateway.customers->MergeCustomers(With(TokenFor("west")).get(), dry_run, &response)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Its owner merges its own.
  const absl::Status own =
      MergeCustomers("east", east.customer(), NewCustomer("east", "黔通实业有限公司"));
  EXPECT_TRUE(own.ok()) << own;
}

TEST_F(HierarchyTest, ChangesToAnotherSubsidiarysNodesAreRefusedBeforeTheirPreconditions) {
  const v1::Node root = Group("east", NewCustomer("east", "云南滇能集团有限公司"));
  const v1::Node child = Child("east", root.name(), "云南滇能电力有限公司");
  v1::AttachNodeRequest department;
  department.set_parent(root.name());
  department.mutable_node()->set_kind(v1::Node::DEPARTMENT);
  department.mutable_node()->set_display_name("财务部");
  v1::Node dept;
  ASSERT_TRUE(tree().AttachNode(With(TokenFor("east")).get(), department, &dept).ok());

  // A stale etag is not news for someone who may not detach the node at all.
  v1::DetachNodeRequest detach;
  detach.set_name(child.name());
  detach.set_etag("\"999\"");
  v1::Node out;
  const grpc::Status detached = tree().DetachNode(With(TokenFor("west")).get(), detach, &out);
  EXPECT_EQ(detached.error_code(), grpc::StatusCode::PERMISSION_DENIED) << detached.error_message();
  EXPECT_EQ(Reason(detached), "NOT_OWNER");
  v1::MoveNodeRequest move;
  move.set_name(child.name());
  move.set_new_parent(root.name());
  move.set_edge_type(v1::AFFILIATE);
  move.set_etag("\"999\"");
  EXPECT_EQ(tree().MoveNode(With(TokenFor("west")).get(), move, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::DeleteNodeRequest remove;
  remove.set_name(dept.name());
  remove.set_etag("\"999\"");
  v1::DeleteNodeResponse removed;
  EXPECT_EQ(tree().DeleteNode(With(TokenFor("west")).get(), remove, &removed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Placing east's customer under a department is refused for scope, not
  // for the department.
  const grpc::Status attached = Attach(
      "west", dept.name(), NewCustomer("east", "昆明滇能热力有限公司"), v1::CONTROLLED, &out, "60");
  EXPECT_EQ(attached.error_code(), grpc::StatusCode::PERMISSION_DENIED) << attached.error_message();
  // Nor does west learn that east's customer is deleted.
  const std::string gone = NewCustomer("east", "云南滇能已注销有限公司");
  customer::v1::DeleteCustomerRequest delete_customer;
  delete_customer.set_name(gone);
  customer::v1::Customer deleted;
  ASSERT_TRUE(servers_.gateway.customers
                  ->DeleteCustomer(With(TokenFor("east")).get(), delete_customer, &deleted)
                  .ok());
  v1::CreateGroupRequest group;
  group.set_customer(gone);
  const grpc::Status grouped = tree().CreateGroup(With(TokenFor("west")).get(), group, &out);
  EXPECT_EQ(grouped.error_code(), grpc::StatusCode::PERMISSION_DENIED) << grouped.error_message();
  EXPECT_EQ(Reason(grouped), "NOT_OWNER");
}

TEST_F(HierarchyTest, AnImportOfAnotherOrgUnitsCustomerIsRefusedAndValidateOnlyFindsTheSame) {
  std::string parent_uscc, foreign_uscc, placed_uscc, fresh_uscc;
  NewCustomer("east", "广西桂通集团有限公司", &parent_uscc);
  NewCustomer("west", "广西桂通西部物流有限公司", &foreign_uscc);
  Group("east", NewCustomer("east", "广西桂通港务有限公司", &placed_uscc));
  NewCustomer("east", "广西桂通能源有限公司", &fresh_uscc);
  const std::string nodes_before = Sql("SELECT count(*) FROM hierarchy.nodes");
  const auto import = [&](const std::string& child, bool validate_only,
                          v1::ImportStructureResponse* report) {
    v1::ImportStructureRequest request;
    v1::ImportRow* row = request.add_rows();
    row->set_line(7);
    row->set_parent(parent_uscc);
    row->set_child(child);
    row->set_edge_type(v1::WHOLLY_OWNED);
    row->set_ownership_percent("100");
    request.set_validate_only(validate_only);
    return tree().ImportStructure(With(TokenFor("east")).get(), request, report);
  };
  // Another org unit's customer: a refusal, with and without validate_only.
  for (const bool validate_only : {false, true}) {
    v1::ImportStructureResponse report;
    const grpc::Status refused = import(foreign_uscc, validate_only, &report);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << "validate_only=" << validate_only << ": " << refused.error_message();
    EXPECT_EQ(Reason(refused), "NOT_OWNER");
    EXPECT_THAT(refused.error_message(), HasSubstr("line 7"));
  }
  // A child placed already: the same problem with and without validate_only.
  for (const bool validate_only : {true, false}) {
    v1::ImportStructureResponse report;
    ASSERT_TRUE(import(placed_uscc, validate_only, &report).ok());
    std::vector<std::string> problems;
    for (const auto& p : report.problems())
      problems.push_back(absl::StrCat(p.line(), " ", p.field()));
    EXPECT_THAT(problems, ElementsAre("7 child")) << "validate_only=" << validate_only;
    EXPECT_EQ(report.imported(), 0);
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM hierarchy.nodes"), nodes_before);
  // A good import: validate_only finds nothing and writes nothing; the real
  // one writes it.
  v1::ImportStructureResponse report;
  ASSERT_TRUE(import(fresh_uscc, true, &report).ok());
  EXPECT_THAT(report.problems(), ::testing::IsEmpty());
  EXPECT_EQ(report.imported(), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM hierarchy.nodes"), nodes_before);
  ASSERT_TRUE(import(fresh_uscc, false, &report).ok());
  EXPECT_EQ(report.imported(), 1);
}

// AIP-155: every change takes a request_id, and a retry returns the first
// answer without changing anything again, even after later changes.
TEST_F(HierarchyTest, RetriedMovesDetachesAndDeletesReturnTheFirstAnswer) {
  const v1::Node a = Group("east", NewCustomer("east", "浙江浙能集团有限公司"));
  const v1::Node b = Child("east", a.name(), "浙江浙能电力有限公司");
  const v1::Node x = Group("east", NewCustomer("east", "浙江浙能燃气有限公司"));

  v1::MoveNodeRequest move;
  move.set_name(b.name());
  move.set_new_parent(x.name());
  move.set_edge_type(v1::AFFILIATE);
  move.set_request_id("move-7d0f5c2e-1b4a-4c1e-9a39-5f0c2b7d1e01");
  v1::Node moved, again;
  ASSERT_TRUE(tree().MoveNode(With(TokenFor("east")).get(), move, &moved).ok());
  ASSERT_TRUE(tree().MoveNode(With(TokenFor("east")).get(), move, &again).ok());
  EXPECT_EQ(again.etag(), moved.etag()) << "the retry did not move again";
  EXPECT_EQ(again.root(), x.name());
  // The same id for another move is refused, not replayed.
  v1::MoveNodeRequest other = move;
  other.set_new_parent(a.name());
  const grpc::Status reused = tree().MoveNode(With(TokenFor("east")).get(), other, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");

  v1::DetachNodeRequest detach;
  detach.set_name(b.name());
  detach.set_request_id("detach-7d0f5c2e-1b4a-4c1e-9a39-5f0c2b7d1e02");
  v1::Node detached;
  ASSERT_TRUE(tree().DetachNode(With(TokenFor("east")).get(), detach, &detached).ok());
  EXPECT_EQ(detached.root(), b.name());
  // Moved back under x by a later call; retrying the detach changes nothing.
  move.set_request_id("move-7d0f5c2e-1b4a-4c1e-9a39-5f0c2b7d1e03");
  ASSERT_TRUE(tree().MoveNode(With(TokenFor("east")).get(), move, &moved).ok());
  ASSERT_TRUE(tree().DetachNode(With(TokenFor("east")).get(), detach, &again).ok());
  EXPECT_EQ(again.etag(), detached.etag());
  EXPECT_THAT(Subtree(x.name()), ElementsAre(x.name(), b.name())) << "still under x";

  v1::AttachNodeRequest department;
  department.set_parent(x.name());
  department.mutable_node()->set_kind(v1::Node::DEPARTMENT);
  department.mutable_node()->set_display_name("审计部");
  v1::Node dept;
  ASSERT_TRUE(tree().AttachNode(With(TokenFor("east")).get(), department, &dept).ok());
  v1::DeleteNodeRequest remove;
  remove.set_name(dept.name());
  remove.set_request_id("delete-7d0f5c2e-1b4a-4c1e-9a39-5f0c2b7d1e04");
  v1::DeleteNodeResponse deleted;
  ASSERT_TRUE(tree().DeleteNode(With(TokenFor("east")).get(), remove, &deleted).ok());
  const grpc::Status retried = tree().DeleteNode(With(TokenFor("east")).get(), remove, &deleted);
  EXPECT_TRUE(retried.ok()) << "a retried delete answers as the first did: "
                            << retried.error_message();
  remove.clear_request_id();
  EXPECT_EQ(tree().DeleteNode(With(TokenFor("east")).get(), remove, &deleted).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "without the id it is a new call";

  // A malformed id is named with the other bad fields.
  v1::DeleteNodeRequest bad;
  bad.set_name("nodes/x");
  bad.set_request_id("not an id");
  const absl::Status refused =
      status::FromGrpc(tree().DeleteNode(With(TokenFor("east")).get(), bad, &deleted));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(refused)) {
    fields.push_back(violation.field());
  }
  EXPECT_THAT(fields, UnorderedElementsAre("name", "request_id"));
}

}  // namespace
}  // namespace crm::hierarchy
