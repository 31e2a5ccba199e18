#ifndef CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_TEST_ENV_H_
#define CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_TEST_ENV_H_

// A real customer service for tests: a fresh PostgreSQL database, a private
// Redis process, the module served by the production gRPC bootstrap on a
// loopback port, and helpers to call it as a given principal.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/principal_signer.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/testing/redis_process.h"
#include "libs/testing/test_database.h"
#include "services/customer/customer_module.h"

namespace crm::customer::testing {

inline constexpr char kTestPrincipalKey[] = "customer-test-principal-key-0123456789";

class CustomerTestEnv final {
 public:
  // Fails (returns an error) when PostgreSQL or Redis cannot be reached or
  // started: tests that need servers never silently skip.
  // `configure`, when given, adjusts the service's configuration first.
  static absl::StatusOr<std::unique_ptr<CustomerTestEnv>> Start(
      std::string_view name, const std::function<void(CustomerConfig&)>& configure = nullptr);
  CustomerTestEnv() = default;
  ~CustomerTestEnv();

  v1::CustomerService::Stub& stub() { return *stub_; }
  int port() const;  // the customer service's gRPC port on 127.0.0.1
  // The service, for tests that serve it again on a server of their own.
  grpc::Service* service() { return module_->service(); }
  crm::testing::RedisProcess& redis() { return *redis_; }
  // See CustomerModule::ConnectHierarchy.
  void ConnectHierarchy(const std::string& address) { module_->ConnectHierarchy(address); }
  const std::string& dsn() const { return database_->dsn(); }

  // A context carrying a principal signed with the service's key.
  std::unique_ptr<grpc::ClientContext> As(const auth::v1::Principal& principal) const;

  static auth::v1::Principal Hq();
  static auth::v1::Principal Sales(std::string_view user, std::string_view org_unit);
  static auth::v1::Principal WithRoles(std::string_view user, std::string_view org_unit,
                                       std::vector<std::string> roles);

  // Runs one SQL statement on the test database and returns the first column
  // of the first row ("" when no row), for checks the API cannot make (what
  // is stored at rest, audit rows).
  std::string QueryValue(const std::string& sql) const;

 private:
  std::unique_ptr<crm::testing::TestDatabase> database_;
  std::unique_ptr<crm::testing::RedisProcess> redis_;
  std::unique_ptr<CustomerModule> module_;
  std::unique_ptr<server::GrpcServer> server_;
  std::unique_ptr<v1::CustomerService::Stub> stub_;
  std::unique_ptr<auth::PrincipalSigner> signer_;
};

// A valid USCC, different on every call (check character computed).
std::string NewUscc();

}  // namespace crm::customer::testing

#endif  // CRM_SERVICES_CUSTOMER_TESTING_CUSTOMER_TEST_ENV_H_
