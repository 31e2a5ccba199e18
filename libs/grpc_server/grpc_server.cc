#include "libs/grpc_server/grpc_server.h"

#include <algorithm>
#include <exception>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "libs/grpc_server/call_interceptor.h"
#include "libs/grpc_server/service_names_option.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"

namespace crm::server {
namespace {

// While stopping: how long no call must have ended before the running ones
// count as long streams that need not be waited for, and how long the
// GOAWAY of gRPC's Shutdown() is given to reach the callers before held
// calls are answered.
constexpr absl::Duration kQuietAfterLastCall = absl::Milliseconds(250);
constexpr absl::Duration kGoawayTime = absl::Milliseconds(100);

}  // namespace

GrpcServer::GrpcServer(ServerOptions options)
    : options_(std::move(options)),
      registry_(std::make_shared<prometheus::Registry>()),
      rpc_metrics_(*registry_) {}

GrpcServer::~GrpcServer() { Shutdown(); }

void GrpcServer::AddService(grpc::Service* service) { services_.push_back(service); }

void GrpcServer::SetGenericService(grpc::CallbackGenericService* service) {
  generic_service_ = service;
}

absl::Status GrpcServer::Start() {
  if (server_ != nullptr) {
    return absl::FailedPreconditionError("the gRPC server was already started");
  }
  // Debian's Abseil is built with mutex deadlock detection on, which keeps a
  // lock graph on every absl::Mutex acquisition: a few per cent of a call's
  // CPU under load (measured with perf in crm_bench). Tests still run with it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (!options_.metrics_address.empty()) {
    try {
      exposer_ = std::make_unique<prometheus::Exposer>(options_.metrics_address);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          crm::StrCat("cannot serve metrics on ", options_.metrics_address, ": ", e.what()));
    }
    exposer_->RegisterCollectable(registry_);
  }

  // Both are process-wide switches read by every builder; setting them again
  // is harmless.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.address, grpc::InsecureServerCredentials(), &port_);
  // gRPC sets SO_REUSEPORT by default, so a second server on a taken port
  // would bind and silently take half the connections; fail instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  if (generic_service_ != nullptr) builder.RegisterCallbackGenericService(generic_service_);
  builder.SetOption(std::make_unique<ServiceNamesOption>(&service_names_));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallInterceptorFactory>(
      rpc_metrics_, gate_, options_.service_name, options_.access_log));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    exposer_.reset();
    port_ = 0;
    return absl::UnavailableError(
        crm::StrCat("cannot listen on ", options_.address,
                    ": the port is taken or the address is not valid here"));
  }

  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (const std::string& name : service_names_) {
    // gRPC's own services (health, reflection) are not what probes ask about.
    if (!absl::StartsWith(name, "grpc.")) health->SetServingStatus(name, true);
  }
  crm::log::Info("grpc server serving", {{"service", options_.service_name},
                                         {"address", options_.address},
                                         {"port", std::to_string(port_)}});
  return absl::OkStatus();
}

int GrpcServer::metrics_port() const {
  if (exposer_ == nullptr) return 0;
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void GrpcServer::AtShutdown(std::function<void()> callback) {
  absl::MutexLock lock(&shutdown_mu_);
  at_shutdown_.push_back(std::move(callback));
}

grpc::HealthCheckServiceInterface* GrpcServer::health_service() {
  return server_ == nullptr ? nullptr : server_->GetHealthCheckService();
}

void GrpcServer::Shutdown() {
  absl::MutexLock lock(&shutdown_mu_);
  if (server_ == nullptr || shut_down_) return;
  shut_down_ = true;
  for (std::function<void()>& callback : at_shutdown_) callback();
  at_shutdown_.clear();
  // NOT_SERVING first, and serving on for a while, so that probes and load
  // balancers stop sending new calls before the server stops accepting them.
  server_->GetHealthCheckService()->Shutdown();
  if (options_.not_serving_delay > absl::ZeroDuration()) {
    crm::log::Info("grpc server not serving",
                   {{"service", options_.service_name},
                    {"serving_for", absl::FormatDuration(options_.not_serving_delay)}});
    absl::SleepFor(options_.not_serving_delay);
  }
  crm::log::Info("grpc server draining",
                 {{"service", options_.service_name},
                  {"grace", absl::FormatDuration(options_.shutdown_grace)}});
  // gRPC's Shutdown() cancels (CANCELLED) every call it reads after it began,
  // so first let callers fall quiet: new calls wait unanswered in the gate
  // while the running ones finish; then stop, and let the held calls run
  // once the GOAWAY is out (call_gate.h).
  const absl::Time deadline = absl::Now() + options_.shutdown_grace;
  gate_.Hold();
  gate_.AwaitQuiet(kQuietAfterLastCall, deadline);
  absl::Notification stopped;
  std::thread release([this, &stopped] {
    stopped.WaitForNotificationWithTimeout(kGoawayTime);
    gate_.Release();
  });
  server_->Shutdown(absl::ToChronoTime(std::max(deadline, absl::Now() + kGoawayTime)));
  stopped.Notify();
  release.join();
  crm::log::Info("grpc server stopped", {{"service", options_.service_name}});
}

void GrpcServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace crm::server
