#ifndef CRM_LIBS_PROXY_PROXY_OPTIONS_H_
#define CRM_LIBS_PROXY_PROXY_OPTIONS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/async_generic_service.h"

namespace crm::proxy {

// Runs before a call is forwarded: may refuse it (the caller gets the status
// and the backend is never called) or add metadata to the outgoing call.
using PrepareCall = std::function<absl::Status(const grpc::GenericCallbackServerContext& incoming,
                                               grpc::ClientContext& outgoing)>;

struct ProxyOptions {
  // The deadline a call gets when its caller set none, and the most any call
  // gets: a caller's longer deadline is cut to it.
  absl::Duration default_deadline = absl::Seconds(30);
  absl::Duration max_deadline = absl::Seconds(60);
  // Incoming metadata never passed on (lower case), e.g. the caller's token
  // or a principal only the proxy may set.
  std::vector<std::string> dropped_metadata;
  // Calls in flight to one backend service beyond which new ones are refused
  // with UNAVAILABLE (BACKEND_OVERLOADED), so a slow backend cannot tie up
  // every call the proxy holds.
  int max_calls_per_backend = 0;  // 0: no cap
  PrepareCall prepare;  // optional
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_PROXY_OPTIONS_H_
