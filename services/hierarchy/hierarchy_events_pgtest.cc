// The hierarchy's feed and its customer follower through the hierarchy's
// gRPC API, against the real customer service, PostgreSQL and Redis: every
// structure change is one event with the node's paths, List and Watch share
// cursors, only feed readers may read, and customer changes reach the trees
// through the follower, whose cursor lives in the hierarchy's schema.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "libs/auth/service_principal.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/watch_reader.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/hierarchy/hierarchy_module.h"

namespace crm::hierarchy {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Type = v1::HierarchyEvent;

constexpr int kMaxWatches = 2;

auth::v1::Principal Erp() { return CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"}); }

// One WatchHierarchyEvents call, read message by message.
using Watch = crm::testing::WatchReader<v1::WatchHierarchyEventsResponse, v1::HierarchyEvent,
                                        &v1::WatchHierarchyEventsResponse::events>;

class HierarchyEventsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("hierarchy_events");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    HierarchyConfig config;
    config.pg_dsn = env_->dsn();
    config.pg_pool_size = 4;
    config.redis_address = crm::StrCat("127.0.0.1:", env_->redis().port());
    config.customer_address = crm::StrCat("127.0.0.1:", env_->port());
    config.principal_key = customer::testing::kTestPrincipalKey;
    config.page_token_key = "hierarchy-events-test-page-token-key";
    config.customer_sync_interval = absl::Milliseconds(100);
    config.events_settle = absl::Milliseconds(50);
    config.event_watch_heartbeat = absl::Seconds(1);
    config.max_event_watches = kMaxWatches;
    absl::StatusOr<std::unique_ptr<HierarchyModule>> module = HierarchyModule::Create(config);
    ASSERT_TRUE(module.ok()) << module.status();
    module_ = *std::move(module);
    server::ServerOptions options;
    options.address = "127.0.0.1:0";
    options.service_name = "crm.hierarchy.v1.HierarchyService";
    options.access_log = false;
    server_ = std::make_unique<server::GrpcServer>(options);
    server_->AddService(module_->service());
    ASSERT_TRUE(server_->Start().ok());
    env_->ConnectHierarchy(crm::StrCat("127.0.0.1:", server_->port()));
    stub_ = v1::HierarchyService::NewStub(grpc::CreateChannel(
        crm::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    stub_.reset();
    server_.reset();
    module_.reset();
    env_.reset();
  }
  void SetUp() override { ASSERT_NE(stub_, nullptr) << "the suite did not start"; }

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

  static v1::Node Group(const std::string& customer) {
    v1::CreateGroupRequest request;
    request.set_customer(customer);
    v1::Node root;
    const grpc::Status status =
        stub_->CreateGroup(env_->As(CustomerTestEnv::Hq()).get(), request, &root);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return root;
  }

  static v1::Node Attach(const std::string& parent, v1::Node node) {
    v1::AttachNodeRequest request;
    request.set_parent(parent);
    *request.mutable_node() = std::move(node);
    v1::Node attached;
    const grpc::Status status =
        stub_->AttachNode(env_->As(CustomerTestEnv::Hq()).get(), request, &attached);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return attached;
  }
  static v1::Node Customer(const std::string& customer) {
    v1::Node node;
    node.set_kind(v1::Node::CUSTOMER);
    node.set_customer(customer);
    node.set_edge_type(v1::WHOLLY_OWNED);
    node.set_ownership_percent("100");
    return node;
  }
  static v1::Node Department(const std::string& name) {
    v1::Node node;
    node.set_kind(v1::Node::DEPARTMENT);
    node.set_display_name(name);
    node.set_edge_type(v1::DEPARTMENT);
    return node;
  }

  // The cursor after every settled event.
  static std::string EndCursor() {
    absl::SleepFor(absl::Milliseconds(100));  // the settle delay
    v1::ListHierarchyEventsRequest request;
    request.set_page_size(1000);
    while (true) {
      v1::ListHierarchyEventsResponse response;
      const grpc::Status status =
          stub_->ListHierarchyEvents(env_->As(Erp()).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.events().empty()) return response.next_page_token();
      request.set_page_token(response.next_page_token());
    }
  }

  // The events after `token`, once settled.
  static std::vector<v1::HierarchyEvent> EventsAfter(const std::string& token) {
    absl::SleepFor(absl::Milliseconds(100));
    v1::ListHierarchyEventsRequest request;
    request.set_page_token(token);
    request.set_page_size(1000);
    v1::ListHierarchyEventsResponse response;
    const grpc::Status status =
        stub_->ListHierarchyEvents(env_->As(Erp()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  static Watch StartWatch(const std::string& token, const auth::v1::Principal& principal = Erp()) {
    Watch watch;
    watch.context = env_->As(principal);
    v1::WatchHierarchyEventsRequest request;
    request.set_page_token(token);
    watch.reader = stub_->WatchHierarchyEvents(watch.context.get(), request);
    return watch;
  }
  static std::vector<std::string> Path(const v1::Node& node) {
    std::vector<std::string> path(node.ancestors().begin(), node.ancestors().end());
    path.push_back(node.name());
    return path;
  }
  static v1::Node Get(const std::string& name) {
    v1::GetNodeRequest request;
    request.set_name(name);
    v1::Node node;
    EXPECT_TRUE(stub_->GetNode(env_->As(CustomerTestEnv::Hq()).get(), request, &node).ok());
    return node;
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
  static inline std::unique_ptr<HierarchyModule> module_;
  static inline std::unique_ptr<server::GrpcServer> server_;
  static inline std::unique_ptr<v1::HierarchyService::Stub> stub_;
};

TEST_F(HierarchyEventsTest, EveryStructureChangeIsOneEventWithTheNodesPaths) {
  const std::string start = EndCursor();
  const std::string group_customer = NewCustomer("杭州事件集团有限公司");
  const v1::Node a = Group(group_customer);
  const v1::Node b = Attach(a.name(), Customer(NewCustomer("杭州事件一号子公司有限公司")));
  const v1::Node c = Attach(a.name(), Customer(NewCustomer("杭州事件二号子公司有限公司")));
  const v1::Node d = Attach(b.name(), Department("采购部"));

  v1::MoveNodeRequest move;
  move.set_name(b.name());
  move.set_new_parent(c.name());
  move.set_edge_type(v1::CONTROLLED);
  move.set_ownership_percent("60");
  v1::Node moved;
  ASSERT_TRUE(stub_->MoveNode(env_->As(CustomerTestEnv::Hq()).get(), move, &moved).ok());
  v1::DetachNodeRequest detach;
  detach.set_name(b.name());
  v1::Node detached;
  ASSERT_TRUE(stub_->DetachNode(env_->As(CustomerTestEnv::Hq()).get(), detach, &detached).ok());
  v1::DeleteNodeRequest remove;
  remove.set_name(d.name());
  v1::DeleteNodeResponse removed;
  ASSERT_TRUE(stub_->DeleteNode(env_->As(CustomerTestEnv::Hq()).get(), remove, &removed).ok());

  const std::vector<v1::HierarchyEvent> events = EventsAfter(start);
  ASSERT_EQ(events.size(), 7u);
  std::vector<Type::Type> types;
  for (const auto& event : events) types.push_back(event.type());
  EXPECT_THAT(types, ElementsAre(Type::GROUP_CREATED, Type::NODE_ATTACHED, Type::NODE_ATTACHED,
                                 Type::NODE_ATTACHED, Type::NODE_MOVED, Type::NODE_DETACHED,
                                 Type::NODE_DELETED));
  EXPECT_EQ(events[0].node(), a.name());
  EXPECT_THAT(events[0].path(), ElementsAre(a.name()));
  EXPECT_EQ(events[0].customer(), group_customer);
  EXPECT_EQ(events[0].kind(), v1::Node::CUSTOMER);
  EXPECT_THAT(events[3].path(), ElementsAre(a.name(), b.name(), d.name()));
  EXPECT_EQ(events[3].kind(), v1::Node::DEPARTMENT);
  // Moved: from under a to under c.
  EXPECT_EQ(events[4].node(), b.name());
  EXPECT_THAT(events[4].path(), ElementsAre(a.name(), c.name(), b.name()));
  EXPECT_THAT(events[4].previous_path(), ElementsAre(a.name(), b.name()));
  // Detached: heads a group of its own.
  EXPECT_THAT(events[5].path(), ElementsAre(b.name()));
  EXPECT_THAT(events[5].previous_path(), ElementsAre(a.name(), c.name(), b.name()));
  // Deleted: where it was, under the detached b.
  EXPECT_EQ(events[6].node(), d.name());
  EXPECT_THAT(events[6].path(), ElementsAre(b.name(), d.name()));
  // Ids are unique; versions and times are set.
  EXPECT_NE(events[0].event_id(), events[1].event_id());
  EXPECT_GT(events[4].version(), 0);
  EXPECT_GT(events[6].time().seconds(), 0);
}

TEST_F(HierarchyEventsTest, AWatchGetsLiveEventsAndItsCursorContinuesTheList) {
  const std::string start = EndCursor();
  Watch watch = StartWatch(start);
  const absl::Time written = absl::Now();
  const v1::Node root = Group(NewCustomer("宁波观察事件集团有限公司"));
  ASSERT_TRUE(watch.ReadItems(1));
  EXPECT_LT(absl::Now() - written, absl::Seconds(3));
  EXPECT_EQ(watch.items[0].type(), Type::GROUP_CREATED);
  EXPECT_EQ(watch.items[0].node(), root.name());
  EXPECT_TRUE(EventsAfter(watch.last_token).empty());
  // Silence brings heartbeats that still carry the cursor.
  const int messages = watch.messages;
  ASSERT_TRUE(watch.ReadOne());
  EXPECT_EQ(watch.messages, messages + 1);
  EXPECT_EQ(watch.items.size(), 1u);
  EXPECT_FALSE(watch.last_token.empty());
  EXPECT_EQ(watch.Cancel().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(HierarchyEventsTest, OnlyFeedReadersMayReadTheFeed) {
  v1::ListHierarchyEventsRequest request;
  v1::ListHierarchyEventsResponse response;
  const grpc::Status sales = stub_->ListHierarchyEvents(
      env_->As(CustomerTestEnv::Sales("li.lei", "sub-east")).get(), request, &response);
  EXPECT_EQ(sales.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(sales.error_message(), HasSubstr("hq_admin or integration"));
  EXPECT_TRUE(
      stub_->ListHierarchyEvents(env_->As(CustomerTestEnv::Hq()).get(), request, &response).ok());
  EXPECT_TRUE(
      stub_
          ->ListHierarchyEvents(env_->As(auth::ServicePrincipal("services/opportunity")).get(),
                                request, &response)
          .ok());

  Watch watch = StartWatch("", CustomerTestEnv::Sales("li.lei", "sub-east"));
  EXPECT_FALSE(watch.ReadOne());
  EXPECT_EQ(watch.reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(HierarchyEventsTest, BadRequestsAreRefusedNamingTheField) {
  v1::ListHierarchyEventsRequest negative;
  negative.set_page_size(-1);
  v1::ListHierarchyEventsResponse response;
  const grpc::Status refused =
      stub_->ListHierarchyEvents(env_->As(Erp()).get(), negative, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("page_size"));

  v1::ListHierarchyEventsRequest garbage;
  garbage.set_page_token("garbage");
  EXPECT_EQ(stub_->ListHierarchyEvents(env_->As(Erp()).get(), garbage, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  Watch bad = StartWatch("not-a-cursor");
  EXPECT_FALSE(bad.ReadOne());
  EXPECT_EQ(bad.reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(HierarchyEventsTest, WatchesBeyondTheLimitAreRefused) {
  crm::testing::ExpectWatchLimit<Watch>(kMaxWatches, [] { return StartWatch(""); });
}

TEST_F(HierarchyEventsTest, TheCustomerFollowerCopiesChangesIntoTheTreeWithItsCursorInTheSchema) {
  const std::string customer = NewCustomer("温州跟随事件集团有限公司");
  const v1::Node root = Group(customer);
  customer::v1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(customer);
  update.mutable_customer()->set_region("330300");
  update.mutable_update_mask()->add_paths("region");
  customer::v1::Customer updated;
  ASSERT_TRUE(
      env_->stub().UpdateCustomer(env_->As(CustomerTestEnv::Hq()).get(), update, &updated).ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Get(root.name()).region() != "330300" && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Get(root.name()).region(), "330300");
  EXPECT_NE(env_->QueryValue("SELECT token FROM hierarchy.followed_feeds WHERE feed = 'customer'"),
            "");
  EXPECT_EQ(env_->QueryValue("SELECT to_regclass('hierarchy.feed_cursor') IS NULL"), "t");
  const events::FollowerHealth health = module_->customer_follower_health();
  EXPECT_EQ(health.last_error, "");
  EXPECT_LT(health.lag, absl::Seconds(5));
}

}  // namespace
}  // namespace crm::hierarchy
