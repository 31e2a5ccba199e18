#ifndef CRM_SERVICES_SCORING_TESTING_SCORING_TEST_ENV_H_
#define CRM_SERVICES_SCORING_TESTING_SCORING_TEST_ENV_H_

// A real scoring service for tests: the real customer service
// (services/customer/testing: a fresh database, a private Redis), the
// scoring module on the same database (its own schema) with a FakeClock,
// served by the production gRPC bootstrap on a loopback port, and helpers
// to call them as a given principal. Optionally the real opportunity,
// contract and collaboration modules run too (same database and customer
// service, their own loopback servers), their addresses given to the
// scoring module: its followers follow their feeds and its refresher reads
// them.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/clock/fake_clock.h"
#include "libs/grpc_server/grpc_server.h"
#include "services/collaboration/collaboration_module.h"
#include "services/contract/contract_module.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/opportunity/opportunity_module.h"
#include "services/scoring/scoring_module.h"

namespace crm::scoring::testing {

struct ScoringTestOptions {
  // The real opportunity module, its address given to the scoring module.
  bool opportunity = false;
  // The real contract module (with the opportunity one, which it asks about
  // contracts of won opportunities: `contract` implies `opportunity`), its
  // address given to the scoring module.
  bool contract = false;
  // The real collaboration module (given the opportunity and contract
  // addresses when those run, so won deals open attributions once
  // FollowCollaborationDealsOnce() runs), its address given to the scoring
  // module.
  bool collaboration = false;
  // Adjusts the scoring service's configuration last.
  std::function<void(ScoringConfig&)> configure;
};

class ScoringTestEnv final {
 public:
  // Fails (returns an error) when PostgreSQL or Redis cannot be reached:
  // tests that need servers never silently skip. Nothing runs by itself:
  // call SyncCustomers() for the customer followers, FollowFeedsOnce() for
  // the facts' feed followers, RefreshOnce() for the refresher and RunJobs()
  // for the jobs. No hierarchy address, so no group replica: AddGroupNode
  // writes groups directly. Every module's feed settles after 50 ms, so a
  // test sees its events at once.
  static absl::StatusOr<std::unique_ptr<ScoringTestEnv>> Start(std::string_view name,
                                                               ScoringTestOptions options = {});
  ScoringTestEnv() = default;
  ~ScoringTestEnv();

  v1::ScoringService::Stub& stub() { return *stub_; }
  customer::v1::CustomerService::Stub& customers() { return customers_->stub(); }
  customer::testing::CustomerTestEnv& customer_env() { return *customers_; }
  ScoringModule& module() { return *module_; }
  const ScoringContext& context() { return module_->context(); }
  // The other services (when started).
  opportunity::v1::OpportunityService::Stub& opportunities() { return *opportunity_stub_; }
  contract::v1::ContractService::Stub& contracts() { return *contract_stub_; }
  collaboration::v1::CollaborationService::Stub& collaboration() { return *collaboration_stub_; }
  opportunity::OpportunityModule& opportunity_module() { return *opportunity_module_; }
  contract::ContractModule& contract_module() { return *contract_module_; }
  collaboration::CollaborationModule& collaboration_module() { return *collaboration_module_; }
  // Every module's time: starts at FakeClock::DefaultStart().
  clock::FakeClock& clock() { return clock_; }
  const std::string& dsn() const { return customers_->dsn(); }

  // A context carrying `principal`, signed with the suite's test key.
  std::unique_ptr<grpc::ClientContext> As(const auth::v1::Principal& principal) const {
    return customers_->As(principal);
  }

  // One round of the customer follower of every module started (merges,
  // unmerges, changes).
  absl::Status SyncCustomers();
  // Waits past the feeds' settle time, then one round of the scoring
  // module's feed followers; the events that marked a customer dirty.
  absl::StatusOr<int64_t> FollowFeedsOnce();
  // One round of the refresher: the customers refreshed and scored.
  absl::StatusOr<int64_t> RefreshOnce();
  // FollowFeedsOnce() then RefreshOnce(): what the service does within
  // seconds of a change elsewhere; the customers refreshed.
  absl::StatusOr<int64_t> CatchUp();
  // One round of the collaboration module's deal followers (won
  // opportunities and signed contracts open attributions), after the feeds
  // settle.
  absl::StatusOr<int64_t> FollowCollaborationDealsOnce();
  // One round of every due job of the scoring module; the jobs run.
  absl::StatusOr<int64_t> RunJobs();
  // Sleeps past the feeds' settle time (the events recorded so far are then
  // served).
  static void WaitForFeeds();

  // A new customer created by `owner` (so owned by its org unit); its name.
  std::string NewCustomer(const auth::v1::Principal& owner, std::string_view legal_name);

  // A customer-group node in scoring.replica_group_nodes, as the group
  // replica would hold it: `node_id` under `parent_id` (0: a root), for
  // `customer` (customers/{uuid}; "" for a node without a customer).
  void AddGroupNode(int64_t node_id, int64_t parent_id, const std::string& customer);

  // The first column of the first row of `sql` on the test database ("" when
  // there is none).
  std::string QueryValue(const std::string& sql) const { return customers_->QueryValue(sql); }
  // Runs a statement that returns nothing (seeding facts, scores, ...).
  void Exec(const std::string& sql) const { customers_->QueryValue(sql); }

 private:
  absl::Status StartOpportunities();
  absl::Status StartContracts();
  absl::Status StartCollaboration();

  clock::FakeClock clock_;
  std::unique_ptr<customer::testing::CustomerTestEnv> customers_;
  std::unique_ptr<opportunity::OpportunityModule> opportunity_module_;
  std::unique_ptr<server::GrpcServer> opportunity_server_;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunity_stub_;
  std::unique_ptr<contract::ContractModule> contract_module_;
  std::unique_ptr<server::GrpcServer> contract_server_;
  std::unique_ptr<contract::v1::ContractService::Stub> contract_stub_;
  std::unique_ptr<collaboration::CollaborationModule> collaboration_module_;
  std::unique_ptr<server::GrpcServer> collaboration_server_;
  std::unique_ptr<collaboration::v1::CollaborationService::Stub> collaboration_stub_;
  std::unique_ptr<ScoringModule> module_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<v1::ScoringService::Stub> stub_;
};

// Principals of the tests' seller organisation: HQ (hq_admin, sees all);
// the strategy centre at HQ (role strategy, global scope) and a strategy
// role granted below HQ (sub-east: refused the strategy actions); sales
// users of the subsidiaries sub-east, sub-west and sub-north (a subsidiary
// that takes part in nothing); an org admin of sub-east; an integration
// (feed reader).
auth::v1::Principal Hq();
auth::v1::Principal Strategy(std::string_view user = "zhou.strategy");
auth::v1::Principal SubStrategy(std::string_view user = "wu.strategy");
auth::v1::Principal EastSales(std::string_view user = "li.si");
auth::v1::Principal WestSales(std::string_view user = "wang.wu");
auth::v1::Principal NorthSales(std::string_view user = "zhao.liu");
auth::v1::Principal EastAdmin(std::string_view user = "chen.admin");
auth::v1::Principal Integration();

}  // namespace crm::scoring::testing

#endif  // CRM_SERVICES_SCORING_TESTING_SCORING_TEST_ENV_H_
