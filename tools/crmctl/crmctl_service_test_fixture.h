#ifndef CRM_TOOLS_CRMCTL_CRMCTL_SERVICE_TEST_FIXTURE_H_
#define CRM_TOOLS_CRMCTL_CRMCTL_SERVICE_TEST_FIXTURE_H_

// crmctl command lines against the real customer service (a fresh
// PostgreSQL database and a private Redis), served in-process.

#include <stdlib.h>

#include <memory>
#include <string_view>

#include "gtest/gtest.h"
#include "libs/auth/principal_key.h"
#include "services/customer/testing/customer_test_env.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {

class CrmctlCustomerServiceTest : public CrmctlServerTest {
 protected:
  using CustomerTestEnv = customer::testing::CustomerTestEnv;

  // From the subclass's SetUpTestSuite, with a database name of its own.
  static void StartService(std::string_view database_name) {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start(database_name);
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    // crmctl signs the principal it sends with this key, as the service expects.
    setenv(auth::kPrincipalKeyEnv, customer::testing::kTestPrincipalKey, 1);
  }
  static void TearDownTestSuite() { env_.reset(); }

  void SetUp() override {
    ASSERT_NE(env_, nullptr) << "environment failed to start";
    CrmctlServerTest::SetUp();
    UseTemporaryHome();
  }

  void RegisterServices(grpc::ServerBuilder& builder) override {
    builder.RegisterService(env_->service());
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CRMCTL_SERVICE_TEST_FIXTURE_H_
