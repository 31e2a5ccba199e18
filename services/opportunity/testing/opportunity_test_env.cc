#include "services/opportunity/testing/opportunity_test_env.h"

#include "gtest/gtest.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity::testing {

using customer::testing::CustomerTestEnv;

absl::StatusOr<std::unique_ptr<OpportunityTestEnv>> OpportunityTestEnv::Start(
    std::string_view name, const std::function<void(OpportunityConfig&)>& configure) {
  auto env = std::make_unique<OpportunityTestEnv>();
  absl::StatusOr<std::unique_ptr<CustomerTestEnv>> customers = CustomerTestEnv::Start(name);
  if (!customers.ok()) return customers.status();
  env->customers_ = *std::move(customers);

  OpportunityConfig config;
  config.pg_dsn = env->customers_->dsn();
  config.pg_pool_size = 4;
  config.redis_address = crm::StrCat("127.0.0.1:", env->customers_->redis().port());
  config.customer_address = crm::StrCat("127.0.0.1:", env->customers_->port());
  config.principal_key = customer::testing::kTestPrincipalKey;
  config.page_token_key = "opportunity-test-page-token-key";
  config.customer_follow_interval = absl::ZeroDuration();
  config.group_follow_interval = absl::ZeroDuration();
  config.jobs_poll = absl::ZeroDuration();  // tests run module().jobs().RunDueOnce()
  config.events_settle = absl::Milliseconds(50);
  config.event_watch_heartbeat = absl::Seconds(1);
  config.clock = &env->clock_;
  if (configure) configure(config);
  absl::StatusOr<std::unique_ptr<OpportunityModule>> module = OpportunityModule::Create(config);
  if (!module.ok()) return module.status();
  env->module_ = *std::move(module);

  server::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.service_name = "crm.opportunity.v1.OpportunityService";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(2);
  env->server_ = std::make_unique<server::GrpcServer>(options);
  env->server_->AddService(env->module_->service());
  if (absl::Status started = env->server_->Start(); !started.ok()) return started;
  env->stub_ = v1::OpportunityService::NewStub(grpc::CreateChannel(
      crm::StrCat("127.0.0.1:", env->server_->port()), grpc::InsecureChannelCredentials()));
  return env;
}

OpportunityTestEnv::~OpportunityTestEnv() {
  if (server_ != nullptr) server_->Shutdown();
  server_.reset();
  module_.reset();
}

absl::Status OpportunityTestEnv::SyncCustomers() {
  return module_->customer_replica().SyncOnce().status();
}

std::string OpportunityTestEnv::NewCustomer(const auth::v1::Principal& owner,
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

std::string OpportunityTestEnv::NewContact(const std::string& customer,
                                           std::string_view display_name) {
  customer::v1::CreateContactRequest request;
  request.set_parent(customer);
  request.mutable_contact()->set_display_name(std::string(display_name));
  request.mutable_contact()->set_title("采购总监");
  request.mutable_contact()->set_decision_role(customer::v1::DECISION_MAKER);
  customer::v1::Contact created;
  const grpc::Status status =
      customers().CreateContact(As(CustomerTestEnv::Hq()).get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created.name();
}

auth::v1::Principal Hq() { return CustomerTestEnv::Hq(); }
auth::v1::Principal EastSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-east");
}
auth::v1::Principal WestSales(std::string_view user) {
  return CustomerTestEnv::Sales(user, "sub-west");
}
auth::v1::Principal Integration() {
  return CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"});
}

}  // namespace crm::opportunity::testing
