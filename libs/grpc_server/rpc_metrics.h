#ifndef CRM_LIBS_GRPC_SERVER_RPC_METRICS_H_
#define CRM_LIBS_GRPC_SERVER_RPC_METRICS_H_

// The Prometheus series every server records per RPC:
//   crm_rpc_requests_total{method,code}   counter
//   crm_rpc_latency_seconds{method}       histogram, buckets 100us .. 10s
// `method` is the full name ("/crm.customer.v1.CustomerService/GetCustomer")
// and `code` the status code's name ("OK", "NOT_FOUND").

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status_code_enum.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace crm::server {

// The series of one method. Thread-safe.
class MethodMetrics final {
 public:
  MethodMetrics(prometheus::Family<prometheus::Counter>& requests, prometheus::Histogram& latency,
                std::string method);
  MethodMetrics(const MethodMetrics&) = delete;
  MethodMetrics& operator=(const MethodMetrics&) = delete;

  // One atomic load and add for the counter plus the histogram's own short
  // lock. A code's counter is created on its first call, so the exposition
  // holds only the codes that happened.
  void Record(grpc::StatusCode code, double latency_seconds);

 private:
  static constexpr size_t kCodes = 17;

  prometheus::Counter& RequestsFor(size_t code_index);

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Histogram& latency_;
  const std::string method_;
  std::array<std::atomic<prometheus::Counter*>, kCodes> requests_by_code_{};
};

// Owns the two families in a registry and one MethodMetrics per method.
class RpcMetrics final {
 public:
  explicit RpcMetrics(prometheus::Registry& registry);
  RpcMetrics(const RpcMetrics&) = delete;
  RpcMetrics& operator=(const RpcMetrics&) = delete;

  // The series of `method`, created on first use and valid for the life of
  // this object. A shared-lock lookup once per call; callers keep `method`
  // to a bounded set (registered methods), as every entry lives forever.
  MethodMetrics& ForMethod(std::string_view method);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_RPC_METRICS_H_
