#include "services/scoring/testing/scoring_test_env.h"

#include <thread>

#include "gtest/gtest.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::scoring::testing {
namespace {

using customer::testing::CustomerTestEnv;

// Every module's feed settles this soon, so tests need not wait long.
constexpr absl::Duration kSettle = absl::Milliseconds(50);

server::ServerOptions LoopbackOptions(const char* service_name) {
  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = service_name;
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(2);
  return options;
}

std::string Loopback(const server::GrpcServer& server) {
  return crm::StrCat("127.0.0.1:", server.port());
}

}  // namespace

absl::StatusOr<std::unique_ptr<ScoringTestEnv>> ScoringTestEnv::Start(std::string_view name,
                                                                      ScoringTestOptions options) {
  auto env = std::make_unique<ScoringTestEnv>();
  absl::StatusOr<std::unique_ptr<CustomerTestEnv>> customers = CustomerTestEnv::Start(name);
  if (!customers.ok()) return customers.status();
  env->customers_ = *std::move(customers);

  if (options.opportunity || options.contract) {
    if (absl::Status s = env->StartOpportunities(); !s.ok()) return s;
  }
  if (options.contract) {
    if (absl::Status s = env->StartContracts(); !s.ok()) return s;
  }
  if (options.collaboration) {
    if (absl::Status s = env->StartCollaboration(); !s.ok()) return s;
  }

  ScoringConfig config;
  config.pg_dsn = env->customers_->dsn();
  config.pg_pool_size = 4;
  config.redis_address = crm::StrCat("127.0.0.1:", env->customers_->redis().port());
  config.customer_address = crm::StrCat("127.0.0.1:", env->customers_->port());
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "scoring-test-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.feed_follow_interval = absl::ZeroDuration();  // tests call FollowFeedsOnce()
  config.refresh_interval = absl::ZeroDuration();      // tests call RefreshOnce()
  config.jobs_poll = absl::ZeroDuration();             // tests call RunJobs()
  config.events_settle = kSettle;
  config.event_watch_heartbeat = absl::Seconds(1);
  config.clock = &env->clock_;
  if (env->opportunity_server_ != nullptr) {
    config.opportunity_address = Loopback(*env->opportunity_server_);
  }
  if (env->contract_server_ != nullptr) config.contract_address = Loopback(*env->contract_server_);
  if (env->collaboration_server_ != nullptr) {
    config.collaboration_address = Loopback(*env->collaboration_server_);
  }
  if (options.configure) options.configure(config);
  absl::StatusOr<std::unique_ptr<ScoringModule>> module = ScoringModule::Create(config);
  if (!module.ok()) return module.status();
  env->module_ = *std::move(module);

  env->server_ =
      std::make_unique<server::GrpcServer>(LoopbackOptions("crm.scoring.v1.ScoringService"));
  env->server_->AddService(env->module_->service());
  if (absl::Status started = env->server_->Start(); !started.ok()) return started;
  env->stub_ = v1::ScoringService::NewStub(
      grpc::CreateChannel(Loopback(*env->server_), grpc::InsecureChannelCredentials()));
  return env;
}

