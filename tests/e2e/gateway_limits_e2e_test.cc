// What the gateway itself does at its edge: stream deadlines and idle
// timeouts per method, text that is not UTF-8 refused with the field named,
// and health answered for each backend by name. The gateway here gives unary
// calls one second in all, so a stream that lives several times as long
// shows its own policy.
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/health_check.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::gateway {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::HasSubstr;
using testing::TokenFor;
using testing::With;

class GatewayLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GatewayConfig config;
    config.default_deadline = absl::Seconds(1);
    config.max_deadline = absl::Seconds(1);
    servers_.Start("gateway_limits_e2e", config);
    ASSERT_NE(servers_.gateway.org, nullptr);
    testing::EnsureUser(*servers_.gateway.org, "erp-limits", "hq", {"integration"},
                        gateway::v1::User::SERVICE_ACCOUNT);
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override {
    ASSERT_NE(servers_.gateway.customers, nullptr) << "the gateway did not start";
  }

  static inline testing::SuiteServers servers_;
};

TEST_F(GatewayLimitsTest, AnImportStreamOutlivesTheUnaryDeadlineByFar) {
  std::unique_ptr<grpc::ClientContext> context = With(TokenFor("erp-limits"));
  auto stream = servers_.gateway.customers->ImportCustomers(context.get());
  const absl::Time start = absl::Now();
  constexpr int kRows = 8;
  std::thread writer([&] {
    for (int i = 0; i < kRows; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(450));
      v1::ImportCustomersRequest request;
      v1::ImportRow* row = request.add_rows();
      row->set_row_number(i + 1);
      row->mutable_external_reference()->set_source_system("erp-limits");
      row->mutable_external_reference()->set_source_id(
          absl::StrCat("slow-", absl::ToUnixNanos(start), "-", i));
      row->mutable_customer()->set_legal_name(absl::StrCat("慢速导入第", i + 1, "号科技有限公司"));
      row->mutable_customer()->set_uscc(customer::testing::NewUscc());
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  v1::ImportCustomersResponse response;
  int created = 0;
  while (stream->Read(&response)) {
    for (const v1::ImportRowResult& result : response.results()) {
      EXPECT_EQ(result.outcome(), v1::ImportRowResult::CREATED) << result.ShortDebugString();
      if (result.outcome() == v1::ImportRowResult::CREATED) ++created;
    }
  }
  writer.join();
  const grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  EXPECT_EQ(created, kRows);
  EXPECT_GT(absl::Now() - start, absl::Seconds(3)) << "the stream must outlive the 1 s cap";
}

// What `crmctl customer changes --follow` does: a watch that waits longer
// than the unary cap and then gets the change it waited for.
TEST_F(GatewayLimitsTest, AWatchOutlivesTheUnaryDeadlineAndDeliversTheChange) {
  std::unique_ptr<grpc::ClientContext> context = With(TokenFor("erp-limits"));
  // The caller's own deadline still applies, and bounds the test.
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::WatchCustomerChangesRequest request;  // changes from now on
  auto stream = servers_.gateway.customers->WatchCustomerChanges(context.get(), request);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));

  v1::CreateCustomerRequest create;
  create.mutable_customer()->set_legal_name("长连接观察科技有限公司");
  create.mutable_customer()->set_uscc(customer::testing::NewUscc());
  v1::Customer created;
  const grpc::Status created_status =
      servers_.gateway.customers->CreateCustomer(With(TokenFor("admin")).get(), create, &created);
  ASSERT_TRUE(created_status.ok()) << created_status.error_message();

  v1::WatchCustomerChangesResponse response;
  bool seen = false;
  while (!seen && stream->Read(&response)) {
    for (const v1::CustomerChange& change : response.changes()) {
      seen = seen || change.customer() == created.name();
    }
  }
  EXPECT_TRUE(seen) << "the watch ended before the change arrived";
  context->TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

// CreateCustomerRequest{customer{legal_name}} with legal_name in GBK, written
// by hand: protobuf will not serialize a string that is not UTF-8.
std::string GbkCreateCustomerRequest() {
  const std::string gbk_name = "\xC9\xCF\xBA\xA3\xBB\xAA\xD0\xC5";  // 上海华信 in GBK
  std::string customer;
  customer.push_back(static_cast<char>(3 << 3 | 2));  // legal_name = 3
  customer.push_back(static_cast<char>(gbk_name.size()));
  customer += gbk_name;
  std::string request;
  request.push_back(static_cast<char>(1 << 3 | 2));  // customer = 1
  request.push_back(static_cast<char>(customer.size()));
  return request + customer;
}

TEST_F(GatewayLimitsTest, TextThatIsNotUtf8IsRefusedNamingTheField) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", servers_.gateway.server->port()),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  std::unique_ptr<grpc::ClientContext> context = With(TokenFor("admin"));
  const std::string wire = GbkCreateCustomerRequest();
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), "/crm.customer.v1.CustomerService/CreateCustomer",
                 grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) { done.set_value(std::move(status)); });
  const absl::Status status = status::FromGrpc(done.get_future().get());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const auto violations = status::GetFieldViolations(status);
  ASSERT_EQ(violations.size(), 1u) << status;
  EXPECT_EQ(violations[0].field(), "customer.legal_name");
  EXPECT_THAT(violations[0].description(), HasSubstr("not valid UTF-8 (byte 0xC9 at offset 0)"));
}

