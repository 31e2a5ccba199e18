#ifndef CRM_LIBS_EVENTS_WATCH_REACTOR_H_
#define CRM_LIBS_EVENTS_WATCH_REACTOR_H_

// The server side of Watch<Service>Events for a service's own response
// message. The handler checks the caller, then:
//
//   return events::StartWatch<v1::WatchHierarchyEventsResponse>(
//       watches_, cursors_, {.page_token = request->page_token(), ...},
//       [](std::vector<events::Event> events, const std::string& token,
//          v1::WatchHierarchyEventsResponse& response) {
//         for (events::Event& e : events) *response.add_events() = ToProto(e);
//         response.set_next_page_token(token);
//       });
//
// Threads: each watch runs on a worker thread of its own, which blocks in
// XREAD (at most WatchOptions::stream_block) or sleeps between PostgreSQL
// polls, and hands gRPC one write at a time; gRPC's callback threads only
// flip flags. Watches are few (integrations, other services' followers) and
// capped by WatchOptions::max_watches. A cancelled call ends its worker
// within one block interval.

#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "grpcpp/support/server_callback.h"
#include "libs/events/event.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_requests.h"
#include "libs/events/watch_loop.h"
#include "libs/events/watches.h"
#include "libs/log/log.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::events {

// Copies one message's events and cursor into the service's response.
template <typename Response>
using FillResponse = std::function<void(std::vector<Event> events,
                                        const std::string& next_page_token, Response& response)>;

// A call refused before it started.
template <typename Response>
class RefusedWatch final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedWatch(const absl::Status& status) { this->Finish(status::ToGrpc(status)); }
  void OnDone() override { delete this; }  // gRPC's ownership ends here
};

template <typename Response>
class WatchReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  WatchReactor(Watches& watches, Watches::Slot slot, const EventCursorCodec& cursors,
               WatchStart start, FillResponse<Response> fill)
      : watches_(watches),
        slot_(std::move(slot)),
        cursors_(cursors),
        start_(start),
        fill_(std::move(fill)) {
    worker_ = std::thread([this] { Run(); });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    write_pending_ = false;
    write_ok_ = ok;
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_.store(true);
  }

  void OnDone() override {
    // The worker's last act is Finish(), so this join is short. Should gRPC
    // ever run OnDone inside that Finish(), the worker must not join itself.
    if (worker_.get_id() == std::this_thread::get_id()) {
      worker_.detach();
    } else {
      worker_.join();
    }
    delete this;  // gRPC's ownership ends here
  }

 private:
  void Run() {
    absl::Status status;
    try {
      status = RunWatch(watches_, cursors_, start_, cancelled_,
                        [this](std::vector<Event> events, const std::string& token) {
                          response_.Clear();
                          fill_(std::move(events), token, response_);
                          return Write();
                        });
    } catch (const std::exception& e) {
      status = absl::InternalError(crm::StrCat("unhandled exception: ", e.what()));
    }
    if (status.code() == absl::StatusCode::kInternal) {
      log::Error("event watch failed", {{"error", status.ToString()}});
    }
    this->Finish(status::ToGrpc(status));  // the last use of `this` on this thread
  }

  // Writes response_ and waits until gRPC is done with it. False when the
  // call is cancelled or broken.
  bool Write() {
    {
      absl::MutexLock lock(&mu_);
      write_pending_ = true;
    }
    this->StartWrite(&response_);
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &WatchReactor::WriteSettled));
    return !write_pending_ && write_ok_;
  }

  bool WriteSettled() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !write_pending_ || cancelled_.load();
  }

  Watches& watches_;
  const Watches::Slot slot_;
  const EventCursorCodec& cursors_;
  const WatchStart start_;
  const FillResponse<Response> fill_;
  Response response_;  // untouched from StartWrite until OnWriteDone
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = true;
  // Set under mu_ (so Await sees it), read without it by the worker's loop.
  std::atomic<bool> cancelled_{false};
  std::thread worker_;  // last: started once everything above is set
};

// A watch of `request` (permission already checked): INVALID_ARGUMENT for a
// bad start, UNIMPLEMENTED without `watches`, RESOURCE_EXHAUSTED (retry in
// 5 s) at the limit; else the running watch.
template <typename Response>
grpc::ServerWriteReactor<Response>* StartWatch(Watches* watches, const EventCursorCodec& cursors,
                                               const FeedRequest& request,
                                               FillResponse<Response> fill) {
  absl::StatusOr<WatchStart> start = ParseWatchStart(cursors, request);
  if (!start.ok()) return new RefusedWatch<Response>(start.status());
  if (watches == nullptr) {
    return new RefusedWatch<Response>(absl::UnimplementedError(
        "this server does not serve watches of its feed; page with the List method"));
  }
  absl::StatusOr<Watches::Slot> slot = watches->Acquire();
  if (!slot.ok()) {
    return new RefusedWatch<Response>(status::WithRetryDelay(slot.status(), absl::Seconds(5)));
  }
  return new WatchReactor<Response>(*watches, *std::move(slot), cursors, *start, std::move(fill));
}

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_WATCH_REACTOR_H_
