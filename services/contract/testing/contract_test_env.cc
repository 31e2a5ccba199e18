#include "services/contract/testing/contract_test_env.h"

#include "gtest/gtest.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::contract::testing {

using customer::testing::CustomerTestEnv;

absl::StatusOr<std::unique_ptr<ContractTestEnv>> ContractTestEnv::Start(
    std::string_view name, const std::function<void(ContractConfig&)>& configure,
    bool with_opportunities) {
  auto env = std::make_unique<ContractTestEnv>();
  absl::StatusOr<std::unique_ptr<CustomerTestEnv>> customers = CustomerTestEnv::Start(name);
  if (!customers.ok()) return customers.status();
  env->customers_ = *std::move(customers);

  if (with_opportunities) {
    if (absl::Status s = env->StartOpportunities(); !s.ok()) return s;
  }

  ContractConfig config;
  config.pg_dsn = env->customers_->dsn();
  config.pg_pool_size = 4;
  config.redis_address = crm::StrCat("127.0.0.1:", env->customers_->redis().port());
  config.customer_address = crm::StrCat("127.0.0.1:", env->customers_->port());
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "contract-test-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.jobs_poll = absl::ZeroDuration();  // tests run RunJobs()
  config.events_settle = absl::Milliseconds(50);
  config.event_watch_heartbeat = absl::Seconds(1);
  config.clock = &env->clock_;
  if (env->opportunity_server_ != nullptr) {
    config.opportunity_address = crm::StrCat("127.0.0.1:", env->opportunity_server_->port());
  }
  if (configure) configure(config);
  absl::StatusOr<std::unique_ptr<ContractModule>> module = ContractModule::Create(config);
  if (!module.ok()) return module.status();
  env->module_ = *std::move(module);

  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = "crm.contract.v1.ContractService";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(2);
  env->server_ = std::make_unique<server::GrpcServer>(options);
  env->server_->AddService(env->module_->service());
  if (absl::Status started = env->server_->Start(); !started.ok()) return started;
  env->stub_ = v1::ContractService::NewStub(grpc::CreateChannel(
      crm::StrCat("127.0.0.1:", env->server_->port()), grpc::InsecureChannelCredentials()));
  return env;
}

absl::Status ContractTestEnv::StartOpportunities() {
  opportunity::OpportunityConfig config;
  config.pg_dsn = customers_->dsn();
  config.pg_pool_size = 2;
  config.customer_address = crm::StrCat("127.0.0.1:", customers_->port());
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "contract-test-opportunity-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.jobs_poll = absl::ZeroDuration();
  config.clock = &clock_;
  absl::StatusOr<std::unique_ptr<opportunity::OpportunityModule>> module =
      opportunity::OpportunityModule::Create(config);
  if (!module.ok()) return module.status();
  opportunity_module_ = *std::move(module);
  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = "crm.opportunity.v1.OpportunityService";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(2);
  opportunity_server_ = std::make_unique<server::GrpcServer>(options);
  opportunity_server_->AddService(opportunity_module_->service());
  if (absl::Status started = opportunity_server_->Start(); !started.ok()) return started;
  opportunity_stub_ = opportunity::v1::OpportunityService::NewStub(grpc::CreateChannel(
      crm::StrCat("127.0.0.1:", opportunity_server_->port()), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

ContractTestEnv::~ContractTestEnv() {
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
  module_.reset();
  if (opportunity_server_ != nullptr) opportunity_server_->Shutdown();
  opportunity_server_.reset();
  opportunity_module_.reset();
}

absl::Status ContractTestEnv::SyncCustomers() {
  return module_->customer_replica().SyncOnce().status();
}

absl::Status ContractTestEnv::RunJobs() { return module_->jobs().RunDueOnce().status(); }

std::string ContractTestEnv::NewCustomer(const auth::v1::Principal& owner,
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

void ContractTestEnv::AddGroupNode(int64_t node_id, int64_t parent_id,
                                   const std::string& customer) {
  const std::string customer_id = names::ParseCustomerName(customer).value_or("");
  const std::string customer_value =
      customer_id.empty() ? "NULL" : crm::StrCat("'", customer_id, "'::uuid");
  QueryValue(crm::StrCat(
      "INSERT INTO contract.replica_group_nodes (node_id, root_id, customer_id, path, version)"
      " SELECT ",
      node_id, ", coalesce(p.root_id, ", node_id, "), ", customer_value, ", coalesce(p.path || '",
      node_id, "'::ltree, '", node_id,
      "'::ltree), 1 FROM (SELECT 1) AS one LEFT JOIN contract.replica_group_nodes p"
      " ON p.node_id = ",
      parent_id));
}

auth::v1::Principal Hq() { return CustomerTestEnv::Hq(); }
auth::v1::Principal EastSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-east");
}
auth::v1::Principal WestSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-west");
}
auth::v1::Principal EastLegal(std::string_view user) {
  return CustomerTestEnv::WithRoles(user, "sub-east", {"legal"});
}
auth::v1::Principal EastFinance(std::string_view user) {
  return CustomerTestEnv::WithRoles(user, "sub-east", {"finance"});
}
auth::v1::Principal HqFinance(std::string_view user) {
  return CustomerTestEnv::WithRoles(user, "hq", {"finance"});
}
auth::v1::Principal Integration() {
  return CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"});
}

}  // namespace crm::contract::testing