absl::Status ScoringTestEnv::StartOpportunities() {
  opportunity::OpportunityConfig config;
  config.pg_dsn = customers_->dsn();
  config.pg_pool_size = 2;
  config.customer_address = crm::StrCat("127.0.0.1:", customers_->port());
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "scoring-test-opportunity-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.jobs_poll = absl::ZeroDuration();
  config.events_settle = kSettle;
  config.clock = &clock_;
  absl::StatusOr<std::unique_ptr<opportunity::OpportunityModule>> module =
      opportunity::OpportunityModule::Create(config);
  if (!module.ok()) return module.status();
  opportunity_module_ = *std::move(module);
  opportunity_server_ = std::make_unique<server::GrpcServer>(
      LoopbackOptions("crm.opportunity.v1.OpportunityService"));
  opportunity_server_->AddService(opportunity_module_->service());
  if (absl::Status started = opportunity_server_->Start(); !started.ok()) return started;
  opportunity_stub_ = opportunity::v1::OpportunityService::NewStub(
      grpc::CreateChannel(Loopback(*opportunity_server_), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

absl::Status ScoringTestEnv::StartContracts() {
  contract::ContractConfig config;
  config.pg_dsn = customers_->dsn();
  config.pg_pool_size = 2;
  config.redis_address = "";  // the scoring module reads the feed from PostgreSQL
  config.customer_address = crm::StrCat("127.0.0.1:", customers_->port());
  config.opportunity_address = Loopback(*opportunity_server_);
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "scoring-test-contract-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.jobs_poll = absl::ZeroDuration();
  config.events_settle = kSettle;
  config.event_watch_heartbeat = absl::Seconds(1);
  config.clock = &clock_;
  absl::StatusOr<std::unique_ptr<contract::ContractModule>> module =
      contract::ContractModule::Create(config);
  if (!module.ok()) return module.status();
  contract_module_ = *std::move(module);
  contract_server_ =
      std::make_unique<server::GrpcServer>(LoopbackOptions("crm.contract.v1.ContractService"));
  contract_server_->AddService(contract_module_->service());
  if (absl::Status started = contract_server_->Start(); !started.ok()) return started;
  contract_stub_ = contract::v1::ContractService::NewStub(
      grpc::CreateChannel(Loopback(*contract_server_), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

absl::Status ScoringTestEnv::StartCollaboration() {
  collaboration::CollaborationConfig config;
  config.pg_dsn = customers_->dsn();
  config.pg_pool_size = 2;
  config.redis_address = "";  // the scoring module reads the feed from PostgreSQL
  config.customer_address = crm::StrCat("127.0.0.1:", customers_->port());
  if (opportunity_server_ != nullptr) config.opportunity_address = Loopback(*opportunity_server_);
  if (contract_server_ != nullptr) config.contract_address = Loopback(*contract_server_);
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "scoring-test-collaboration-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.deal_follow_interval = absl::ZeroDuration();  // FollowCollaborationDealsOnce()
  config.jobs_poll = absl::ZeroDuration();
  config.events_settle = kSettle;
  config.event_watch_heartbeat = absl::Seconds(1);
  config.clock = &clock_;
  absl::StatusOr<std::unique_ptr<collaboration::CollaborationModule>> module =
      collaboration::CollaborationModule::Create(config);
  if (!module.ok()) return module.status();
  collaboration_module_ = *std::move(module);
  collaboration_server_ = std::make_unique<server::GrpcServer>(
      LoopbackOptions("crm.collaboration.v1.CollaborationService"));
  collaboration_server_->AddService(collaboration_module_->service());
  if (absl::Status started = collaboration_server_->Start(); !started.ok()) return started;
  collaboration_stub_ = collaboration::v1::CollaborationService::NewStub(
      grpc::CreateChannel(Loopback(*collaboration_server_), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

ScoringTestEnv::~ScoringTestEnv() {
  // The scoring module first: its followers and refresher call the others;
  // then collaboration, whose deal followers call the opportunity and
  // contract services.
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
  module_.reset();
  if (collaboration_server_ != nullptr) collaboration_server_->Shutdown();
  collaboration_server_.reset();
  collaboration_module_.reset();
  if (contract_server_ != nullptr) contract_server_->Shutdown();
  contract_server_.reset();
  contract_module_.reset();
  if (opportunity_server_ != nullptr) opportunity_server_->Shutdown();
  opportunity_server_.reset();
  opportunity_module_.reset();
}

absl::Status ScoringTestEnv::SyncCustomers() {
  if (absl::Status s = module_->customer_replica().SyncOnce().status(); !s.ok()) return s;
  if (opportunity_module_ != nullptr) {
    if (absl::Status s = opportunity_module_->customer_replica().SyncOnce().status(); !s.ok()) {
      return s;
    }
  }
  if (contract_module_ != nullptr) {
    if (absl::Status s = contract_module_->customer_replica().SyncOnce().status(); !s.ok()) {
      return s;
    }
  }
  if (collaboration_module_ != nullptr) {
    if (absl::Status s = collaboration_module_->customer_replica().SyncOnce().status(); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ScoringTestEnv::FollowFeedsOnce() {
  WaitForFeeds();
  return module_->FollowFeedsOnce();
}

absl::StatusOr<int64_t> ScoringTestEnv::RefreshOnce() { return module_->RefreshOnce(); }

absl::StatusOr<int64_t> ScoringTestEnv::CatchUp() {
  if (absl::Status s = FollowFeedsOnce().status(); !s.ok()) return s;
  return RefreshOnce();
}

absl::StatusOr<int64_t> ScoringTestEnv::FollowCollaborationDealsOnce() {
  if (collaboration_module_ == nullptr) return 0;
  WaitForFeeds();
  return collaboration_module_->FollowDealsOnce();
}

absl::StatusOr<int64_t> ScoringTestEnv::RunJobs() {
  absl::StatusOr<int> ran = module_->jobs().RunDueOnce();
  if (!ran.ok()) return ran.status();
  return *ran;
}

void ScoringTestEnv::WaitForFeeds() {
  std::this_thread::sleep_for(absl::ToChronoMilliseconds(kSettle * 3));
}

std::string ScoringTestEnv::NewCustomer(const auth::v1::Principal& owner,
                                        std::string_view legal_name) {
  customer::v1::CreateCustomerRequest request;
  request.mutable_customer()->set_legal_name(std::string(legal_name));
  request.mutable_customer()->set_uscc(customer::testing::NewUscc());
  request.mutable_customer()->set_industry("C");
  request.mutable_customer()->set_region("310115");
  customer::v1::Customer created;
  const grpc::Status status = customers().CreateCustomer(As(owner).get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created.name();
}

void ScoringTestEnv::AddGroupNode(int64_t node_id, int64_t parent_id, const std::string& customer) {
  const std::string customer_id = names::ParseCustomerName(customer).value_or("");
  const std::string customer_value =
      customer_id.empty() ? "NULL" : crm::StrCat("'", customer_id, "'::uuid");
  Exec(
      crm::StrCat("INSERT INTO scoring.replica_group_nodes (node_id, root_id, customer_id, path,"
                  " version) SELECT ",
                  node_id, ", coalesce(p.root_id, ", node_id, "), ", customer_value,
                  ", coalesce(p.path || '", node_id, "'::ltree, '", node_id,
                  "'::ltree), 1 FROM (SELECT 1) AS one LEFT JOIN scoring.replica_group_nodes p"
                  " ON p.node_id = ",
                  parent_id));
}

auth::v1::Principal Hq() { return CustomerTestEnv::Hq(); }
auth::v1::Principal Strategy(std::string_view user) {
  auth::v1::Principal principal = CustomerTestEnv::WithRoles(user, "hq", {"strategy"});
  principal.set_global_scope(true);
  return principal;
}
auth::v1::Principal SubStrategy(std::string_view user) {
  return CustomerTestEnv::WithRoles(user, "sub-east", {"strategy"});
}
auth::v1::Principal EastSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-east");
}
auth::v1::Principal WestSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-west");
}
auth::v1::Principal NorthSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-north");
}
auth::v1::Principal EastAdmin(std::string_view user) {
  return CustomerTestEnv::WithRoles(user, "sub-east", {"org_admin"});
}
auth::v1::Principal Integration() {
  return CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"});
}

}  // namespace crm::scoring::testing
