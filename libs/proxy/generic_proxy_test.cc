#include "libs/proxy/generic_proxy.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crm/testing/v1/echo_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/grpc_server/grpc_server.h"
#include "libs/grpc_server/request_id.h"
#include "libs/status/status.h"

namespace crm::proxy {
namespace {

namespace v1 = ::crm::testing::v1;

// The backend: echoes, reports a metadata value it received, streams. Keeps
// the metadata of the last Echo call, and holds Echo calls that carry
// "x-park" unanswered until ReleaseParked().
class EchoBackend final : public v1::EchoService::CallbackService {
 public:
  std::multimap<std::string, std::string> last_metadata() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_metadata_;
  }

  // Whether `count` calls are parked within a few seconds.
  bool WaitForParked(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return parked_changed_.wait_for(lock, std::chrono::seconds(5),
                                    [&] { return parked_.size() == count; });
  }

  void ReleaseParked() {
    std::vector<grpc::ServerUnaryReactor*> parked;
    {
      std::lock_guard<std::mutex> lock(mu_);
      parked.swap(parked_);
    }
    for (grpc::ServerUnaryReactor* reactor : parked) reactor->Finish(grpc::Status::OK);
  }

 private:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override {
    std::string seen, extra;
    std::multimap<std::string, std::string> metadata;
    bool park = false;
    for (const auto& [key, value] : context->client_metadata()) {
      metadata.emplace(std::string(key.data(), key.size()),
                       std::string(value.data(), value.size()));
      if (key == "x-seen") seen.assign(value.data(), value.size());
      if (key == "x-secret") extra += "+secret-leaked";
      if (key == "x-added") extra += "+added";
      if (key == "x-park") park = true;
    }
    seen += extra;
    response->set_message(request->message() + "|" + seen);
    response->set_request_id(std::string(server::RequestId(*context)));
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_metadata_ = std::move(metadata);
      if (park) {
        parked_.push_back(reactor);
        parked_changed_.notify_all();
        return reactor;
      }
    }
    if (request->fail_with_code() != 0) {
      reactor->Finish(status::ToGrpc(
          status::Error(static_cast<absl::StatusCode>(request->fail_with_code()), "echo.crm",
                        "ASKED", "asked to fail", {{"field", "value"}})));
    } else {
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  grpc::ServerWriteReactor<v1::EchoResponse>* EchoStream(
      grpc::CallbackServerContext*, const v1::EchoStreamRequest* request) override {
    class Writer final : public grpc::ServerWriteReactor<v1::EchoResponse> {
     public:
      explicit Writer(const v1::EchoStreamRequest& request) : request_(request) { Next(); }
      void OnWriteDone(bool ok) override {
        if (ok && request_.interval_ms() > 0) {
          // Nothing finishes the stream while the pause runs, so it is alive
          // when the thread calls Next.
          std::thread([this] {
            std::this_thread::sleep_for(std::chrono::milliseconds(request_.interval_ms()));
            Next();
          }).detach();
        } else if (ok) {
          Next();
        } else {
          Finish(grpc::Status::CANCELLED);
        }
      }
      void OnDone() override { delete this; }

     private:
      void Next() {
        if (sent_ == request_.count()) {
          Finish(request_.fail_with_code() == 0
                     ? grpc::Status::OK
                     : grpc::Status(static_cast<grpc::StatusCode>(request_.fail_with_code()),
                                    "stream failed"));
          return;
        }
        response_.set_message(absl::StrCat(request_.message(), " ", sent_++));
        StartWrite(&response_);
      }
      const v1::EchoStreamRequest request_;
      v1::EchoResponse response_;
      int sent_ = 0;
    };
    return new Writer(*request);
  }

  std::mutex mu_;
  std::condition_variable parked_changed_;
  std::multimap<std::string, std::string> last_metadata_;
  std::vector<grpc::ServerUnaryReactor*> parked_;
};

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

std::unique_ptr<server::GrpcServer> Serve(grpc::Service* service,
                                          grpc::CallbackGenericService* generic) {
  server::ServerOptions options;
  options.access_log = false;
  options.shutdown_grace = absl::Milliseconds(200);
  auto server = std::make_unique<server::GrpcServer>(options);
  if (service != nullptr) server->AddService(service);
  if (generic != nullptr) server->SetGenericService(generic);
  absl::Status started = server->Start();
  EXPECT_TRUE(started.ok()) << started;
  return server;
}

class GenericProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_server_ = Serve(&backend_, nullptr);
    StartProxy(backend_server_->port());
  }

