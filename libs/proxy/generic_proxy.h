#ifndef CRM_LIBS_PROXY_GENERIC_PROXY_H_
#define CRM_LIBS_PROXY_GENERIC_PROXY_H_

#include "grpcpp/generic/async_generic_service.h"
#include "libs/proxy/backend_router.h"
#include "libs/proxy/idle_watchdog.h"
#include "libs/proxy/proxy_options.h"

namespace crm::proxy {

// Serves every method the server has no service of its own for by passing it
// to the backend BackendRouter names, with gRPC's generic API: no code per
// RPC, so a method added to protos/ is routed as soon as its service is.
//
//   BackendRouter router;
//   router.Add("crm.customer.v1.CustomerService", customer_channel);
//   GenericProxy proxy(std::move(router), options);
//   server.SetGenericService(&proxy);
class GenericProxy final : public grpc::CallbackGenericService {
 public:
  GenericProxy(BackendRouter router, ProxyOptions options);

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

 private:
  BackendRouter router_;  // read-only once serving
  const ProxyOptions options_;
  IdleWatchdog watchdog_;  // after options_: calls use both
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_GENERIC_PROXY_H_
