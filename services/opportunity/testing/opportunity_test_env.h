#ifndef CRM_SERVICES_OPPORTUNITY_TESTING_OPPORTUNITY_TEST_ENV_H_
#define CRM_SERVICES_OPPORTUNITY_TESTING_OPPORTUNITY_TEST_ENV_H_

// A real opportunity service for tests: the real customer service
// (services/customer/testing: a fresh database, a private Redis), the
// opportunity module on the same database (its own schema) with a FakeClock,
// served by the production gRPC bootstrap on a loopback port, and helpers to
// call both as a given principal.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/clock/fake_clock.h"
#include "libs/grpc_server/grpc_server.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/opportunity/opportunity_module.h"

namespace crm::opportunity::testing {

class OpportunityTestEnv final {
 public:
  // Fails (returns an error) when PostgreSQL or Redis cannot be reached:
  // tests that need servers never silently skip. `configure`, when given,
  // adjusts the opportunity service's configuration first. Nothing runs by
  // itself: call SyncCustomers() for the customer follower and
  // module().jobs().RunDueOnce() for the jobs; no hierarchy address, so no
  // group replica.
  static absl::StatusOr<std::unique_ptr<OpportunityTestEnv>> Start(
      std::string_view name, const std::function<void(OpportunityConfig&)>& configure = nullptr);
  OpportunityTestEnv() = default;
  ~OpportunityTestEnv();

  v1::OpportunityService::Stub& stub() { return *stub_; }
  customer::v1::CustomerService::Stub& customers() { return customers_->stub(); }
  customer::testing::CustomerTestEnv& customer_env() { return *customers_; }
  OpportunityModule& module() { return *module_; }
  // The opportunity service's time: starts at FakeClock::DefaultStart().
  clock::FakeClock& clock() { return clock_; }
  const std::string& dsn() const { return customers_->dsn(); }

  // A context carrying `principal`, signed with the suite's test key.
  std::unique_ptr<grpc::ClientContext> As(const auth::v1::Principal& principal) const {
    return customers_->As(principal);
  }

  // One round of the customer follower (merges, unmerges, changes).
  absl::Status SyncCustomers();

  // A new customer created by `owner` (so owned by its org unit); its name.
  std::string NewCustomer(const auth::v1::Principal& owner, std::string_view legal_name);
  // A new contact of `customer` (a DECISION_MAKER named 张三), created as HQ.
  std::string NewContact(const std::string& customer, std::string_view display_name = "张三");

  // The first column of the first row of `sql` on the test database.
  std::string QueryValue(const std::string& sql) const { return customers_->QueryValue(sql); }

 private:
  clock::FakeClock clock_;
  std::unique_ptr<customer::testing::CustomerTestEnv> customers_;
  std::unique_ptr<OpportunityModule> module_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<v1::OpportunityService::Stub> stub_;
};

// Principals of the tests' seller organisation: HQ (hq_admin, sees all), and
// sales users of the subsidiaries sub-east and sub-west.
auth::v1::Principal Hq();
auth::v1::Principal EastSales(std::string_view user = "li.si");
auth::v1::Principal WestSales(std::string_view user = "wang.wu");
// An integration (feed reader).
auth::v1::Principal Integration();

}  // namespace crm::opportunity::testing

#endif  // CRM_SERVICES_OPPORTUNITY_TESTING_OPPORTUNITY_TEST_ENV_H_
