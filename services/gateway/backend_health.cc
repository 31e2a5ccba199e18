#include "services/gateway/backend_health.h"

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/grpc_server/health_check.h"
#include "libs/log/log.h"

namespace crm::gateway {

using server::ServingStatus;

BackendHealth::BackendHealth(const std::vector<std::pair<std::string, std::string>>& backends,
                             grpc::HealthCheckServiceInterface& health, Options options)
    : health_(health), options_(options) {
  for (const auto& [service, address] : backends) {
    backends_.push_back({.service = service,
                         .stub = std::make_unique<grpc::GenericStub>(
                             grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))});
  }
}

BackendHealth::~BackendHealth() { Stop(); }

void BackendHealth::Start() {
  CheckAll();
  thread_ = std::thread([this] { Run(); });
}

void BackendHealth::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (grpc::ClientContext* context : in_flight_) context->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

void BackendHealth::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) return;
    }
    CheckAll();
  }
}

void BackendHealth::CheckAll() {
  const size_t n = backends_.size();
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts(n);
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    for (size_t i = 0; i < n; ++i) {
      contexts[i] = std::make_unique<grpc::ClientContext>();
      contexts[i]->set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
      in_flight_.push_back(contexts[i].get());
    }
  }
  // What each backend said this round ("SERVING", "NOT_SERVING", or why it
  // did not answer), filled on gRPC's threads.
  absl::Mutex round_mu;
  size_t outstanding = n;
  std::vector<std::string> answers(n);
  for (size_t i = 0; i < n; ++i) {
    server::StartHealthCheck(*backends_[i].stub, *contexts[i], backends_[i].service,
                             [&, i](absl::StatusOr<ServingStatus> answer) {
                               absl::MutexLock lock(&round_mu);
                               answers[i] = answer.ok()
                                                ? std::string(server::ServingStatusName(*answer))
                                                : absl::StatusCodeToString(answer.status().code());
                               --outstanding;
                             });
  }
  round_mu.LockWhen(absl::Condition(
      +[](size_t* left) { return *left == 0; }, &outstanding));
  round_mu.Unlock();

  absl::MutexLock lock(&mu_);
  in_flight_.clear();
  if (stopping_) return;  // the server may be going; set nothing more
  for (size_t i = 0; i < n; ++i) {
    Backend& backend = backends_[i];
    const bool serving = answers[i] == "SERVING";
    health_.SetServingStatus(backend.service, serving);
    if (answers[i] == backend.last_answer) continue;
    log::Write(serving ? log::Level::kInfo : log::Level::kWarning, "backend health",
               {{"service", backend.service},
                {"status", serving ? "SERVING" : "NOT_SERVING"},
                {"backend_said", answers[i]}});
    backend.last_answer = answers[i];
  }
}

}  // namespace crm::gateway
