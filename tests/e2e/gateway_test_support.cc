#include "tests/e2e/gateway_test_support.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/jwt/development_token.h"
#include "libs/jwt/signer.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::gateway::testing {

void SuiteServers::Start(std::string_view database_name, GatewayConfig config) {
  absl::StatusOr<std::unique_ptr<customer::testing::CustomerTestEnv>> started =
      customer::testing::CustomerTestEnv::Start(database_name);
  ASSERT_TRUE(started.ok()) << "test servers unavailable: " << started.status();
  env = *std::move(started);

  hierarchy::HierarchyConfig hierarchy_config;
  hierarchy_config.pg_dsn = env->dsn();
  hierarchy_config.pg_pool_size = 4;
  hierarchy_config.redis_address = absl::StrCat("127.0.0.1:", env->redis().port());
  hierarchy_config.customer_address = absl::StrCat("127.0.0.1:", env->port());
  hierarchy_config.principal_key = customer::testing::kTestPrincipalKey;
  hierarchy_config.page_token_key = "hierarchy-test-page-token-key";
  hierarchy_config.customer_sync_interval = absl::Milliseconds(100);
  // The opportunity service follows the hierarchy's feed: serve it soon.
  hierarchy_config.events_settle = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<hierarchy::HierarchyModule>> module =
      hierarchy::HierarchyModule::Create(hierarchy_config);
  ASSERT_TRUE(module.ok()) << module.status();
  hierarchy = *std::move(module);
  server::ServerOptions options;
  options.service_name = "crm.hierarchy.v1.HierarchyService";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(1);
  hierarchy_server = std::make_unique<server::GrpcServer>(options);
  hierarchy_server->AddService(hierarchy->service());
  const absl::Status served = hierarchy_server->Start();
  ASSERT_TRUE(served.ok()) << served;
  const std::string hierarchy_address = absl::StrCat("127.0.0.1:", hierarchy_server->port());
  env->ConnectHierarchy(hierarchy_address);

  opportunity::OpportunityConfig opportunity_config;
  opportunity_config.pg_dsn = env->dsn();
  opportunity_config.pg_pool_size = 4;
  opportunity_config.redis_address = absl::StrCat("127.0.0.1:", env->redis().port());
  opportunity_config.customer_address = absl::StrCat("127.0.0.1:", env->port());
  opportunity_config.hierarchy_address = hierarchy_address;
  opportunity_config.principal_key = customer::testing::kTestPrincipalKey;
  opportunity_config.page_token_key = "opportunity-test-page-token-key";
  opportunity_config.customer_follow_interval = absl::Milliseconds(100);
  opportunity_config.group_follow_interval = absl::Milliseconds(100);
  opportunity_config.events_settle = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<opportunity::OpportunityModule>> pipeline =
      opportunity::OpportunityModule::Create(opportunity_config);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  opportunity = *std::move(pipeline);
  options.service_name = "crm.opportunity.v1.OpportunityService";
  opportunity_server = std::make_unique<server::GrpcServer>(options);
  opportunity_server->AddService(opportunity->service());
  const absl::Status opportunity_served = opportunity_server->Start();
  ASSERT_TRUE(opportunity_served.ok()) << opportunity_served;
  const std::string opportunity_address = absl::StrCat("127.0.0.1:", opportunity_server->port());

  // The contract service's scheduled jobs do not run by themselves (an
  // overdue milestone announced in the background would change data behind a
  // probe's back); signing a contract whose start date has come activates it
  // at once.
  contract::ContractConfig contract_config;
  contract_config.pg_dsn = env->dsn();
  contract_config.pg_pool_size = 4;
  contract_config.redis_address = absl::StrCat("127.0.0.1:", env->redis().port());
  contract_config.customer_address = absl::StrCat("127.0.0.1:", env->port());
  contract_config.hierarchy_address = hierarchy_address;
  contract_config.opportunity_address = opportunity_address;
  contract_config.principal_key = customer::testing::kTestPrincipalKey;
  contract_config.page_token_key = "contract-test-page-token-key";
  contract_config.customer_follow_interval = absl::Milliseconds(100);
  contract_config.group_follow_interval = absl::Milliseconds(100);
  contract_config.events_settle = absl::Milliseconds(200);
  contract_config.jobs_poll = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<contract::ContractModule>> contracts =
      contract::ContractModule::Create(contract_config);
  ASSERT_TRUE(contracts.ok()) << contracts.status();
  contract = *std::move(contracts);
  options.service_name = "crm.contract.v1.ContractService";
  contract_server = std::make_unique<server::GrpcServer>(options);
  contract_server->AddService(contract->service());
  const absl::Status contract_served = contract_server->Start();
  ASSERT_TRUE(contract_served.ok()) << contract_served;
  const std::string contract_address = absl::StrCat("127.0.0.1:", contract_server->port());

  // Collaboration follows the opportunity and contract feeds when a test
  // asks (a won deal opened in the background would change data behind a
  // probe's back), and its SLA and attribution jobs do not run by themselves.
  collaboration::CollaborationConfig collaboration_config;
  collaboration_config.pg_dsn = env->dsn();
  collaboration_config.pg_pool_size = 4;
  collaboration_config.redis_address = absl::StrCat("127.0.0.1:", env->redis().port());
  collaboration_config.customer_address = absl::StrCat("127.0.0.1:", env->port());
  collaboration_config.hierarchy_address = hierarchy_address;
  collaboration_config.opportunity_address = opportunity_address;
  collaboration_config.contract_address = contract_address;
  collaboration_config.principal_key = customer::testing::kTestPrincipalKey;
  collaboration_config.page_token_key = "collaboration-test-page-token-key";
  collaboration_config.customer_follow_interval = absl::Milliseconds(100);
  collaboration_config.group_follow_interval = absl::Milliseconds(100);
  collaboration_config.deal_follow_interval = absl::ZeroDuration();
  collaboration_config.events_settle = absl::Milliseconds(200);
  collaboration_config.jobs_poll = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<collaboration::CollaborationModule>> collaborating =
      collaboration::CollaborationModule::Create(collaboration_config);
  ASSERT_TRUE(collaborating.ok()) << collaborating.status();
  collaboration = *std::move(collaborating);
  options.service_name = "crm.collaboration.v1.CollaborationService";
  collaboration_server = std::make_unique<server::GrpcServer>(options);
  collaboration_server->AddService(collaboration->service());
  const absl::Status collaboration_served = collaboration_server->Start();
  ASSERT_TRUE(collaboration_served.ok()) << collaboration_served;
  const std::string collaboration_address =
      absl::StrCat("127.0.0.1:", collaboration_server->port());

  // Scoring follows the opportunity, contract and collaboration feeds and
  // refreshes its facts when a test asks (a score recomputed in the
  // background would change data behind a probe's back), unless the test
  // wants it as in production; its rescore job does not run by itself.
  scoring::ScoringConfig scoring_config;
  scoring_config.pg_dsn = env->dsn();
  scoring_config.pg_pool_size = 4;
  scoring_config.redis_address = absl::StrCat("127.0.0.1:", env->redis().port());
  scoring_config.customer_address = absl::StrCat("127.0.0.1:", env->port());
  scoring_config.hierarchy_address = hierarchy_address;
  scoring_config.opportunity_address = opportunity_address;
  scoring_config.contract_address = contract_address;
  scoring_config.collaboration_address = collaboration_address;
  scoring_config.principal_key = customer::testing::kTestPrincipalKey;
  scoring_config.page_token_key = "scoring-test-page-token-key";
  scoring_config.customer_follow_interval = absl::Milliseconds(100);
  scoring_config.group_follow_interval = absl::Milliseconds(100);
  if (!scoring_in_background) {
    // Else the module's own intervals, as in production.
    scoring_config.feed_follow_interval = absl::ZeroDuration();
    scoring_config.refresh_interval = absl::ZeroDuration();
  }
  scoring_config.events_settle = absl::Milliseconds(200);
  scoring_config.jobs_poll = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<scoring::ScoringModule>> scores =
      scoring::ScoringModule::Create(scoring_config);
  ASSERT_TRUE(scores.ok()) << scores.status();
  scoring = *std::move(scores);
  options.service_name = "crm.scoring.v1.ScoringService";
  scoring_server = std::make_unique<server::GrpcServer>(options);
  scoring_server->AddService(scoring->service());
  const absl::Status scoring_served = scoring_server->Start();
  ASSERT_TRUE(scoring_served.ok()) << scoring_served;

  config.strict_permissions = true;
  config.backends = {
      {"crm.hierarchy.v1.HierarchyService", hierarchy_address},
      {"crm.opportunity.v1.OpportunityService", opportunity_address},
      {"crm.contract.v1.ContractService", contract_address},
      {"crm.collaboration.v1.CollaborationService", collaboration_address},
      {"crm.scoring.v1.ScoringService", absl::StrCat("127.0.0.1:", scoring_server->port())}};
  gateway = StartGateway(env->port(), env->dsn(), config);
  if (gateway.server != nullptr) {
    const std::shared_ptr<grpc::Channel> channel = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", gateway.server->port()), grpc::InsecureChannelCredentials());
    hierarchy_stub = hierarchy::v1::HierarchyService::NewStub(channel);
    opportunity_stub = opportunity::v1::OpportunityService::NewStub(channel);
    contract_stub = contract::v1::ContractService::NewStub(channel);
    collaboration_stub = collaboration::v1::CollaborationService::NewStub(channel);
    scoring_stub = scoring::v1::ScoringService::NewStub(channel);
  }
}