  // Parked calls would keep the backend from shutting down.
  void TearDown() override { backend_.ReleaseParked(); }

  void StartProxy(int backend_port, ProxyOptions options = {}) {
    proxy_server_.reset();  // before the proxy it serves
    BackendRouter router;
    router.Add("crm.testing.v1.EchoService", Connect(backend_port));
    options.dropped_metadata = {"x-secret"};
    if (options.limits.For("/crm.testing.v1.EchoService/Echo") == CallLimits{}) {
      options.limits = MethodLimits({.max_deadline = absl::Seconds(5)});
    }
    if (!options.prepare) {
      options.prepare = [](const grpc::GenericCallbackServerContext& incoming,
                           grpc::ClientContext& outgoing, std::string* caller) -> absl::Status {
        for (const auto& [key, value] : incoming.client_metadata()) {
          if (key == "x-refuse") return absl::PermissionDeniedError("refused by prepare");
          if (key == "x-caller") caller->assign(value.data(), value.size());
        }
        outgoing.AddMetadata("x-added", "1");
        return absl::OkStatus();
      };
    }
    proxy_ = std::make_unique<GenericProxy>(std::move(router), std::move(options));
    proxy_server_ = Serve(nullptr, proxy_.get());
    stub_ = v1::EchoService::NewStub(Connect(proxy_server_->port()));
  }

  EchoBackend backend_;
  std::unique_ptr<server::GrpcServer> backend_server_;
  std::unique_ptr<GenericProxy> proxy_;
  std::unique_ptr<server::GrpcServer> proxy_server_;
  std::unique_ptr<v1::EchoService::Stub> stub_;
};

TEST_F(GenericProxyTest, PassesUnaryCallsWithMetadataBothWays) {
  grpc::ClientContext context;
  context.AddMetadata("x-seen", "hello");
  context.AddMetadata("x-secret", "must not pass");
  context.AddMetadata("x-request-id", "proxied-1");
  v1::EchoRequest request;
  request.set_message("你好");
  v1::EchoResponse response;
  grpc::Status status = stub_->Echo(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.message(), "你好|hello+added");
  EXPECT_EQ(response.request_id(), "proxied-1");
  auto trailing = context.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(trailing, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(trailing->second.data(), trailing->second.size()), "proxied-1");
}

TEST_F(GenericProxyTest, PassesErrorsWithTheirDetails) {
  grpc::ClientContext context;
  v1::EchoRequest request;
  request.set_fail_with_code(grpc::StatusCode::FAILED_PRECONDITION);
  v1::EchoResponse response;
  const absl::Status status = status::FromGrpc(stub_->Echo(&context, request, &response));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "asked to fail");
  const auto info = status::GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "ASKED");
  EXPECT_EQ(info->metadata().at("field"), "value");
}

TEST_F(GenericProxyTest, PassesServerStreams) {
  grpc::ClientContext context;
  v1::EchoStreamRequest request;
  request.set_message("m");
  request.set_count(50);
  auto reader = stub_->EchoStream(&context, request);
  v1::EchoResponse response;
  std::vector<std::string> got;
  while (reader->Read(&response)) got.push_back(response.message());
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(got.size(), 50u);
  EXPECT_EQ(got.front(), "m 0");
  EXPECT_EQ(got.back(), "m 49");
}

