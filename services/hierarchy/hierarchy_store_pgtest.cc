// HierarchyStore against real PostgreSQL, below the gRPC edge: paths and
// tree versions after each change, the refusals that must leave a tree as
// it was (cycles, stale versions, another org unit's nodes, a customer placed
// twice), and replays by request id.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/crypto/crypto.h"
#include "libs/etag/etag.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/status/status.h"
#include "libs/testing/test_database.h"
#include "services/hierarchy/hierarchy_database.h"
#include "services/hierarchy/hierarchy_events.h"
#include "services/hierarchy/hierarchy_rules.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::hierarchy {
namespace {

using ::testing::ElementsAre;

class HierarchyStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create("hierarchy_store");
    ASSERT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    database_ = *std::move(database);
    request_log_ = std::make_unique<idempotency::RequestLog>(kHierarchySchema);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 2;
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        OpenHierarchyDatabase(std::move(options), *request_log_, /*migrate=*/true);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, HierarchyFeed(absl::Milliseconds(10), absl::Hours(1)));
    store_ = std::make_unique<HierarchyStore>(*pool_, *request_log_, *outbox_);
  }
  static void TearDownTestSuite() {
    store_.reset();
    outbox_.reset();
    pool_.reset();
    request_log_.reset();
    database_.reset();
  }
  void SetUp() override { ASSERT_NE(store_, nullptr) << "the store did not start"; }

  static Actor As(std::string_view org_unit, std::vector<std::string> roles = {"sales"}) {
    return Actor{.principal = auth::DevelopmentPrincipal("someone", org_unit, std::move(roles)),
                 .method = "Test"};
  }
  static Actor Hq() { return As("hq", {"hq_admin"}); }

  static CustomerFacts Customer(std::string_view owner = "orgUnits/sub-east") {
    return CustomerFacts{.id = crypto::NewUuid(),
                         .display_name = "某集团有限公司",
                         .region = "330100",
                         .owner_org_unit = std::string(owner)};
  }

  static int64_t IdOf(const v1::Node& node) { return ParseNodeName(node.name()).value_or(0); }

  static StoredNode Stored(const v1::Node& node) {
    absl::StatusOr<StoredNode> stored = store_->Get(IdOf(node), /*with_ancestors=*/false);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : StoredNode{};
  }

  static v1::Node Group(const CustomerFacts& customer) {
    absl::StatusOr<v1::Node> root = store_->CreateGroup(Hq(), customer);
    EXPECT_TRUE(root.ok()) << root.status();
    return root.ok() ? *root : v1::Node();
  }

  static v1::Node AttachCustomer(const v1::Node& parent, const CustomerFacts& customer,
                                 const Actor& actor = Hq()) {
    NewNode node{.kind = v1::Node::CUSTOMER,
                 .customer = customer,
                 .edge = Edge{.type = v1::WHOLLY_OWNED, .ownership_bp = 10000}};
    absl::StatusOr<v1::Node> attached = store_->Attach(actor, IdOf(parent), node);
    EXPECT_TRUE(attached.ok()) << attached.status();
    return attached.ok() ? *attached : v1::Node();
  }

  static v1::Node AttachDepartment(const v1::Node& parent, std::string_view name) {
    NewNode node{.kind = v1::Node::DEPARTMENT,
                 .display_name = std::string(name),
                 .edge = Edge{.type = v1::DEPARTMENT}};
    absl::StatusOr<v1::Node> attached = store_->Attach(Hq(), IdOf(parent), node);
    EXPECT_TRUE(attached.ok()) << attached.status();
    return attached.ok() ? *attached : v1::Node();
  }

  static int64_t TreeVersion(const v1::Node& node) {
    absl::StatusOr<int64_t> version = store_->TreeVersionOf(IdOf(node));
    EXPECT_TRUE(version.ok()) << version.status();
    return version.value_or(-1);
  }

  static std::string Path(std::initializer_list<v1::Node> nodes) {
    std::string path;
    for (const v1::Node& node : nodes) {
      if (!path.empty()) path += ".";
      path += std::to_string(IdOf(node));
    }
    return path;
  }

  static std::string Reason(const absl::Status& status) {
    std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
    return info.has_value() ? info->reason() : "";
  }

  static inline std::unique_ptr<crm::testing::TestDatabase> database_;
  static inline std::unique_ptr<idempotency::RequestLog> request_log_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<events::Outbox> outbox_;
  static inline std::unique_ptr<HierarchyStore> store_;
};

