// The group replica against the real hierarchy service (with the customer
// service it places customers from), PostgreSQL and the replica's own schema:
// what the hierarchy's feed says is what the replica holds, subtree queries
// through it name the right customers after attaches, moves, detaches and
// deletes, a page applied again changes nothing, and a subtree of 100,000
// nodes is read through the GiST index.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "libs/etag/etag.h"
#include "libs/events/migrations.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/names/resource_names.h"
#include "libs/pg/migrate.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/group/group_replica.h"
#include "libs/replicas/group/group_replica_migrations.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/str_cat.h"
#include "prometheus/registry.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/hierarchy/hierarchy_module.h"

namespace crm::replicas {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using ::crm::customer::testing::CustomerTestEnv;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// The consuming service's schema in this test.
constexpr char kSchema[] = "replica_test";
constexpr absl::Duration kSettle = absl::Milliseconds(50);

class GroupReplicaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start("group_replica");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    hierarchy::HierarchyConfig config;
    config.pg_dsn = env_->dsn();
    config.pg_pool_size = 4;
    config.customer_address = crm::StrCat("127.0.0.1:", env_->port());
    config.principal_key = customer::testing::kTestPrincipalKey;
    config.page_token_key = "group-replica-test-page-token-key";
    config.customer_sync_interval = absl::ZeroDuration();
    config.events_settle = kSettle;
    absl::StatusOr<std::unique_ptr<hierarchy::HierarchyModule>> module =
        hierarchy::HierarchyModule::Create(config);
    ASSERT_TRUE(module.ok()) << module.status();
    module_ = *std::move(module);
    server::ServerOptions options;
    options.address = "127.0.0.1:0";
    options.service_name = "crm.hierarchy.v1.HierarchyService";
    options.access_log = false;
    server_ = std::make_unique<server::GrpcServer>(options);
    server_->AddService(module_->service());
    ASSERT_TRUE(server_->Start().ok());
    const std::string address = crm::StrCat("127.0.0.1:", server_->port());
    env_->ConnectHierarchy(address);
    stub_ = v1::HierarchyService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));

    // The consuming service's side: its own pool and schema.
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = pg::ConnectionPool::Create(
        {.dsn = env_->dsn(), .size = 4, .statements = GroupReplica::Statements(kSchema)});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    const pg::LibraryMigrations libraries[] = {events::FollowerMigrations(),
                                               GroupReplicaMigrations()};
    const absl::Status migrated = pg::Migrate(*pool_, kSchema, {}, libraries);
    ASSERT_TRUE(migrated.ok()) << migrated;
    replica_ = std::make_unique<GroupReplica>(
        *pool_, grpc::CreateChannel(address, grpc::InsecureChannelCredentials()),
        auth::PrincipalSigner(customer::testing::kTestPrincipalKey),
        GroupReplicaOptions{.schema = kSchema, .principal = "services/group-replica-test"});
    registry_ = std::make_unique<prometheus::Registry>();
    replica_->ExportMetrics(*registry_);
    // A consumer's own table, restricted to a group with GroupSubtreePredicate.
    env_->QueryValue(crm::StrCat("CREATE TABLE ", kSchema,
                                 ".opportunities (id bigserial PRIMARY KEY, customer_id uuid NOT "
                                 "NULL, amount_fen bigint NOT NULL)"));
  }
  static void TearDownTestSuite() {
    replica_.reset();
    registry_.reset();
    pool_.reset();
    stub_.reset();
    server_.reset();
    module_.reset();
    env_.reset();
  }
  void SetUp() override { ASSERT_NE(replica_, nullptr) << "the suite did not start"; }

  // Applies everything the feed has once it settled; returns the events
  // applied.
  static int64_t Sync() {
    absl::SleepFor(kSettle * 3);
    absl::StatusOr<int64_t> applied = replica_->SyncOnce();
    EXPECT_TRUE(applied.ok()) << applied.status();
    return applied.value_or(-1);
  }

  static std::string NewCustomer(const std::string& legal_name) {
    customer::v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("C");
    request.mutable_customer()->set_region("330100");
    customer::v1::Customer created;
    const grpc::Status status =
        env_->stub().CreateCustomer(env_->As(CustomerTestEnv::Hq()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }
  static std::string IdOf(const std::string& customer) {
    return names::ParseCustomerName(customer).value_or("");
  }
  static int64_t IdOf(const v1::Node& node) {
    return names::ParseNodeName(node.name()).value_or(0);
  }

  static v1::Node Group(const std::string& customer) {
    v1::CreateGroupRequest request;
    request.set_customer(customer);
    v1::Node root;
    const grpc::Status status =
        stub_->CreateGroup(env_->As(CustomerTestEnv::Hq()).get(), request, &root);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return root;
  }
  static v1::Node AttachCustomer(const v1::Node& parent, const std::string& customer) {
    v1::Node node;
    node.set_kind(v1::Node::CUSTOMER);
    node.set_customer(customer);
    node.set_edge_type(v1::WHOLLY_OWNED);
    node.set_ownership_percent("100");
    return Attach(parent, std::move(node));
  }
  static v1::Node AttachDepartment(const v1::Node& parent, const std::string& name) {
    v1::Node node;
    node.set_kind(v1::Node::DEPARTMENT);
    node.set_display_name(name);
    node.set_edge_type(v1::DEPARTMENT);
    return Attach(parent, std::move(node));
  }
  static v1::Node Attach(const v1::Node& parent, v1::Node node) {
    v1::AttachNodeRequest request;
    request.set_parent(parent.name());
    *request.mutable_node() = std::move(node);
    v1::Node attached;
    const grpc::Status status =
        stub_->AttachNode(env_->As(CustomerTestEnv::Hq()).get(), request, &attached);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return attached;
  }
  static void Move(const v1::Node& node, const v1::Node& new_parent) {
    v1::MoveNodeRequest request;
    request.set_name(node.name());
    request.set_new_parent(new_parent.name());
    request.set_edge_type(v1::CONTROLLED);
    request.set_ownership_percent("60");
    v1::Node moved;
    const grpc::Status status =
        stub_->MoveNode(env_->As(CustomerTestEnv::Hq()).get(), request, &moved);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  static void Detach(const v1::Node& node) {
    v1::DetachNodeRequest request;
    request.set_name(node.name());
    v1::Node detached;
    const grpc::Status status =
        stub_->DetachNode(env_->As(CustomerTestEnv::Hq()).get(), request, &detached);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  static void Delete(const v1::Node& node) {
    v1::DeleteNodeRequest request;
    request.set_name(node.name());
    v1::DeleteNodeResponse deleted;
    const grpc::Status status =
        stub_->DeleteNode(env_->As(CustomerTestEnv::Hq()).get(), request, &deleted);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // The hierarchy's current version of `node`.
  static int64_t HierarchyVersion(const v1::Node& node) {
    v1::GetNodeRequest request;
    request.set_name(node.name());
    v1::Node got;
    EXPECT_TRUE(stub_->GetNode(env_->As(CustomerTestEnv::Hq()).get(), request, &got).ok());
    return ParseEtag(got.etag()).value_or(-1);
  }

  // The replica's row of `node`: "path root customer version" in node ids
  // ("" when it has none).
  static std::string Row(const v1::Node& node) {
    return env_->QueryValue(crm::StrCat(
        "SELECT path::text || ' ' || root_id || ' ' || coalesce(customer_id::text, '-') || ' ' ||"
        " version FROM ",
        kSchema, ".replica_group_nodes WHERE node_id = ", IdOf(node)));
  }
  // `nodes` as an ltree path.
  static std::string PathOf(std::initializer_list<const v1::Node*> nodes) {
    std::string path;
    for (const v1::Node* node : nodes) {
      if (!path.empty()) path.push_back('.');
      absl::StrAppend(&path, IdOf(*node));
    }
    return path;
  }
  static std::vector<std::string> CustomersUnder(const v1::Node& node) {
    absl::StatusOr<std::vector<std::string>> customers = replica_->SubtreeCustomers(IdOf(node));
    EXPECT_TRUE(customers.ok()) << customers.status();
    return customers.value_or(std::vector<std::string>{"error"});
  }
  static std::string Snapshot() {
    return env_->QueryValue(
        crm::StrCat("SELECT string_agg(node_id || ' ' || root_id || ' ' || coalesce(customer_id::"
                    "text, '-') || ' ' || path::text || ' ' || version, ', ' ORDER BY node_id)"
                    " FROM ",
                    kSchema, ".replica_group_nodes"));
  }
  static std::string Cursor() {
    return env_->QueryValue(
        crm::StrCat("SELECT token FROM ", kSchema, ".followed_feeds WHERE feed = 'hierarchy'"));
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
  static inline std::unique_ptr<hierarchy::HierarchyModule> module_;
  static inline std::unique_ptr<server::GrpcServer> server_;
  static inline std::unique_ptr<v1::HierarchyService::Stub> stub_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<GroupReplica> replica_;
  static inline std::unique_ptr<prometheus::Registry> registry_;
};

TEST_F(GroupReplicaTest, AttachedNodesAreReplicatedAndTheSubtreeQueryFindsTheirCustomers) {
  const std::string ca = NewCustomer("杭州复制集团有限公司");
  const std::string cb = NewCustomer("杭州复制一号子公司有限公司");
  const std::string cc = NewCustomer("杭州复制二号子公司有限公司");
  const std::string ce = NewCustomer("杭州复制孙公司有限公司");
  const v1::Node a = Group(ca);
  const v1::Node b = AttachCustomer(a, cb);
  const v1::Node c = AttachCustomer(a, cc);
  const v1::Node d = AttachDepartment(b, "采购部");
  const v1::Node e = AttachCustomer(b, ce);
  EXPECT_GE(Sync(), 5);

  EXPECT_EQ(Row(a), crm::StrCat(PathOf({&a}), " ", IdOf(a), " ", IdOf(ca), " 1"));
  EXPECT_EQ(Row(e), crm::StrCat(PathOf({&a, &b, &e}), " ", IdOf(a), " ", IdOf(ce), " 1"));
  EXPECT_EQ(Row(d), crm::StrCat(PathOf({&a, &b, &d}), " ", IdOf(a), " - 1"));
  EXPECT_THAT(CustomersUnder(a), UnorderedElementsAre(IdOf(ca), IdOf(cb), IdOf(cc), IdOf(ce)));
  EXPECT_THAT(CustomersUnder(b), UnorderedElementsAre(IdOf(cb), IdOf(ce)));
  EXPECT_THAT(CustomersUnder(c), ElementsAre(IdOf(cc)));
  EXPECT_THAT(CustomersUnder(d), IsEmpty());
  // A department without customers is known; a node that never was is not.
  EXPECT_EQ(replica_->NodeKnown(IdOf(d)).value_or(false), true);
  EXPECT_EQ(replica_->NodeKnown(IdOf(e) + 1000000).value_or(true), false);

  // A consumer's rows, restricted with the predicate: only the group's
  // customers count, each subtree its own.
  env_->QueryValue(crm::StrCat(
      "INSERT INTO ", kSchema, ".opportunities (customer_id, amount_fen) VALUES ('", IdOf(ca),
      "', 1), ('", IdOf(cb), "', 20), ('", IdOf(cc), "', 300), ('", IdOf(ce), "', 4000), ('",
      IdOf(ce), "', 50000), ('", IdOf(NewCustomer("杭州复制无关有限公司")), "', 600000)"));
  const std::string funnel =
      crm::StrCat("SELECT count(*) || ' ' || coalesce(sum(o.amount_fen), 0) FROM ", kSchema,
                  ".opportunities o WHERE ", GroupSubtreePredicate(kSchema, "o.customer_id", 1));
  const auto sum_under = [&](const v1::Node& node) {
    std::string result;
    const absl::Status read = pg::RunReadOnly(*pool_, [&](pqxx::nontransaction& tx) {
      result = tx.exec_params1(funnel, IdOf(node))[0].c_str();
      return absl::OkStatus();
    });
    EXPECT_TRUE(read.ok()) << read;
    return result;
  };
  EXPECT_EQ(sum_under(a), "5 54321");
  EXPECT_EQ(sum_under(b), "3 54020");
  EXPECT_EQ(sum_under(c), "1 300");
  EXPECT_EQ(sum_under(d), "0 0");
}

TEST_F(GroupReplicaTest, AMovedSubtreeTakesItsNewPathsWithinAndAcrossGroups) {
  const std::string ca = NewCustomer("宁波移动集团有限公司");
  const std::string cb = NewCustomer("宁波移动一号子公司有限公司");
  const std::string cc = NewCustomer("宁波移动二号子公司有限公司");
  const std::string ce = NewCustomer("宁波移动孙公司有限公司");
  const std::string cx = NewCustomer("宁波接收集团有限公司");
  const v1::Node a = Group(ca);
  const v1::Node b = AttachCustomer(a, cb);
  const v1::Node c = AttachCustomer(a, cc);
  const v1::Node d = AttachDepartment(b, "销售部");
  const v1::Node e = AttachCustomer(b, ce);
  const v1::Node x = Group(cx);
  Sync();

  // b (with d and e) moves under its sibling c.
  Move(b, c);
  EXPECT_EQ(Sync(), 1);
  EXPECT_THAT(Row(b), HasSubstr(crm::StrCat(PathOf({&a, &c, &b}), " ", IdOf(a), " ")));
  EXPECT_THAT(Row(d), HasSubstr(crm::StrCat(PathOf({&a, &c, &b, &d}), " ", IdOf(a), " - ")));
  EXPECT_THAT(Row(e), HasSubstr(crm::StrCat(PathOf({&a, &c, &b, &e}), " ", IdOf(a), " ")));
  EXPECT_THAT(CustomersUnder(c), UnorderedElementsAre(IdOf(cc), IdOf(cb), IdOf(ce)));
  EXPECT_THAT(CustomersUnder(b), UnorderedElementsAre(IdOf(cb), IdOf(ce)));
  EXPECT_THAT(CustomersUnder(a), UnorderedElementsAre(IdOf(ca), IdOf(cb), IdOf(cc), IdOf(ce)));

  // c, now heading b's subtree, moves to another group.
  Move(c, x);
  EXPECT_EQ(Sync(), 1);
  for (const v1::Node* node : {&c, &b, &d, &e}) {
    EXPECT_THAT(Row(*node), HasSubstr(crm::StrCat(" ", IdOf(x), " "))) << node->name();
  }
  EXPECT_THAT(Row(e), HasSubstr(crm::StrCat(PathOf({&x, &c, &b, &e}), " ")));
  EXPECT_THAT(CustomersUnder(a), ElementsAre(IdOf(ca)));
  EXPECT_THAT(CustomersUnder(x), UnorderedElementsAre(IdOf(cx), IdOf(cc), IdOf(cb), IdOf(ce)));
  // Every node's version is the hierarchy's, though only the top of each
  // move had an event.
  for (const v1::Node* node : {&a, &b, &c, &d, &e, &x}) {
    EXPECT_THAT(Row(*node), EndsWith(crm::StrCat(" ", HierarchyVersion(*node)))) << node->name();
  }
}

TEST_F(GroupReplicaTest, ADetachedSubtreeHeadsAGroupOfItsOwn) {
  const std::string ca = NewCustomer("温州分离集团有限公司");
  const std::string cb = NewCustomer("温州分离子公司有限公司");
  const std::string ce = NewCustomer("温州分离孙公司有限公司");
  const v1::Node a = Group(ca);
  const v1::Node b = AttachCustomer(a, cb);
  const v1::Node e = AttachCustomer(b, ce);
  Sync();
  EXPECT_THAT(CustomersUnder(a), UnorderedElementsAre(IdOf(ca), IdOf(cb), IdOf(ce)));

  Detach(b);
  EXPECT_EQ(Sync(), 1);
  EXPECT_EQ(Row(b),
            crm::StrCat(PathOf({&b}), " ", IdOf(b), " ", IdOf(cb), " ", HierarchyVersion(b)));
  EXPECT_EQ(Row(e),
            crm::StrCat(PathOf({&b, &e}), " ", IdOf(b), " ", IdOf(ce), " ", HierarchyVersion(e)));
  EXPECT_THAT(CustomersUnder(a), ElementsAre(IdOf(ca)));
  EXPECT_THAT(CustomersUnder(b), UnorderedElementsAre(IdOf(cb), IdOf(ce)));
}

TEST_F(GroupReplicaTest, ADeletedNodeLeavesTheReplica) {
  const std::string ca = NewCustomer("台州删除集团有限公司");
  const v1::Node a = Group(ca);
  const v1::Node d = AttachDepartment(a, "财务部");
  Sync();
  ASSERT_EQ(replica_->NodeKnown(IdOf(d)).value_or(false), true);

  Delete(d);
  EXPECT_EQ(Sync(), 1);
  EXPECT_EQ(replica_->NodeKnown(IdOf(d)).value_or(true), false);
  EXPECT_EQ(Row(d), "");
  EXPECT_THAT(CustomersUnder(a), ElementsAre(IdOf(ca)));
  EXPECT_EQ(replica_->NodeKnown(IdOf(a)).value_or(false), true);
}

TEST_F(GroupReplicaTest, APageAppliedAgainChangesNothing) {
  Sync();
  const std::string before = Cursor();
  ASSERT_NE(before, "");
  const v1::Node a = Group(NewCustomer("嘉兴重放集团有限公司"));
  const v1::Node b = AttachCustomer(a, NewCustomer("嘉兴重放一号子公司有限公司"));
  const v1::Node c = AttachCustomer(a, NewCustomer("嘉兴重放二号子公司有限公司"));
  const v1::Node d = AttachDepartment(b, "研发部");
  AttachCustomer(b, NewCustomer("嘉兴重放孙公司有限公司"));
  Move(b, c);
  Move(b, a);  // back: a replay of the first move would match the subtree again
  Delete(d);
  ASSERT_EQ(Sync(), 8);
  const std::string applied = Snapshot();
  const std::string after = Cursor();

  // The same page again: every event id was applied, so nothing is.
  env_->QueryValue(crm::StrCat("UPDATE ", kSchema, ".followed_feeds SET token = '", before,
                               "' WHERE feed = 'hierarchy'"));
  EXPECT_EQ(Sync(), 0);
  EXPECT_EQ(Snapshot(), applied);
  EXPECT_EQ(Cursor(), after);

  // Again with the applied ids forgotten: the events run, but none is newer
  // than what the replica holds (neither move moves or bumps the subtree
  // again; the department, attached again, goes again).
  env_->QueryValue(crm::StrCat("DELETE FROM ", kSchema, ".followed_events"));
  env_->QueryValue(crm::StrCat("UPDATE ", kSchema, ".followed_feeds SET token = '", before,
                               "' WHERE feed = 'hierarchy'"));
  EXPECT_EQ(Sync(), 8);
  EXPECT_EQ(Snapshot(), applied);
}

TEST_F(GroupReplicaTest, AMergedCustomersNodesBecomeTheSurvivors) {
  const std::string ca = NewCustomer("湖州合并集团有限公司");
  const std::string cb = NewCustomer("湖州合并子公司有限公司");
  const std::string survivor = NewCustomer("湖州存续公司有限公司");
  const v1::Node a = Group(ca);
  const v1::Node b = AttachCustomer(a, cb);
  Sync();

  // As the consumer's customer follower would, on cb's MERGED change.
  for (int times = 0; times < 2; ++times) {
    const absl::Status followed = pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
      replica_->FollowCustomerMerge(tx, IdOf(cb), IdOf(survivor));
      return absl::OkStatus();
    });
    ASSERT_TRUE(followed.ok()) << followed;
  }
  EXPECT_THAT(CustomersUnder(a), UnorderedElementsAre(IdOf(ca), IdOf(survivor)));
  EXPECT_THAT(CustomersUnder(b), ElementsAre(IdOf(survivor)));
}

TEST_F(GroupReplicaTest, AnEventItCannotApplyIsCountedAndSkippedAndTheRestApplied) {
  const auto skipped = [] {
    for (const prometheus::MetricFamily& family : registry_->Collect()) {
      if (family.name == "crm_group_replica_skipped_events_total" && !family.metric.empty()) {
        return family.metric[0].counter.value;
      }
    }
    return -1.0;
  };
  Sync();
  const double before = skipped();
  ASSERT_GE(before, 0);
  // An event without the paths a replica needs (an unreadable payload).
  env_->QueryValue(
      "INSERT INTO hierarchy.events (event_id, type, resource, version, payload)"
      " VALUES (gen_random_uuid(), 'NODE_ATTACHED', 'nodes/1', 1, '')");
  const v1::Node a = Group(NewCustomer("丽水跳过集团有限公司"));
  EXPECT_EQ(Sync(), 2);
  EXPECT_EQ(skipped(), before + 1);
  EXPECT_EQ(replica_->NodeKnown(IdOf(a)).value_or(false), true);
  EXPECT_EQ(replica_->Health().last_error, "");
}

// 100,000 nodes under one root and 100,000 in another group, a customer on
// every node and an opportunity for each: the funnel of the whole group (and
// of a subtree of 100) reads the subtree through the GiST index on path.
TEST_F(GroupReplicaTest, ASubtreeOfAHundredThousandNodesIsReadThroughTheGistIndex) {
  constexpr char kBig[] = "replica_big";
  const pg::LibraryMigrations libraries[] = {GroupReplicaMigrations()};
  ASSERT_TRUE(pg::Migrate(*pool_, kBig, {}, libraries).ok());
  const std::string nodes = crm::StrCat(kBig, ".replica_group_nodes");
  // Per group: the root, 1,000 children, 98,999 grandchildren under them.
  for (const int64_t root : {int64_t{1}, int64_t{200000}}) {
    env_->QueryValue(crm::StrCat(
        "INSERT INTO ", nodes, " (node_id, root_id, customer_id, path, version)", " SELECT ", root,
        ", ", root, ", gen_random_uuid(), '", root, "', 1", " UNION ALL SELECT i, ", root,
        ", gen_random_uuid(), ('", root, ".' || i)::ltree, 1 FROM generate_series(", root + 1, ", ",
        root + 1000, ") i", " UNION ALL SELECT i, ", root, ", gen_random_uuid(), ('", root,
        ".' || (", root + 1, " + i % 1000) || '.' || i)::ltree, 1 FROM generate_series(",
        root + 1001, ", ", root + 99999, ") i"));
  }
  env_->QueryValue(crm::StrCat("CREATE TABLE ", kBig,
                               ".opportunities (id bigserial PRIMARY KEY, customer_id uuid NOT "
                               "NULL, stage smallint NOT NULL, amount_fen bigint NOT NULL)"));
  env_->QueryValue(crm::StrCat("INSERT INTO ", kBig,
                               ".opportunities (customer_id, stage, amount_fen)"
                               " SELECT customer_id, node_id % 5, 100 FROM ",
                               nodes));
  env_->QueryValue(crm::StrCat("CREATE INDEX ON ", kBig, ".opportunities (customer_id)"));
  env_->QueryValue(crm::StrCat("ANALYZE ", nodes));
  env_->QueryValue(crm::StrCat("ANALYZE ", kBig, ".opportunities"));
  ASSERT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM ", nodes)), "200000");

  // The customers under node $1, as GroupSubtreePredicate finds them, and
  // the funnel of a group: opportunities by stage.
  const std::string members = crm::StrCat(
      "SELECT count(*) FROM ", nodes,
      " group_member WHERE group_member.customer_id IS NOT NULL AND group_member.path <@"
      " (SELECT group_top.path FROM ",
      nodes, " group_top WHERE group_top.node_id = $1::bigint)");
  const std::string funnel = crm::StrCat(
      "SELECT o.stage, count(*), sum(o.amount_fen) FROM ", kBig, ".opportunities o WHERE ",
      GroupSubtreePredicate(kBig, "o.customer_id", 1), " GROUP BY o.stage");
  struct Measured {
    int64_t whole = 0;  // rows counted under node 1
    int64_t small = 0;  // under node 2
    absl::Duration fastest = absl::InfiniteDuration();
    std::string plan;  // EXPLAIN ANALYZE under node 1
  };
  // Past the fifth run of a prepared statement PostgreSQL may switch to a
  // generic plan: seven runs see both.
  const auto measure = [&](const std::string& sql, int count_column) {
    Measured measured;
    const absl::Status read = pg::RunReadOnly(*pool_, [&](pqxx::nontransaction& tx) {
      tx.exec(crm::StrCat("PREPARE group_query(bigint) AS ", sql));
      const auto count = [&](int64_t node) {
        int64_t rows = 0;
        for (const pqxx::row& row : tx.exec(crm::StrCat("EXECUTE group_query(", node, ")"))) {
          rows += row[count_column].as<int64_t>();
        }
        return rows;
      };
      for (int run = 0; run < 7; ++run) {
        const absl::Time start = absl::Now();
        measured.whole = count(1);
        measured.fastest = std::min(measured.fastest, absl::Now() - start);
      }
      measured.small = count(2);
      for (const pqxx::row& row : tx.exec("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE group_query(1)")) {
        absl::StrAppend(&measured.plan, row[0].c_str(), "\n");
      }
      tx.exec("DEALLOCATE group_query");
      return absl::OkStatus();
    });
    EXPECT_TRUE(read.ok()) << read;
    return measured;
  };

  const Measured subtree = measure(members, 0);
  std::cout << "customers under a node of 100,000: fastest of 7 runs "
            << absl::FormatDuration(subtree.fastest) << "\n"
            << subtree.plan;
  EXPECT_EQ(subtree.whole, 100000);
  EXPECT_EQ(subtree.small, 100);  // node 2 and the 99 nodes i ≡ 0 (mod 1000) under it
  EXPECT_THAT(subtree.plan, HasSubstr("Bitmap Index Scan on replica_group_nodes_path"));
  EXPECT_LT(subtree.fastest, absl::Milliseconds(200));

  // The consumer's join with its own rows costs what its rows cost (about
  // 150 ms here for 100,000 of 200,000 opportunities): reported, not held
  // to a time on a shared machine.
  const Measured by_stage = measure(funnel, 1);
  std::cout << "funnel of 100,000 customers' opportunities: fastest of 7 runs "
            << absl::FormatDuration(by_stage.fastest) << "\n"
            << by_stage.plan;
  EXPECT_EQ(by_stage.whole, 100000);
  EXPECT_EQ(by_stage.small, 100);
  EXPECT_THAT(by_stage.plan, HasSubstr("Bitmap Index Scan on replica_group_nodes_path"));
}

}  // namespace
}  // namespace crm::replicas
