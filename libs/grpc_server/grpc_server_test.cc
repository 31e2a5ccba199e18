#include "libs/grpc_server/grpc_server.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crm/testing/v1/echo_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "libs/grpc_server/metric_samples_for_test.h"
#include "libs/grpc_server/request_id.h"

namespace crm::server {
namespace {

namespace v1 = ::crm::testing::v1;

// Echoes the message and the request id the interceptor resolved.
class EchoService final : public v1::EchoService::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override {
    response->set_message(request->message());
    response->set_request_id(std::string(RequestId(*context)));
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(request->fail_with_code() == 0
                        ? grpc::Status::OK
                        : grpc::Status(static_cast<grpc::StatusCode>(request->fail_with_code()),
                                       "asked to fail"));
    return reactor;
  }
};

// grpc.health.v1 by hand (Debian ships no generated code for it): the request
// is field 1 (service name), the answer field 1 (1 SERVING, 2 NOT_SERVING).
int HealthStatus(grpc::Channel& channel, const std::string& service) {
  std::string request;
  request.push_back(0x0a);
  request.push_back(static_cast<char>(service.size()));
  request += service;
  grpc::Slice slice(request);
  grpc::ByteBuffer send(&slice, 1), receive;
  grpc::GenericStub stub(std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &send, &receive,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  if (!status.ok()) return -static_cast<int>(status.error_code());
  std::vector<grpc::Slice> slices;
  receive.Dump(&slices);
  std::string bytes;
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : 0;
}

class GrpcServerTest : public ::testing::Test {
 protected:
  virtual ServerOptions Options() const {
    ServerOptions options;
    options.service_name = "echo";
    options.access_log = false;
    options.shutdown_grace = absl::Seconds(1);
    return options;
  }

  void SetUp() override {
    server_ = std::make_unique<GrpcServer>(Options());
    server_->AddService(&service_);
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::EchoService::NewStub(channel_);
  }

  grpc::Status Echo(const std::string& request_id, v1::EchoResponse* response,
                    std::string* trailing_id = nullptr, int fail_with = 0) {
    grpc::ClientContext context;
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
    v1::EchoRequest request;
    request.set_message("你好");
    request.set_fail_with_code(fail_with);
    grpc::Status status = stub_->Echo(&context, request, response);
    if (trailing_id != nullptr) {
      auto found = context.GetServerTrailingMetadata().find("x-request-id");
      *trailing_id = found == context.GetServerTrailingMetadata().end()
                         ? ""
                         : std::string(found->second.data(), found->second.size());
    }
    return status;
  }

  EchoService service_;
  std::unique_ptr<GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EchoService::Stub> stub_;
};

TEST_F(GrpcServerTest, KeepsTheCallersRequestIdAndReturnsItInTrailers) {
  v1::EchoResponse response;
  std::string trailing;
  ASSERT_TRUE(Echo("req-123.abc_X", &response, &trailing).ok());
  EXPECT_EQ(response.message(), "你好");
  EXPECT_EQ(response.request_id(), "req-123.abc_X");
  EXPECT_EQ(trailing, "req-123.abc_X");
}

TEST_F(GrpcServerTest, GeneratesARequestIdWhenMissingOrMalformed) {
  for (const std::string& sent :
       std::vector<std::string>{"", "has spaces", std::string(200, 'a')}) {
    v1::EchoResponse response;
    std::string trailing;
    ASSERT_TRUE(Echo(sent, &response, &trailing).ok());
    EXPECT_EQ(response.request_id().size(), kGeneratedRequestIdLength) << sent;
    EXPECT_TRUE(IsValidRequestId(response.request_id()));
    EXPECT_EQ(trailing, response.request_id()) << "the caller learns the id";
  }
  v1::EchoResponse first, second;
  ASSERT_TRUE(Echo("", &first).ok());
  ASSERT_TRUE(Echo("", &second).ok());
  EXPECT_NE(first.request_id(), second.request_id());
}

TEST_F(GrpcServerTest, ReturnsTheRequestIdOnFailuresToo) {
  v1::EchoResponse response;
  std::string trailing;
  grpc::Status status = Echo("failing-call", &response, &trailing, grpc::NOT_FOUND);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(trailing, "failing-call");
}

TEST_F(GrpcServerTest, CountsCallsByMethodAndCode) {
  v1::EchoResponse response;
  ASSERT_TRUE(Echo("", &response).ok());
  ASSERT_TRUE(Echo("", &response).ok());
  EXPECT_FALSE(Echo("", &response, nullptr, grpc::INVALID_ARGUMENT).ok());
  const std::string method = "/crm.testing.v1.EchoService/Echo";
  EXPECT_EQ(SampleValue(server_->metrics(), "crm_rpc_requests_total",
                        {{"method", method}, {"code", "OK"}}),
            2.0);
  EXPECT_EQ(SampleValue(server_->metrics(), "crm_rpc_requests_total",
                        {{"method", method}, {"code", "INVALID_ARGUMENT"}}),
            1.0);
  EXPECT_EQ(SampleValue(server_->metrics(), "crm_rpc_latency_seconds", {{"method", method}}), 3.0);
}

TEST_F(GrpcServerTest, HealthIsServingUntilShutdownThenCallsFail) {
  EXPECT_EQ(HealthStatus(*channel_, ""), 1);
  EXPECT_EQ(HealthStatus(*channel_, "crm.testing.v1.EchoService"), 1);
  EXPECT_EQ(HealthStatus(*channel_, "no.such.Service"), -grpc::StatusCode::NOT_FOUND);
  server_->Shutdown();
  server_->Wait();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::EchoRequest request;
  v1::EchoResponse response;
  EXPECT_EQ(stub_->Echo(&context, request, &response).error_code(), grpc::StatusCode::UNAVAILABLE);
}

// A server with a not-serving delay, as a load balancer sees it stop.
class GrpcServerShutdownTest : public GrpcServerTest {
 protected:
  static constexpr absl::Duration kDelay = absl::Seconds(1);

  ServerOptions Options() const override {
    ServerOptions options = GrpcServerTest::Options();
    options.not_serving_delay = kDelay;
    return options;
  }

  grpc::StatusCode Echo() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::EchoRequest request;
    v1::EchoResponse response;
    return stub_->Echo(&context, request, &response).error_code();
  }
};

TEST_F(GrpcServerShutdownTest, ReportsNotServingAtOnceServesThroughTheDelayThenRefuses) {
  ASSERT_EQ(Echo(), grpc::StatusCode::OK);
  const absl::Time begun = absl::Now();
  std::thread stopper([this] { server_->Shutdown(); });

  // NOT_SERVING at once, overall and per service.
  int overall = 1;
  while (overall == 1 && absl::Now() - begun < kDelay / 2) overall = HealthStatus(*channel_, "");
  EXPECT_EQ(overall, 2) << "still SERVING " << absl::FormatDuration(absl::Now() - begun)
                        << " after Shutdown() began";
  EXPECT_EQ(HealthStatus(*channel_, "crm.testing.v1.EchoService"), 2);

  // Still served for the delay.
  int served = 0;
  while (absl::Now() - begun < kDelay * 0.8) {
    EXPECT_EQ(Echo(), grpc::StatusCode::OK)
        << absl::FormatDuration(absl::Now() - begun) << " after Shutdown() began";
    ++served;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_GT(served, 5);

  stopper.join();
  EXPECT_GE(absl::Now() - begun, kDelay) << "Shutdown() returned before the delay was over";
  EXPECT_EQ(Echo(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(GrpcServerShutdownTest, NamesSetInTheHealthServiceTurnNotServingWithTheServer) {
  grpc::HealthCheckServiceInterface* health = server_->health_service();
  ASSERT_NE(health, nullptr);
  health->SetServingStatus("crm.other.v1.Backend", true);
  EXPECT_EQ(HealthStatus(*channel_, "crm.other.v1.Backend"), 1);
  health->SetServingStatus("crm.other.v1.Backend", false);
  EXPECT_EQ(HealthStatus(*channel_, "crm.other.v1.Backend"), 2);
  health->SetServingStatus("crm.other.v1.Backend", true);

  // AtShutdown runs first, while health still says SERVING.
  int health_in_callback = 0;
  server_->AtShutdown([&] { health_in_callback = HealthStatus(*channel_, ""); });
  std::thread stopper([this] { server_->Shutdown(); });
  absl::SleepFor(kDelay / 4);
  EXPECT_EQ(health_in_callback, 1);
  // Whatever is set once Shutdown() began reads NOT_SERVING.
  health->SetServingStatus("crm.other.v1.Backend", true);
  EXPECT_EQ(HealthStatus(*channel_, "crm.other.v1.Backend"), 2);
  stopper.join();
}

}  // namespace
}  // namespace crm::server
