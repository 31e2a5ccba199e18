#include "libs/proxy/backend_router.h"

#include <algorithm>

#include "absl/time/time.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::proxy {

// A slot frees as soon as any call in flight ends, usually within tens of
// milliseconds, so a short delay: long enough not to hit the cap again at
// once, short enough that the caller barely notices.
constexpr absl::Duration kOverloadedRetryDelay = absl::Milliseconds(50);

Backend::Backend(std::string service, std::shared_ptr<grpc::Channel> channel)
    : service_(std::move(service)), stub_(std::move(channel)) {}

void Backend::SetMaxCalls(int max) {
  max_calls_ = max;
  if (max <= 0) return;
  overloaded_ = status::ToGrpc(status::WithRetryDelay(
      status::Error(absl::StatusCode::kUnavailable, "gateway.crm", "BACKEND_OVERLOADED",
                    StrCat(service_, " has ", max,
                           " calls in flight and yours take your share of them; retry shortly"),
                    {{"service", service_}, {"maxCalls", StrCat(max)}}),
      kOverloadedRetryDelay));
}

int Backend::in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

bool Backend::TryStartCall(std::string_view caller) {
  absl::MutexLock lock(&mu_);
  if (max_calls_ <= 0) {
    ++in_flight_;
    return true;
  }
  auto [entry, first_call] = in_flight_by_caller_.try_emplace(ToAbsl(caller), 0);
  if (in_flight_ >= max_calls_) {
    const int callers = static_cast<int>(in_flight_by_caller_.size());
    const int share = std::max(1, max_calls_ / callers);
    if (entry->second >= share || in_flight_ >= 2 * max_calls_) {
      if (first_call) in_flight_by_caller_.erase(entry);
      return false;
    }
  }
  ++entry->second;
  ++in_flight_;
  return true;
}

void Backend::EndCall(std::string_view caller) {
  absl::MutexLock lock(&mu_);
  --in_flight_;
  if (max_calls_ <= 0) return;
  const auto entry = in_flight_by_caller_.find(ToAbsl(caller));
  if (entry != in_flight_by_caller_.end() && --entry->second == 0) {
    in_flight_by_caller_.erase(entry);
  }
}

void BackendRouter::Add(std::string service, std::shared_ptr<grpc::Channel> channel) {
  auto backend = std::make_unique<Backend>(service, std::move(channel));
  backend->SetMaxCalls(max_calls_per_backend_);
  backends_[std::move(service)] = std::move(backend);
}

void BackendRouter::SetMaxCallsPerBackend(int max) {
  max_calls_per_backend_ = max;
  for (auto& [service, backend] : backends_) backend->SetMaxCalls(max);
}

std::string_view BackendRouter::ServiceOf(std::string_view method) {
  if (method.size() < 4 || method[0] != '/') return {};
  const size_t slash = method.find('/', 1);
  if (slash == std::string_view::npos || slash == 1 || slash + 1 == method.size()) return {};
  return method.substr(1, slash - 1);
}

Backend* BackendRouter::Find(std::string_view method) const {
  const std::string_view service = ServiceOf(method);
  if (service.empty()) return nullptr;
  const auto found = backends_.find(ToAbsl(service));
  return found == backends_.end() ? nullptr : found->second.get();
}

}  // namespace crm::proxy
