#ifndef CRM_LIBS_PROXY_BACKEND_ROUTER_H_
#define CRM_LIBS_PROXY_BACKEND_ROUTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/status.h"

namespace crm::proxy {

// One backend service: the stub its calls go through and how many of them
// are in flight, up to an optional cap shared fairly between callers.
//
// Fair sharing: while the backend is under its cap, any call may start. At
// the cap, a caller still gets a slot while it holds fewer than its share
// (the cap divided by the callers with calls in flight, itself included), up
// to twice the cap in all; callers at or above their share are refused. So a
// burst from one principal fills the backend only while nobody else calls,
// and a quiet caller is never starved by it.
class Backend final {
 public:
  Backend(std::string service, std::shared_ptr<grpc::Channel> channel);

  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  const std::string& service() const { return service_; }
  grpc::GenericStub& stub() { return stub_; }
  int in_flight() const;

  // At most `max` calls in flight (see above); 0: no cap. Set before serving.
  void SetMaxCalls(int max);

  // Takes a slot for one call of `caller` (any stable key of who is calling,
  // e.g. the principal's user), or returns false when the backend is full
  // and the caller holds its share. Each taken slot must be given back by
  // exactly one EndCall with the same caller.
  bool TryStartCall(std::string_view caller);
  void EndCall(std::string_view caller);

  // What a call TryStartCall refused gets: UNAVAILABLE, reason
  // BACKEND_OVERLOADED, with a retry delay. Built once, so refusing under
  // load costs little.
  const grpc::Status& overloaded() const { return overloaded_; }

 private:
  const std::string service_;
  grpc::GenericStub stub_;
  int max_calls_ = 0;
  grpc::Status overloaded_;
  mutable absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  // Callers with calls in flight -> how many; only kept under a cap.
  absl::flat_hash_map<std::string, int> in_flight_by_caller_ ABSL_GUARDED_BY(mu_);
};

// Which backend serves a method, by the service part of its full name:
// "/crm.customer.v1.CustomerService/GetCustomer" goes to the backend added
// for "crm.customer.v1.CustomerService". A new RPC in an existing service
// needs no change here. Filled before serving, then only the backends'
// call counts change (thread-safe).
class BackendRouter {
 public:
  void Add(std::string service, std::shared_ptr<grpc::Channel> channel);

  // Caps the calls in flight to each backend, added before or after; 0: no cap.
  void SetMaxCallsPerBackend(int max);

  // The backend for `method`, or null when none serves its service.
  Backend* Find(std::string_view method) const;

  // "crm.customer.v1.CustomerService" for "/crm.customer.v1.CustomerService/Get";
  // empty when `method` is not of that form.
  static std::string_view ServiceOf(std::string_view method);

 private:
  // unique_ptr: a Backend holds an atomic and must not move.
  absl::flat_hash_map<std::string, std::unique_ptr<Backend>> backends_;
  int max_calls_per_backend_ = 0;
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_BACKEND_ROUTER_H_
