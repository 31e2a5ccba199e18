#ifndef CRM_SERVICES_GATEWAY_BACKEND_HEALTH_H_
#define CRM_SERVICES_GATEWAY_BACKEND_HEALTH_H_

#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/health_check_service_interface.h"

namespace crm::gateway {

// Lets the gateway's own grpc.health.v1 service answer for each backend:
// Check{service: "crm.customer.v1.CustomerService"} at the gateway says what
// the customer service says about itself, so probes and operators that can
// reach only the gateway can ask. Every `interval` it asks each backend
// (Check with `timeout`) and sets the answer under the backend's name:
// SERVING when the backend says SERVING, NOT_SERVING when it says anything
// else or does not answer. A change is logged once.
class BackendHealth final {
 public:
  struct Options {
    absl::Duration interval = absl::Seconds(1);
    absl::Duration timeout = absl::Milliseconds(500);
  };

  // `backends`: service name -> host:port. `health` must outlive Stop().
  BackendHealth(const std::vector<std::pair<std::string, std::string>>& backends,
                grpc::HealthCheckServiceInterface& health, Options options);
  BackendHealth(const BackendHealth&) = delete;
  BackendHealth& operator=(const BackendHealth&) = delete;
  ~BackendHealth();

  // Asks every backend once, waiting for the answers (at most `timeout`),
  // then goes on asking on a thread of its own.
  void Start();

  // Stops asking: cancels the checks in flight and returns when none runs.
  // After it, nothing is set any more. Idempotent.
  void Stop();

 private:
  struct Backend {
    std::string service;
    std::unique_ptr<grpc::GenericStub> stub;
    std::string last_answer;  // what it said last time; "" before the first check
  };

  void CheckAll();  // one round over every backend
  void Run();

  grpc::HealthCheckServiceInterface& health_;
  const Options options_;
  std::vector<Backend> backends_;  // only the checking thread touches their state
  std::thread thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_BACKEND_HEALTH_H_
