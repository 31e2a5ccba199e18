#ifndef CRM_TESTS_E2E_GATEWAY_TEST_SUPPORT_H_
#define CRM_TESTS_E2E_GATEWAY_TEST_SUPPORT_H_

// A real gateway for end-to-end tests: in front of a customer service, with
// the seller organisation in the test database, and helpers to call it with
// tokens and to seed org units and users through its admin API.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/grpc_server/grpc_server.h"
#include "nlohmann/json.hpp"
#include "services/collaboration/collaboration_module.h"
#include "services/contract/contract_module.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/gateway/gateway_module.h"
#include "services/hierarchy/hierarchy_module.h"
#include "services/opportunity/opportunity_module.h"
#include "services/scoring/scoring_module.h"

namespace crm::gateway::testing {

inline constexpr char kTokenSecret[] = "gateway-e2e-token-secret-0123456789abcdef";

// Destroyed stubs, server, module: the safe order.
struct TestGateway {
  std::unique_ptr<GatewayModule> module;
  std::unique_ptr<server::GrpcServer> server;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers;
  std::unique_ptr<v1::OrgService::Stub> org;
};

// What an e2e test binary shares across its tests: the customer, hierarchy,
// opportunity, contract, collaboration and scoring services on a fresh
// database and a gateway in front of them with strict permissions. The
// collaboration service follows the opportunity and contract feeds only when
// a test asks (collaboration->FollowDealsOnce()), and its SLA and attribution
// jobs do not run by themselves. The scoring service likewise follows the
// opportunity, contract and collaboration feeds and refreshes its facts only
// when a test asks (FollowScoresUntil), unless scoring_in_background is set
// before Start: then it does both by itself at its production intervals; its
// rescore job never runs by itself.
struct SuiteServers {
  bool scoring_in_background = false;

  std::unique_ptr<customer::testing::CustomerTestEnv> env;
  std::unique_ptr<hierarchy::HierarchyModule> hierarchy;
  std::unique_ptr<server::GrpcServer> hierarchy_server;
  std::unique_ptr<opportunity::OpportunityModule> opportunity;
  std::unique_ptr<server::GrpcServer> opportunity_server;
  std::unique_ptr<contract::ContractModule> contract;
  std::unique_ptr<server::GrpcServer> contract_server;
  std::unique_ptr<collaboration::CollaborationModule> collaboration;
  std::unique_ptr<server::GrpcServer> collaboration_server;
  std::unique_ptr<scoring::ScoringModule> scoring;
  std::unique_ptr<server::GrpcServer> scoring_server;
  TestGateway gateway;
  // Through the gateway.
  std::unique_ptr<hierarchy::v1::HierarchyService::Stub> hierarchy_stub;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunity_stub;
  std::unique_ptr<contract::v1::ContractService::Stub> contract_stub;
  std::unique_ptr<collaboration::v1::CollaborationService::Stub> collaboration_stub;
  std::unique_ptr<scoring::v1::ScoringService::Stub> scoring_stub;

  // Starts them; a failure is reported as a test failure and leaves the
  // gateway's stubs null. `config` sets the gateway's limits.
  void Start(std::string_view database_name, GatewayConfig config = GatewayConfig());
  // Stubs, servers, modules, then the service and its database.
  void Stop();
  // Follows the opportunity and contract feeds until `done` holds (the feeds
  // serve an event 200 ms after its commit) or 20 s have passed; returns
  // whether it held. Failures to follow are test failures.
  bool FollowDealsUntil(const std::function<bool()>& done);
  // Has the scoring service follow the opportunity, contract and
  // collaboration feeds and refresh the dirty customers' facts and scores
  // until `done` holds or 20 s have passed; returns whether it held.
  // Failures to follow or refresh are test failures.
  bool FollowScoresUntil(const std::function<bool()>& done);
};

// A gateway on a free loopback port in front of the customer service at
// `backend_port` (and the backends already in `config`), with its
// organisation in the database at `pg_dsn`.
// Failures are test failures; the stubs are null then.
TestGateway StartGateway(int backend_port, const std::string& pg_dsn, GatewayConfig config);

// Token claims for `user` (other claims are not trusted by the gateway).
nlohmann::json Claims(const std::string& user);
std::string Token(const nlohmann::json& claims, const std::string& secret = kTokenSecret);
std::string TokenFor(const std::string& user);
std::unique_ptr<grpc::ClientContext> With(const std::string& token);

// The ErrorInfo reason of a failed call ("" when none).
std::string Reason(const grpc::Status& status);

// Creates, as the bootstrap administrator, what does not exist yet.
void EnsureOrgUnit(v1::OrgService::Stub& org, const std::string& id, const std::string& parent_id,
                   v1::OrgUnit::Kind kind);
void EnsureUser(v1::OrgService::Stub& org, const std::string& id, const std::string& org_unit_id,
                std::vector<std::string> roles, v1::User::Type type = v1::User::HUMAN);

}  // namespace crm::gateway::testing

#endif  // CRM_TESTS_E2E_GATEWAY_TEST_SUPPORT_H_
