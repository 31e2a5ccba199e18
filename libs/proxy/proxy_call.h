#ifndef CRM_LIBS_PROXY_PROXY_CALL_H_
#define CRM_LIBS_PROXY_PROXY_CALL_H_

#include <atomic>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "libs/proxy/backend_router.h"
#include "libs/proxy/idle_watchdog.h"
#include "libs/proxy/proxy_options.h"

namespace crm::proxy {

// One call passed from a caller to a backend, message by message, for unary
// and streaming methods alike (both sides are byte-buffer bidi streams).
// Flow control is one message in flight each way: the next message is read
// only after the previous one was written on. The backend's status and
// trailing metadata go back to the caller unchanged; a caller that goes away
// cancels the backend call.
//
// Lifetime: a reference count, one for each side still running (the caller's
// OnDone, the backend's OnDone) and one while the idle watchdog acts on the
// call; the last Release deletes it.
//
// Holds on the backend stream keep it from ending (and freeing itself) while
// we may still act on it: one while the caller may send more, one while a
// response is being written to the caller. So the backend's OnDone, which
// finishes our call, comes after our last use of it and after our last write.
//
// A forwarded call takes one of its backend's call slots (see Backend); the
// backend's OnDone gives it back before finishing our call, so a caller that
// has its answer finds the slot free again.
class ProxyCall final : public grpc::ServerGenericBidiReactor, private IdleCall {
 public:
  // Starts forwarding, or finishes at once with the status `prepare` gave or,
  // when `backend` has no free slot, with its overloaded status. A call with
  // an idle timeout is watched by `watchdog`.
  ProxyCall(grpc::GenericCallbackServerContext* incoming, Backend* backend,
            const ProxyOptions& options, IdleWatchdog& watchdog);

  // The caller's side.
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // The backend's side.
  class Outgoing final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
   public:
    explicit Outgoing(ProxyCall* call) : call_(call) {}
    void OnReadDone(bool ok) override;
    void OnWriteDone(bool ok) override;
    void OnDone(const grpc::Status& status) override;

   private:
    ProxyCall* const call_;
  };

  // IdleCall, for the watchdog.
  bool TryRetain() override;
  void Release() override;
  bool IdleAt(absl::Time now) const override;
  void EndIdle() override;

  void CopyMetadata(const ProxyOptions& options);
  void SetDeadline(const CallLimits& limits);
  void Touch();  // a message passed
  // Ends the call with `status` instead of the backend's: the backend call
  // is cancelled, and its OnDone finishes ours with `status`.
  void Refuse(grpc::Status status);

  grpc::GenericCallbackServerContext* const incoming_;
  Backend* const backend_;
  const CheckRequest& check_request_;
  IdleWatchdog* watchdog_ = nullptr;  // set while watched
  absl::Duration idle_timeout_;
  std::string caller_;
  grpc::ClientContext outgoing_context_;
  Outgoing outgoing_{this};
  grpc::ByteBuffer request_;   // read from the caller, written to the backend
  grpc::ByteBuffer response_;  // read from the backend, written to the caller
  std::atomic<int> references_{1};
  std::atomic<int64_t> last_message_unix_nanos_{0};
  absl::Mutex refusal_mu_;
  std::optional<grpc::Status> refusal_ ABSL_GUARDED_BY(refusal_mu_);
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_PROXY_CALL_H_
