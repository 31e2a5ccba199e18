// Threads: each watch runs on a worker thread of its own, which blocks in
// XREAD (at most ChangeWatchOptions::stream_block) or sleeps between
// PostgreSQL polls, and hands gRPC one write at a time; gRPC's callback
// threads only flip flags. A thread per watch keeps each watch's cursor,
// catch-up and fallback independent and simple; it is affordable because
// watches are few (ERP/OA integrations, crmctl --follow) and capped at
// ChangeWatchOptions::max_watches (64 by default), beyond which a new watch
// gets RESOURCE_EXHAUSTED. A cancelled call (client gone, or the server
// cancelling calls at the end of its shutdown grace) ends its worker within
// one block interval.
#include "services/customer/changes/watch_handler.h"

#include <atomic>
#include <exception>
#include <optional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/log/log.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/changes/change_cursor.h"
#include "services/customer/changes/change_watch.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

using google::protobuf::util::TimeUtil;
using Response = v1::WatchCustomerChangesResponse;

constexpr char kMethod[] = "WatchCustomerChanges";

// Where a watch starts: after a sequence, or at a time still to be resolved
// (which reads PostgreSQL, so it is done on the worker, not on gRPC's thread).
struct WatchStart {
  std::optional<int64_t> after;
  absl::Time at;
};

// A call refused before it started.
class RefusedWatch final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedWatch(const absl::Status& status) { Finish(status::ToGrpc(status)); }
  void OnDone() override { delete this; }  // gRPC's ownership ends here
};

class ChangeWatch final : public grpc::ServerWriteReactor<Response> {
 public:
  ChangeWatch(ChangeWatches& watches, ChangeWatches::Slot slot,
              const pagination::PageTokenCodec& tokens, WatchStart start)
      : watches_(watches), slot_(std::move(slot)), tokens_(tokens), start_(start) {
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
      status = Stream();
    } catch (const std::exception& e) {
      status = absl::InternalError(crm::StrCat("unhandled exception: ", e.what()));
    }
    if (status.code() == absl::StatusCode::kInternal) {
      log::Error("change watch failed", {{"method", kMethod}, {"error", status.ToString()}});
    }
    Finish(status::ToGrpc(status));  // the last use of `this` on this thread
  }

  absl::Status Stream() {
    int64_t cursor = 0;
    if (start_.after.has_value()) {
      cursor = *start_.after;
    } else {
      absl::StatusOr<int64_t> before = watches_.SequenceBefore(start_.at);
      if (!before.ok()) return before.status();
      cursor = *before;
    }
    // The first message goes out after the first read (at most one block
    // interval), changes or not, so the caller holds a cursor from the start.
    bool sent = false;
    absl::Time last_sent = absl::Now();
    while (!cancelled_.load() && !watches_.stopping()) {
      absl::StatusOr<ChangeFeed::Page> page = watches_.Next(cursor, cancelled_);
      if (!page.ok()) return page.status();
      if (cancelled_.load()) break;
      if (page->changes.empty() && sent && absl::Now() - last_sent < watches_.options().heartbeat) {
        continue;
      }
      response_.Clear();
      for (v1::CustomerChange& change : page->changes) {
        *response_.add_changes() = std::move(change);
      }
      cursor = page->last_sequence;
      response_.set_next_page_token(EncodeChangeCursor(tokens_, cursor));
      if (!Write()) return absl::CancelledError("the watcher went away");
      sent = true;
      last_sent = absl::Now();
    }
    if (cancelled_.load()) return absl::CancelledError("the watch was cancelled");
    return absl::UnavailableError(
        "the server is shutting down; watch again with the last next_page_token");
  }

  // Writes response_ and waits until gRPC is done with it. False when the
  // call is cancelled or broken.
  bool Write() {
    {
      absl::MutexLock lock(&mu_);
      write_pending_ = true;
    }
    StartWrite(&response_);
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &ChangeWatch::WriteSettled));
    return !write_pending_ && write_ok_;
  }

  bool WriteSettled() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !write_pending_ || cancelled_.load();
  }

  ChangeWatches& watches_;
  const ChangeWatches::Slot slot_;
  const pagination::PageTokenCodec& tokens_;
  const WatchStart start_;
  Response response_;  // untouched from StartWrite until OnWriteDone
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = true;
  // Set under mu_ (so Await sees it), read without it by the worker's loop.
  std::atomic<bool> cancelled_{false};
  std::thread worker_;  // last: started once everything above is set
};

absl::StatusOr<WatchStart> ParseStart(const pagination::PageTokenCodec& tokens,
                                      const v1::WatchCustomerChangesRequest& request) {
  WatchStart start{.at = absl::Now()};  // neither given: from now on
  if (!request.page_token().empty()) {
    absl::StatusOr<int64_t> after = DecodeChangeCursor(tokens, request.page_token());
    if (!after.ok()) return after.status();
    start.after = *after;
  } else if (request.has_start_time()) {
    status::FieldViolations violations;
    ValidateChangeFeedStart(request.start_time(), violations);
    if (!violations.empty()) return violations.ToStatus(kDomain);
    start.at = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(request.start_time()));
  }
  return start;
}

}  // namespace

grpc::ServerWriteReactor<v1::WatchCustomerChangesResponse>* WatchHandler::WatchCustomerChanges(
    grpc::CallbackServerContext* context, const v1::WatchCustomerChangesRequest* request) {
  // Checked once here: the principal's signature and role hold for the
  // whole stream.
  absl::StatusOr<auth::v1::Principal> principal = deps_.verifier->FromContext(*context);
  if (!principal.ok()) return new RefusedWatch(principal.status());
  if (absl::Status s = RequireHqOrIntegration(*principal, "the change feed"); !s.ok()) {
    return new RefusedWatch(s);
  }
  absl::StatusOr<WatchStart> start = ParseStart(*deps_.page_tokens, *request);
  if (!start.ok()) return new RefusedWatch(start.status());
  if (deps_.watches == nullptr) {
    return new RefusedWatch(absl::UnimplementedError(
        "this server does not serve change watches; page with ListCustomerChanges"));
  }
  absl::StatusOr<ChangeWatches::Slot> slot = deps_.watches->Acquire();
  if (!slot.ok()) {
    return new RefusedWatch(status::WithRetryDelay(slot.status(), absl::Seconds(5)));
  }
  return new ChangeWatch(*deps_.watches, *std::move(slot), *deps_.page_tokens, *start);
}

}  // namespace crm::customer
