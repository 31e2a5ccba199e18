#include "libs/grpc_server/rpc_metrics.h"

#include <array>
#include <utility>

#include "libs/grpc_server/code_name.h"

namespace crm::server {
namespace {

// From a cache hit (~100us) to a slow report (seconds).
constexpr std::array<double, 16> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                    0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                    1,      2.5,     5,      10};

}  // namespace

MethodMetrics::MethodMetrics(prometheus::Family<prometheus::Counter>& requests,
                             prometheus::Histogram& latency, std::string method)
    : requests_(requests), latency_(latency), method_(std::move(method)) {}

void MethodMetrics::Record(grpc::StatusCode code, double latency_seconds) {
  size_t index = static_cast<size_t>(code);
  if (index >= kCodes) index = grpc::StatusCode::UNKNOWN;
  RequestsFor(index).Increment();
  latency_.Observe(latency_seconds);
}

prometheus::Counter& MethodMetrics::RequestsFor(size_t code_index) {
  prometheus::Counter* counter = requests_by_code_[code_index].load(std::memory_order_acquire);
  if (counter != nullptr) return *counter;
  // Racing first calls are harmless: Family::Add returns the existing series
  // for equal labels, so both store the same pointer.
  counter =
      &requests_.Add({{"method", method_},
                      {"code", std::string(CodeName(static_cast<grpc::StatusCode>(code_index)))}});
  requests_by_code_[code_index].store(counter, std::memory_order_release);
  return *counter;
}

RpcMetrics::RpcMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("crm_rpc_requests_total")
                    .Help("RPCs served, by full method name and status code.")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("crm_rpc_latency_seconds")
                   .Help("Time from receiving an RPC to sending its status.")
                   .Register(registry)) {}

MethodMetrics& RpcMetrics::ForMethod(std::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    const auto found = methods_.find(absl::string_view(method.data(), method.size()));
    if (found != methods_.end()) return *found->second;
  }
  absl::MutexLock lock(&mu_);
  auto& slot = methods_[std::string(method)];
  if (slot == nullptr) {
    std::string name(method);
    prometheus::Histogram& latency = latency_.Add(
        {{"method", name}},
        prometheus::Histogram::BucketBoundaries(kLatencyBuckets.begin(), kLatencyBuckets.end()));
    slot = std::make_unique<MethodMetrics>(requests_, latency, std::move(name));
  }
  return *slot;
}

}  // namespace crm::server