TEST_F(HierarchyStoreTest, AMoveRewritesTheWholeSubtreeAndBumpsBothTrees) {
  const v1::Node a = Group(Customer());
  const v1::Node b = AttachCustomer(a, Customer());
  const v1::Node c = AttachCustomer(b, Customer());
  const v1::Node d = Group(Customer());
  const int64_t a_version = TreeVersion(a);
  const int64_t d_version = TreeVersion(d);

  absl::StatusOr<v1::Node> moved =
      store_->Move(Hq(), IdOf(b), IdOf(d), Edge{.type = v1::CONTROLLED, .ownership_bp = 5100},
                   /*expected_version=*/std::nullopt);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->parent(), d.name());
  EXPECT_EQ(moved->ownership_percent(), "51.00");

  EXPECT_EQ(Stored(b).path, Path({d, b}));
  EXPECT_EQ(Stored(c).path, Path({d, b, c}));
  EXPECT_EQ(Stored(c).root_id, IdOf(d));
  EXPECT_EQ(Stored(c).node.depth(), 2);
  // Versions come from one sequence (a version names one state of a tree):
  // both trees get new ones.
  EXPECT_GT(TreeVersion(a), a_version);
  EXPECT_GT(TreeVersion(d), d_version);

  absl::StatusOr<v1::Rollup> left = store_->Rollup(IdOf(a));
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(left->total(), 1);
  absl::StatusOr<v1::Rollup> grown = store_->Rollup(IdOf(d));
  ASSERT_TRUE(grown.ok()) << grown.status();
  EXPECT_EQ(grown->total(), 3);
  EXPECT_EQ(grown->depth(), 2);
}

TEST_F(HierarchyStoreTest, AMoveIntoItsOwnSubtreeIsRefusedAndChangesNothing) {
  const v1::Node a = Group(Customer());
  const v1::Node b = AttachCustomer(a, Customer());
  const v1::Node c = AttachCustomer(b, Customer());
  const int64_t version = TreeVersion(a);

  const absl::StatusOr<v1::Node> moved = store_->Move(
      Hq(), IdOf(b), IdOf(c), Edge{.type = v1::AFFILIATE, .ownership_bp = 2000}, std::nullopt);
  ASSERT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition) << moved.status();
  EXPECT_EQ(Reason(moved.status()), "MOVE_WOULD_CYCLE");
  EXPECT_EQ(Stored(c).path, Path({a, b, c}));
  EXPECT_EQ(TreeVersion(a), version);
}

TEST_F(HierarchyStoreTest, AStaleVersionIsRefusedAndChangesNothing) {
  const v1::Node a = Group(Customer());
  const v1::Node b = AttachCustomer(a, Customer());
  const v1::Node d = Group(Customer());
  const int64_t current = TreeVersion(b);
  const int64_t d_version = TreeVersion(d);
  const int64_t read_version = ParseEtag(Stored(b).node.etag()).value_or(0);
  ASSERT_GT(read_version, 0);

  // The caller read the node, then someone else changed it.
  const absl::StatusOr<v1::Node> moved =
      store_->Move(Hq(), IdOf(b), IdOf(d), Edge{.type = v1::WHOLLY_OWNED, .ownership_bp = 10000},
                   read_version + 1);
  ASSERT_EQ(moved.status().code(), absl::StatusCode::kAborted) << moved.status();
  EXPECT_EQ(Reason(moved.status()), "ETAG_MISMATCH");
  EXPECT_EQ(Stored(b).path, Path({a, b}));
  EXPECT_EQ(TreeVersion(b), current);
  EXPECT_EQ(TreeVersion(d), d_version);
}

TEST_F(HierarchyStoreTest, AnotherOrgUnitsNodeCannotBeMovedDetachedOrAttachedTo) {
  const v1::Node west_root = Group(Customer("orgUnits/sub-west"));
  const v1::Node west_child = AttachCustomer(west_root, Customer("orgUnits/sub-west"));
  const v1::Node east_root = Group(Customer("orgUnits/sub-east"));
  const int64_t version = TreeVersion(west_root);
  const Actor east = As("sub-east");

  const absl::StatusOr<v1::Node> moved =
      store_->Move(east, IdOf(west_child), IdOf(east_root),
                   Edge{.type = v1::WHOLLY_OWNED, .ownership_bp = 10000}, std::nullopt);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kPermissionDenied) << moved.status();
  const absl::StatusOr<v1::Node> detached = store_->Detach(east, IdOf(west_child), std::nullopt);
  EXPECT_EQ(detached.status().code(), absl::StatusCode::kPermissionDenied) << detached.status();
  NewNode department{
      .kind = v1::Node::DEPARTMENT, .display_name = "采购部", .edge = Edge{.type = v1::DEPARTMENT}};
  const absl::StatusOr<v1::Node> attached = store_->Attach(east, IdOf(west_root), department);
  EXPECT_EQ(attached.status().code(), absl::StatusCode::kPermissionDenied) << attached.status();

  EXPECT_EQ(Stored(west_child).path, Path({west_root, west_child}));
  EXPECT_EQ(TreeVersion(west_root), version);
  // The owner's own org unit may.
  EXPECT_TRUE(store_->Detach(As("sub-west"), IdOf(west_child), std::nullopt).ok());
}

