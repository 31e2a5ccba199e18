#include "tools/crmctl/health_command.h"

#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

constexpr char kService[] = "crm.customer.v1.CustomerService";

// A server with nothing but gRPC's own health service.
class HealthCommandTest : public CrmctlServerTest {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    ASSERT_NO_FATAL_FAILURE(CrmctlServerTest::SetUp());
    server_->GetHealthCheckService()->SetServingStatus(kService, true);
  }

  // A server needs one service of its own before it starts the health one.
  void RegisterServices(grpc::ServerBuilder& builder) override {
    builder.RegisterCallbackGenericService(&unimplemented_);
  }

  grpc::CallbackGenericService unimplemented_;
};

TEST_F(HealthCommandTest, ServingExitsZero) {
  ASSERT_EQ(Run({"health"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "SERVING\n");
  ASSERT_EQ(Run({"health", "--service", kService, "-o", "json"}), kExitOk);
  EXPECT_EQ(out_.str(), "{\n \"status\": \"SERVING\"\n}\n");
}

TEST_F(HealthCommandTest, NotServingExitsOne) {
  server_->GetHealthCheckService()->SetServingStatus(kService, false);
  ASSERT_EQ(Run({"--server", "crm:1", "health", "--service", kService}), kExitFailed);
  EXPECT_EQ(out_.str(), "NOT_SERVING\n");
  EXPECT_EQ(err_.str(),
            "error: UNAVAILABLE: crm:1 reports NOT_SERVING for "
            "crm.customer.v1.CustomerService\n"
            "  reason: NOT_SERVING (crmctl) server=crm:1 "
            "service=crm.customer.v1.CustomerService\n");
}

TEST_F(HealthCommandTest, UnknownServiceIsNotFound) {
  ASSERT_EQ(Run({"health", "--service", "no.such.Service"}), kExitFailed);
  EXPECT_EQ(err_.str().rfind("error: NOT_FOUND", 0), 0u) << err_.str();
}

}  // namespace
}  // namespace crm::crmctl
