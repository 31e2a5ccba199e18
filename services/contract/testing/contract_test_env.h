#ifndef CRM_SERVICES_CONTRACT_TESTING_CONTRACT_TEST_ENV_H_
#define CRM_SERVICES_CONTRACT_TESTING_CONTRACT_TEST_ENV_H_

// A real contract service for tests: the real customer service
// (services/customer/testing: a fresh database, a private Redis), the
// contract module on the same database (its own schema) with a FakeClock,
// served by the production gRPC bootstrap on a loopback port, and helpers to
// call both as a given principal.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/clock/fake_clock.h"
#include "libs/grpc_server/grpc_server.h"
#include "services/contract/contract_module.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/opportunity/opportunity_module.h"

namespace crm::contract::testing {

class ContractTestEnv final {
 public:
  // Fails (returns an error) when PostgreSQL or Redis cannot be reached:
  // tests that need servers never silently skip. `configure`, when given,
  // adjusts the contract service's configuration first. Nothing runs by
  // itself: call SyncCustomers() for the customer follower and RunJobs()
  // for the jobs; no hierarchy or opportunity address, so no group replica
  // (AddGroupNode writes groups directly) and CreateContract.opportunity is
  // checked for its form only, unless `with_opportunities`: then the real
  // opportunity module runs too (same database and customer service, its
  // own loopback server) and CreateContract asks it.
  static absl::StatusOr<std::unique_ptr<ContractTestEnv>> Start(
      std::string_view name, const std::function<void(ContractConfig&)>& configure = nullptr,
      bool with_opportunities = false);
  ContractTestEnv() = default;
  ~ContractTestEnv();

  v1::ContractService::Stub& stub() { return *stub_; }
  customer::v1::CustomerService::Stub& customers() { return customers_->stub(); }
  customer::testing::CustomerTestEnv& customer_env() { return *customers_; }
  ContractModule& module() { return *module_; }
  // The opportunity service (Start with `with_opportunities` only).
  opportunity::v1::OpportunityService::Stub& opportunities() { return *opportunity_stub_; }
  // The contract service's time: starts at FakeClock::DefaultStart().
  clock::FakeClock& clock() { return clock_; }
  const std::string& dsn() const { return customers_->dsn(); }

  // A context carrying `principal`, signed with the suite's test key.
  std::unique_ptr<grpc::ClientContext> As(const auth::v1::Principal& principal) const {
    return customers_->As(principal);
  }

  // One round of the customer follower (merges, unmerges, changes).
  absl::Status SyncCustomers();
  // One round of every due job (activation, expiry, reminders, overdue).
  absl::Status RunJobs();

  // A new customer created by `owner` (so owned by its org unit); its name.
  std::string NewCustomer(const auth::v1::Principal& owner, std::string_view legal_name);

  // A customer-group node in contract.replica_group_nodes, as the group
  // replica would hold it: `node_id` under `parent_id` (0: a root), for
  // `customer` (customers/{uuid}; "" for a node without a customer).
  void AddGroupNode(int64_t node_id, int64_t parent_id, const std::string& customer);

  // The first column of the first row of `sql` on the test database ("" when
  // there is none); also runs statements that return nothing.
  std::string QueryValue(const std::string& sql) const { return customers_->QueryValue(sql); }

 private:
  absl::Status StartOpportunities();

  clock::FakeClock clock_;
  std::unique_ptr<customer::testing::CustomerTestEnv> customers_;
  std::unique_ptr<opportunity::OpportunityModule> opportunity_module_;
  std::unique_ptr<server::GrpcServer> opportunity_server_;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunity_stub_;
  std::unique_ptr<ContractModule> module_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<v1::ContractService::Stub> stub_;
};

// Principals of the tests' seller organisation: HQ (hq_admin, sees all),
// sales users of the subsidiaries sub-east and sub-west, the approvers
// (legal and finance of sub-east, finance at HQ) and an integration (feed
// reader, receipts).
auth::v1::Principal Hq();
auth::v1::Principal EastSales(std::string_view user = "li.si");
auth::v1::Principal WestSales(std::string_view user = "wang.wu");
auth::v1::Principal EastLegal(std::string_view user = "zhao.legal");
auth::v1::Principal EastFinance(std::string_view user = "qian.finance");
auth::v1::Principal HqFinance(std::string_view user = "sun.finance");
auth::v1::Principal Integration();

}  // namespace crm::contract::testing

#endif  // CRM_SERVICES_CONTRACT_TESTING_CONTRACT_TEST_ENV_H_