TEST_F(HierarchyStoreTest, ACustomerHasOnePlace) {
  const CustomerFacts customer = Customer();
  const v1::Node root = Group(customer);
  const absl::StatusOr<v1::Node> again = store_->CreateGroup(Hq(), customer);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists) << again.status();
  EXPECT_EQ(Reason(again.status()), "CUSTOMER_ALREADY_PLACED");

  const v1::Node other = Group(Customer());
  NewNode node{.kind = v1::Node::CUSTOMER, .customer = customer, .edge = Edge{.type = v1::BRANCH}};
  const absl::StatusOr<v1::Node> attached = store_->Attach(Hq(), IdOf(other), node);
  EXPECT_EQ(attached.status().code(), absl::StatusCode::kAlreadyExists) << attached.status();
  absl::StatusOr<std::vector<v1::Node>> children = store_->ListChildren(IdOf(other), 0, 10);
  ASSERT_TRUE(children.ok()) << children.status();
  EXPECT_TRUE(children->empty());
  absl::StatusOr<StoredNode> placed = store_->FindByCustomer(customer.id);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->node.name(), root.name());
}

TEST_F(HierarchyStoreTest, DetachMakesANewTreeOfTheSubtree) {
  const v1::Node a = Group(Customer());
  const v1::Node b = AttachCustomer(a, Customer());
  const v1::Node department = AttachDepartment(b, "财务部");

  absl::StatusOr<v1::Node> detached = store_->Detach(Hq(), IdOf(b), std::nullopt);
  ASSERT_TRUE(detached.ok()) << detached.status();
  EXPECT_EQ(detached->parent(), "");
  EXPECT_EQ(detached->root(), b.name());
  EXPECT_EQ(Stored(department).path, Path({b, department}));
  EXPECT_EQ(Stored(department).root_id, IdOf(b));
  absl::StatusOr<v1::Rollup> left = store_->Rollup(IdOf(a));
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->total(), 1);
}

TEST_F(HierarchyStoreTest, OnlyALeafDepartmentIsDeleted) {
  const v1::Node root = Group(Customer());
  const v1::Node department = AttachDepartment(root, "事业部");
  const v1::Node team = AttachDepartment(department, "华东组");

  const absl::Status with_children = store_->Delete(Hq(), IdOf(department), std::nullopt);
  EXPECT_EQ(with_children.code(), absl::StatusCode::kFailedPrecondition) << with_children;
  EXPECT_EQ(Reason(with_children), "NODE_HAS_CHILDREN");
  const absl::Status customer = store_->Delete(Hq(), IdOf(root), std::nullopt);
  EXPECT_EQ(Reason(customer), "NOT_A_DEPARTMENT");

  ASSERT_TRUE(store_->Delete(Hq(), IdOf(team), std::nullopt).ok());
  EXPECT_EQ(store_->Get(IdOf(team), false).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<v1::Node>> children = store_->ListChildren(IdOf(root), 0, 10);
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->size(), 1u);
  EXPECT_EQ(children->front().name(), department.name());
}

TEST_F(HierarchyStoreTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const v1::Node root = Group(Customer());
  Actor actor = Hq();
  NewNode node{.kind = v1::Node::DEPARTMENT,
               .display_name = "研发中心",
               .edge = Edge{.type = v1::DEPARTMENT}};
  v1::AttachNodeRequest request;  // what the key's hash stands for
  request.set_parent(root.name());
  request.set_request_id("attach-once");
  actor.idempotency = idempotency::RequestKey{"attach-once", "AttachNode", "users/someone",
                                              idempotency::RequestHash(request)};

  absl::StatusOr<v1::Node> first = store_->Attach(actor, IdOf(root), node);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::Node> retry = store_->Attach(actor, IdOf(root), node);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->name(), first->name());
  absl::StatusOr<std::vector<v1::Node>> children = store_->ListChildren(IdOf(root), 0, 10);
  ASSERT_TRUE(children.ok());
  EXPECT_EQ(children->size(), 1u);
}

TEST_F(HierarchyStoreTest, SubtreeCustomersAreTheCustomersBelowInIdOrder) {
  const CustomerFacts top = Customer();
  const CustomerFacts middle = Customer();
  const CustomerFacts bottom = Customer();
  const v1::Node a = Group(top);
  const v1::Node b = AttachCustomer(a, middle);
  AttachDepartment(b, "法务部");
  AttachCustomer(b, bottom);

  absl::StatusOr<std::vector<std::string>> below = store_->SubtreeCustomers(IdOf(b));
  ASSERT_TRUE(below.ok()) << below.status();
  EXPECT_THAT(*below, ElementsAre("customers/" + middle.id, "customers/" + bottom.id));
}

}  // namespace
}  // namespace crm::hierarchy