bool SuiteServers::FollowDealsUntil(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (true) {
    const absl::StatusOr<int64_t> applied = collaboration->FollowDealsOnce();
    EXPECT_TRUE(applied.ok()) << applied.status();
    if (done()) return true;
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

bool SuiteServers::FollowScoresUntil(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (true) {
    const absl::StatusOr<int64_t> followed = scoring->FollowFeedsOnce();
    EXPECT_TRUE(followed.ok()) << followed.status();
    const absl::StatusOr<int64_t> refreshed = scoring->RefreshOnce();
    EXPECT_TRUE(refreshed.ok()) << refreshed.status();
    if (done()) return true;
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

void SuiteServers::Stop() {
  scoring_stub.reset();
  collaboration_stub.reset();
  contract_stub.reset();
  opportunity_stub.reset();
  hierarchy_stub.reset();
  gateway.customers.reset();
  gateway.org.reset();
  gateway.server.reset();
  gateway.module.reset();
  scoring_server.reset();
  scoring.reset();
  collaboration_server.reset();
  collaboration.reset();
  contract_server.reset();
  contract.reset();
  opportunity_server.reset();
  opportunity.reset();
  hierarchy_server.reset();
  hierarchy.reset();
  env.reset();
}

TestGateway StartGateway(int backend_port, const std::string& pg_dsn, GatewayConfig config) {
  config.backends.emplace_back("crm.customer.v1.CustomerService",
                               absl::StrCat("127.0.0.1:", backend_port));
  config.pg_dsn = pg_dsn;
  config.hs256_secret = kTokenSecret;
  config.principal_key = customer::testing::kTestPrincipalKey;
  TestGateway gateway;
  absl::StatusOr<std::unique_ptr<GatewayModule>> module = GatewayModule::Create(config);
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok()) return gateway;
  gateway.module = *std::move(module);
  server::ServerOptions options;
  options.service_name = "gateway";
  options.access_log = false;
  options.shutdown_grace = absl::Seconds(1);
  gateway.server = std::make_unique<server::GrpcServer>(options);
  gateway.server->SetGenericService(gateway.module->proxy());
  const absl::Status started = gateway.server->Start();
  EXPECT_TRUE(started.ok()) << started;
  if (!started.ok()) return gateway;
  gateway.module->ServeBackendHealth(*gateway.server);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway.server->port()),
                                     grpc::InsecureChannelCredentials());
  gateway.customers = customer::v1::CustomerService::NewStub(channel);
  gateway.org = v1::OrgService::NewStub(channel);
  return gateway;
}

nlohmann::json Claims(const std::string& user) {
  return {{"iss", jwt::kDevelopmentIssuer},
          {"aud", jwt::kDevelopmentAudience},
          {"sub", user},
          {"exp", absl::ToUnixSeconds(absl::Now() + absl::Minutes(10))}};
}

std::string Token(const nlohmann::json& claims, const std::string& secret) {
  absl::StatusOr<std::string> token =
      jwt::Signer::SignHs256(jwt::kDevelopmentKeyId, secret, claims);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

std::string TokenFor(const std::string& user) { return Token(Claims(user)); }

std::unique_ptr<grpc::ClientContext> With(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::string Reason(const grpc::Status& status) {
  const auto info = status::GetErrorInfo(status::FromGrpc(status));
  return info.has_value() ? info->reason() : "";
}

void EnsureOrgUnit(v1::OrgService::Stub& org, const std::string& id, const std::string& parent_id,
                   v1::OrgUnit::Kind kind) {
  v1::CreateOrgUnitRequest request;
  request.set_org_unit_id(id);
  request.mutable_org_unit()->set_parent(absl::StrCat("orgUnits/", parent_id));
  request.mutable_org_unit()->set_kind(kind);
  request.mutable_org_unit()->set_display_name(absl::StrCat("Org unit ", id));
  v1::OrgUnit created;
  const grpc::Status status = org.CreateOrgUnit(With(TokenFor("admin")).get(), request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << id << ": " << status.error_message();
}

void EnsureUser(v1::OrgService::Stub& org, const std::string& id, const std::string& org_unit_id,
                std::vector<std::string> roles, v1::User::Type type) {
  v1::CreateUserRequest request;
  request.set_user_id(id);
  v1::User* user = request.mutable_user();
  user->set_display_name(absl::StrCat("User ", id));
  user->set_org_unit(absl::StrCat("orgUnits/", org_unit_id));
  user->set_type(type);
  for (std::string& role : roles) user->add_roles(std::move(role));
  v1::User created;
  const grpc::Status status = org.CreateUser(With(TokenFor("admin")).get(), request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << id << ": " << status.error_message();
}

}  // namespace crm::gateway::testing
