#ifndef CRM_LIBS_GRPC_SERVER_CALL_GATE_H_
#define CRM_LIBS_GRPC_SERVER_CALL_GATE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace crm::server {

// Where a stopping server parks new calls so that none is lost to gRPC's own
// shutdown. gRPC cancels every call it reads after grpc::Server::Shutdown()
// began, before any handler saw it, and the caller gets CANCELLED: a status a
// client may not retry, since the write might have happened (grpc/grpc#41785;
// the server sends no first GOAWAY that would stop callers in time,
// grpc/grpc#24237). A caller sends its next call when its previous one is
// answered, so GrpcServer::Shutdown, once the not-serving delay is over:
//   1. Hold(): new calls wait here, unanswered, instead of starting;
//   2. AwaitQuiet(): the calls already started finish (or, long streams,
//      stop finishing), so no answer prompts a caller to send again;
//   3. grpc::Server::Shutdown(): GOAWAY tells callers to use a new
//      connection, which is refused (UNAVAILABLE, safe to retry);
//   4. Release(): the held calls run and are answered while gRPC drains.
// Thread-safe. While not holding, Enter and Leave touch only atomics: they
// run on every call.
class CallGate final {
 public:
  // A call's metadata has arrived. True when it may start now: it then counts
  // as in flight until Leave(). False when it is held: `proceed` runs at
  // Release(), and the call never counts as in flight.
  bool Enter(std::function<void()> proceed);

  // A call Enter() let through has ended.
  void Leave();

  // New calls are held from now on.
  void Hold();

  // Returns once no call has ended for `quiet`: the callers answered last
  // have had time to send their next call (now held), and what still runs,
  // if anything, is a long stream. At `deadline` at the latest.
  void AwaitQuiet(absl::Duration quiet, absl::Time deadline);

  // Runs every held call and lets later ones through.
  void Release();

  int held() const;

 private:
  // Changed only under mu_; read without it on the fast path.
  std::atomic<bool> holding_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<int64_t> last_left_unix_nanos_{0};
  mutable absl::Mutex mu_;
  std::vector<std::function<void()>> held_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_CALL_GATE_H_
