#ifndef CRM_LIBS_PROXY_BACKEND_ROUTER_H_
#define CRM_LIBS_PROXY_BACKEND_ROUTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"

namespace crm::proxy {

// Which backend serves a method, by the service part of its full name:
// "/crm.customer.v1.CustomerService/GetCustomer" goes to the backend added
// for "crm.customer.v1.CustomerService". A new RPC in an existing service
// needs no change here. Filled before serving, then read-only (thread-safe).
class BackendRouter {
 public:
  void Add(std::string service, std::shared_ptr<grpc::Channel> channel);

  // The stub for `method`, or null when no backend serves its service.
  grpc::GenericStub* Find(std::string_view method) const;

  // "crm.customer.v1.CustomerService" for "/crm.customer.v1.CustomerService/Get";
  // empty when `method` is not of that form.
  static std::string_view ServiceOf(std::string_view method);

 private:
  absl::flat_hash_map<std::string, std::unique_ptr<grpc::GenericStub>> stubs_;
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_BACKEND_ROUTER_H_