TEST_F(GenericProxyTest, AStreamEndsWithTheBackendsError) {
  grpc::ClientContext context;
  v1::EchoStreamRequest request;
  request.set_count(3);
  request.set_fail_with_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  auto reader = stub_->EchoStream(&context, request);
  v1::EchoResponse response;
  int got = 0;
  while (reader->Read(&response)) ++got;
  EXPECT_EQ(got, 3);
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(GenericProxyTest, PrepareMayRefuseBeforeTheBackendIsCalled) {
  grpc::ClientContext context;
  context.AddMetadata("x-refuse", "1");
  v1::EchoRequest request;
  v1::EchoResponse response;
  grpc::Status status = stub_->Echo(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(), "refused by prepare");
}

TEST_F(GenericProxyTest, UnknownServiceIsUnimplemented) {
  auto channel = Connect(proxy_server_->port());
  grpc::GenericStub generic(channel);
  grpc::ClientContext context;
  grpc::Slice empty("");
  grpc::ByteBuffer in(&empty, 1), out;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&context, "/crm.nothing.v1.Nothing/Get", grpc::StubOptions(), &in, &out,
                    [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(s);
                      done = true;
                      cv.notify_one();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GenericProxyTest, ABackendThatIsDownIsUnavailableQuickly) {
  backend_server_->Shutdown();
  backend_server_->Wait();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::EchoRequest request;
  v1::EchoResponse response;
  const absl::Time start = absl::Now();
  grpc::Status status = stub_->Echo(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

TEST_F(GenericProxyTest, ManyConcurrentCallsAllArrive) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        grpc::ClientContext context;
        v1::EchoRequest request;
        request.set_message(absl::StrCat(t, "-", i));
        v1::EchoResponse response;
        if (stub_->Echo(&context, request, &response).ok() &&
            response.message() == absl::StrCat(t, "-", i, "|+added")) {
          ++ok;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 400);
}

TEST_F(GenericProxyTest, PassesTraceContextUnchanged) {
  constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  constexpr char kTracestate[] = "congo=t61rcWkgMzE";
  grpc::ClientContext context;
  context.AddMetadata("traceparent", kTraceparent);
  context.AddMetadata("tracestate", kTracestate);
  v1::EchoRequest request;
  v1::EchoResponse response;
  ASSERT_TRUE(stub_->Echo(&context, request, &response).ok());
  const std::multimap<std::string, std::string> seen = backend_.last_metadata();
  ASSERT_EQ(seen.count("traceparent"), 1u);
  EXPECT_EQ(seen.find("traceparent")->second, kTraceparent);
  ASSERT_EQ(seen.count("tracestate"), 1u);
  EXPECT_EQ(seen.find("tracestate")->second, kTracestate);
}

TEST_F(GenericProxyTest, ABackendAtItsCapRefusesMoreCallsUntilOneEnds) {
  ProxyOptions options;
  options.max_calls_per_backend = 2;
  StartProxy(backend_server_->port(), std::move(options));

  auto echo = [&](bool park) {
    grpc::ClientContext context;
    if (park) context.AddMetadata("x-park", "1");
    v1::EchoRequest request;
    request.set_message("m");
    v1::EchoResponse response;
    return status::FromGrpc(stub_->Echo(&context, request, &response));
  };
  // Twice: a slot given back more than once would let a third call in on
  // the second round.
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round);
    absl::Status parked[2];
    std::vector<std::thread> callers;
    for (absl::Status& status : parked) {
      callers.emplace_back([&] { status = echo(/*park=*/true); });
    }
    EXPECT_TRUE(backend_.WaitForParked(2));

    const absl::Status refused = echo(/*park=*/false);
    EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
    const auto info = status::GetErrorInfo(refused);
    EXPECT_TRUE(info.has_value() && info->reason() == "BACKEND_OVERLOADED") << refused;
    EXPECT_EQ(status::GetRetryDelay(refused), absl::Milliseconds(50));

    backend_.ReleaseParked();
    for (std::thread& caller : callers) caller.join();
    for (const absl::Status& status : parked) EXPECT_TRUE(status.ok()) << status;
    EXPECT_TRUE(echo(/*park=*/false).ok());
  }
}

// Two callers, a cap of two: one caller holding both slots cannot take a
// third, but the other still gets in (it is below its share), and then the
// first is refused until its calls end.
TEST_F(GenericProxyTest, ABusyCallerCannotStarveAQuietOne) {
  ProxyOptions options;
  options.max_calls_per_backend = 2;
  StartProxy(backend_server_->port(), std::move(options));

  auto echo = [&](std::string caller, bool park) {
    grpc::ClientContext context;
    context.AddMetadata("x-caller", caller);
    if (park) context.AddMetadata("x-park", "1");
    v1::EchoRequest request;
    v1::EchoResponse response;
    return status::FromGrpc(stub_->Echo(&context, request, &response));
  };
  std::vector<std::thread> callers;
  absl::Status busy[2], quiet;
  for (absl::Status& status : busy) {
    callers.emplace_back([&] { status = echo("busy", /*park=*/true); });
  }
  ASSERT_TRUE(backend_.WaitForParked(2));
  EXPECT_EQ(echo("busy", /*park=*/false).code(), absl::StatusCode::kUnavailable);

  callers.emplace_back([&] { quiet = echo("quiet", /*park=*/true); });
  ASSERT_TRUE(backend_.WaitForParked(3)) << "the quiet caller was refused";
  // Both callers now hold at least their share (2 slots / 2 callers).
  EXPECT_EQ(echo("busy", /*park=*/false).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(echo("quiet", /*park=*/false).code(), absl::StatusCode::kUnavailable);

  backend_.ReleaseParked();
  for (std::thread& caller : callers) caller.join();
  for (const absl::Status& status : busy) EXPECT_TRUE(status.ok()) << status;
  EXPECT_TRUE(quiet.ok()) << quiet;
  EXPECT_TRUE(echo("busy", /*park=*/false).ok());
}

// Unary calls get one second in all; EchoStream has no total deadline but
// may not be silent for more than 700 ms.
class StreamLimitsTest : public GenericProxyTest {
 protected:
  void SetUp() override {
    GenericProxyTest::SetUp();
    absl::StatusOr<MethodLimits> limits = MethodLimits::Parse(
        "crm.testing.v1.EchoService/EchoStream none none 700ms",
        {.default_deadline = absl::Seconds(1), .max_deadline = absl::Seconds(1)});
    ASSERT_TRUE(limits.ok()) << limits.status();
    ProxyOptions options;
    options.limits = *std::move(limits);
    options.idle_check_interval = absl::Milliseconds(100);
    StartProxy(backend_server_->port(), std::move(options));
  }
};

TEST_F(StreamLimitsTest, AStreamWithAnIdleTimeoutOutlivesTheUnaryDeadline) {
  // 3.5 s in all, a message every 250 ms.
  grpc::ClientContext context;
  v1::EchoStreamRequest request;
  request.set_count(15);
  request.set_interval_ms(250);
  const absl::Time start = absl::Now();
  auto reader = stub_->EchoStream(&context, request);
  v1::EchoResponse response;
  int got = 0;
  while (reader->Read(&response)) ++got;
  const grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  EXPECT_EQ(got, 15);
  EXPECT_GT(absl::Now() - start, absl::Seconds(3));

  // A unary call is still held to its one second: the echo is parked.
  grpc::ClientContext unary_context;
  unary_context.AddMetadata("x-park", "1");
  v1::EchoRequest unary;
  v1::EchoResponse unary_response;
  EXPECT_EQ(stub_->Echo(&unary_context, unary, &unary_response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(StreamLimitsTest, ASilentStreamIsEndedAsIdle) {
  grpc::ClientContext context;
  v1::EchoStreamRequest request;
  request.set_count(3);
  request.set_interval_ms(3000);
  const absl::Time start = absl::Now();
  auto reader = stub_->EchoStream(&context, request);
  v1::EchoResponse response;
  int got = 0;
  while (reader->Read(&response)) ++got;
  const absl::Status status = status::FromGrpc(reader->Finish());
  EXPECT_EQ(got, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  const auto info = status::GetErrorInfo(status);
  EXPECT_TRUE(info.has_value() && info->reason() == "STREAM_IDLE") << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(GenericProxyTest, ARequestTheCheckRefusesNeverReachesTheBackend) {
  ProxyOptions options;
  options.check_request = [](std::string_view method, const grpc::ByteBuffer&) {
    if (method == "/crm.testing.v1.EchoService/Echo") {
      return absl::InvalidArgumentError("refused by the check");
    }
    return absl::OkStatus();
  };
  StartProxy(backend_server_->port(), std::move(options));

  grpc::ClientContext context;
  context.AddMetadata("x-seen", "checked");
  v1::EchoRequest request;
  v1::EchoResponse response;
  const grpc::Status status = stub_->Echo(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "refused by the check");
  EXPECT_EQ(backend_.last_metadata().count("x-seen"), 0u);

  grpc::ClientContext stream_context;
  v1::EchoStreamRequest stream_request;
  stream_request.set_count(2);
  auto reader = stub_->EchoStream(&stream_context, stream_request);
  v1::EchoResponse streamed;
  int got = 0;
  while (reader->Read(&streamed)) ++got;
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(got, 2);
}

}  // namespace
}  // namespace crm::proxy
