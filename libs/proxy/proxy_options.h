#ifndef CRM_LIBS_PROXY_PROXY_OPTIONS_H_
#define CRM_LIBS_PROXY_PROXY_OPTIONS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/support/byte_buffer.h"
#include "libs/proxy/call_limits.h"

namespace crm::proxy {

// Runs before a call is forwarded: may refuse it (the caller gets the status
// and the backend is never called) or add metadata to the outgoing call. It
// sets `caller` to who is calling (e.g. the principal's user), the key by
// which backends are shared fairly; left empty, all such calls share one.
using PrepareCall = std::function<absl::Status(const grpc::GenericCallbackServerContext& incoming,
                                               grpc::ClientContext& outgoing, std::string* caller)>;

// Runs on every message a caller sends, before it is passed on: a status
// other than OK ends the call with that status, and the message is never
// forwarded. `method` is "/package.Service/Method".
using CheckRequest =
    std::function<absl::Status(std::string_view method, const grpc::ByteBuffer& message)>;

struct ProxyOptions {
  // Deadlines and idle timeouts, per method.
  MethodLimits limits;
  // How often calls with an idle timeout are looked at; a call is ended
  // between idle_timeout and idle_timeout + this after its last message.
  absl::Duration idle_check_interval = absl::Seconds(1);
  // Incoming metadata never passed on (lower case), e.g. the caller's token
  // or a principal only the proxy may set.
  std::vector<std::string> dropped_metadata;
  // Calls in flight to one backend service beyond which new ones are refused
  // with UNAVAILABLE (BACKEND_OVERLOADED), shared fairly between callers (see
  // Backend), so a slow backend or one busy caller cannot tie up every call.
  int max_calls_per_backend = 0;  // 0: no cap
  PrepareCall prepare;            // optional
  CheckRequest check_request;     // optional
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_PROXY_OPTIONS_H_
