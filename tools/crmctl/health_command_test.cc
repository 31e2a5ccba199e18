#include "tools/crmctl/health_command.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tools/crmctl/app.h"

namespace crm::crmctl {
namespace {

constexpr char kService[] = "crm.customer.v1.CustomerService";

// A server with nothing but gRPC's own health service.
class HealthCommandTest : public testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    // A server needs one service of its own before it starts the health one.
    builder.RegisterCallbackGenericService(&unimplemented_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    server_->GetHealthCheckService()->SetServingStatus(kService, true);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  int Run(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunCrmctl(
        args, Defaults(),
        [this](const std::string&) {
          return server_->InProcessChannel(grpc::ChannelArguments());
        },
        out_, err_);
  }

  grpc::CallbackGenericService unimplemented_;
  std::unique_ptr<grpc::Server> server_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(HealthCommandTest, ServingExitsZero) {
  ASSERT_EQ(Run({"health"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "SERVING\n");
  ASSERT_EQ(Run({"health", "--service", kService, "-o", "json"}), kExitOk);
  EXPECT_EQ(out_.str(), "{\n \"status\": \"SERVING\"\n}\n");
}

TEST_F(HealthCommandTest, NotServingExitsOne) {
  server_->GetHealthCheckService()->SetServingStatus(kService, false);
  ASSERT_EQ(Run({"--server", "crm:1", "health", "--service", kService}),
            kExitFailed);
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