// The gateway's health for `service`, once it reads `wanted` or after five
// seconds (the gateway asks its backends every second).
absl::StatusOr<server::ServingStatus> HealthOnceItReads(int gateway_port, std::string_view service,
                                                        server::ServingStatus wanted) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway_port),
                                     grpc::InsecureChannelCredentials());
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (true) {
    absl::StatusOr<server::ServingStatus> status =
        server::CheckHealth(channel, service, absl::Seconds(1));
    if ((status.ok() && *status == wanted) || absl::Now() > give_up) return status;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

TEST_F(GatewayLimitsTest, HealthAnswersForEachBackendByName) {
  const int port = servers_.gateway.server->port();
  for (const char* service : {"crm.customer.v1.CustomerService",
                              "crm.hierarchy.v1.HierarchyService", "crm.gateway.v1.OrgService"}) {
    absl::StatusOr<server::ServingStatus> status =
        HealthOnceItReads(port, service, server::ServingStatus::kServing);
    ASSERT_TRUE(status.ok()) << service << ": " << status.status();
    EXPECT_EQ(*status, server::ServingStatus::kServing) << service;
  }
  EXPECT_EQ(server::CheckHealth(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                                    grpc::InsecureChannelCredentials()),
                                "crm.nothing.v1.Nothing", absl::Seconds(1))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

// A customer service of its own (its methods unimplemented: only its name and
// health matter) behind a second gateway, stopped halfway.
class NamedOnly final : public customer::v1::CustomerService::CallbackService {};

TEST_F(GatewayLimitsTest, ABackendThatStopsReadsNotServingAtTheGateway) {
  NamedOnly backend;
  server::ServerOptions options;
  options.access_log = false;
  options.shutdown_grace = absl::Milliseconds(100);
  server::GrpcServer backend_server(options);
  backend_server.AddService(&backend);
  ASSERT_TRUE(backend_server.Start().ok());
  testing::TestGateway gateway =
      testing::StartGateway(backend_server.port(), servers_.env->dsn(), GatewayConfig());
  ASSERT_NE(gateway.server, nullptr);
  constexpr std::string_view kService = "crm.customer.v1.CustomerService";

  absl::StatusOr<server::ServingStatus> before =
      HealthOnceItReads(gateway.server->port(), kService, server::ServingStatus::kServing);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, server::ServingStatus::kServing);

  backend_server.Shutdown();
  absl::StatusOr<server::ServingStatus> after =
      HealthOnceItReads(gateway.server->port(), kService, server::ServingStatus::kNotServing);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, server::ServingStatus::kNotServing);
}

}  // namespace
}  // namespace crm::gateway
