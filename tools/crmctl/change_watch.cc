#include "tools/crmctl/change_watch.h"

#include <chrono>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "libs/status/status.h"
#include "tools/crmctl/call_retry.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

// How often a blocked read looks for a stop (Ctrl-C).
constexpr absl::Duration kStopCheck = absl::Milliseconds(100);

}  // namespace

v1::WatchCustomerChangesRequest WatchRequestFor(const v1::ListCustomerChangesRequest& request) {
  v1::WatchCustomerChangesRequest watch;
  watch.set_page_token(request.page_token());
  if (request.has_start_time()) {
    *watch.mutable_start_time() = request.start_time();
  } else if (request.page_token().empty()) {
    watch.mutable_start_time()->set_seconds(0);  // before any change kept
  }
  return watch;
}

namespace {

// One watch call; `received` says whether any message came.
std::optional<absl::Status> WatchOnce(
    CustomerStub& stub, const ContextFactory& contexts,
    const v1::WatchCustomerChangesRequest& request, PollWaiter& waiter,
    absl::FunctionRef<absl::Status(const v1::WatchCustomerChangesResponse&)> on_message,
    bool& received) {
  std::unique_ptr<grpc::ClientContext> context = contexts.New();
  // --timeout bounds each call; a watch runs until stopped.
  context->set_deadline(std::chrono::system_clock::time_point::max());
  std::unique_ptr<grpc::ClientReaderInterface<v1::WatchCustomerChangesResponse>> reader =
      stub.WatchCustomerChanges(context.get(), request);

  // Read() blocks until the next message (a heartbeat at the latest); a stop
  // cancels the call so it returns at once.
  absl::Notification done_reading;
  std::thread stopper([&] {
    while (!done_reading.WaitForNotificationWithTimeout(kStopCheck)) {
      if (waiter.StopRequested()) {
        context->TryCancel();
        return;
      }
    }
  });
  received = false;
  absl::Status failed;
  v1::WatchCustomerChangesResponse message;
  while (reader->Read(&message)) {
    received = true;
    failed = on_message(message);
    if (!failed.ok() || waiter.StopRequested()) {
      context->TryCancel();
      break;
    }
  }
  done_reading.Notify();
  stopper.join();
  const grpc::Status status = reader->Finish();
  if (!failed.ok()) return failed;
  if (waiter.StopRequested()) return absl::OkStatus();
  if (!received && status.error_code() == grpc::StatusCode::UNIMPLEMENTED) return std::nullopt;
  return status::FromGrpc(status);
}

}  // namespace

std::optional<absl::Status> WatchChanges(
    CustomerStub& stub, const ContextFactory& contexts,
    const v1::WatchCustomerChangesRequest& request, PollWaiter& waiter,
    absl::FunctionRef<absl::Status(const v1::WatchCustomerChangesResponse&)> on_message) {
  // A watch refused before its first message (the server's watch slots are
  // taken, say) is opened again as the retry policy says; once changes came,
  // an error ends the command with the cursor to resume from.
  std::optional<absl::Status> result;
  const absl::Status refused = RetryCall(
      contexts.retry_policy(), IsRepeatable(request),
      [&]() -> absl::Status {
        bool received = false;
        result = WatchOnce(stub, contexts, request, waiter, on_message, received);
        if (received || !result.has_value()) return absl::OkStatus();
        return *result;
      },
      [&](absl::Duration delay) {
        waiter.Wait(delay);
        return !waiter.StopRequested();
      });
  if (!refused.ok()) return refused;
  if (waiter.StopRequested()) return absl::OkStatus();
  return result;
}

}  // namespace crm::crmctl
