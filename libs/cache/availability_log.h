#ifndef CRM_LIBS_CACHE_AVAILABILITY_LOG_H_
#define CRM_LIBS_CACHE_AVAILABILITY_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace crm::cache {

// A change of a server's availability as its client saw it.
struct AvailabilityChange {
  enum class Kind { kUnavailable, kReachableAgain };
  Kind kind = Kind::kUnavailable;
  // kUnavailable: the failure that began the outage.
  std::string error;
  // kReachableAgain: the operations that failed during the outage, the first
  // one included, and the time from that first failure to the success.
  int64_t failed_operations = 0;
  absl::Duration outage;
};

// Turns the outcome of every operation on one server into its state changes,
// so that an outage is logged twice in all: "unavailable" at the first
// failure, "reachable again" at the first success after it, with how many
// operations failed and for how long. Only a completed operation counts as a
// success: a hung server (SIGSTOP) still accepts connections, and a client
// that called it reachable on connect would log every retry. Thread-safe.
class AvailabilityLog final {
 public:
  // `server` names it in the log, e.g. "127.0.0.1:6379".
  explicit AvailabilityLog(std::string server);

  // An operation failed with `error` (or was not tried, inside a back-off
  // after a failure) at `now`. Returns the change it makes, if any.
  std::optional<AvailabilityChange> Failed(std::string_view error, absl::Time now);
  // An operation completed at `now`. Returns the change it makes, if any.
  std::optional<AvailabilityChange> Succeeded(absl::Time now);

  // An operation was not tried, inside a back-off after a failure: one more
  // failed operation of the outage, never a change of its own.
  void Skipped();

  // Failed or Succeeded at absl::Now(), writing the change, if any, to the
  // log: a warning "redis unavailable; ..." or "redis reachable again".
  void RecordFailure(std::string_view error);
  void RecordSuccess();

  bool down() const;

 private:
  void Write(const AvailabilityChange& change) const;

  const std::string server_;
  mutable absl::Mutex mu_;
  bool down_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time down_since_ ABSL_GUARDED_BY(mu_);
  int64_t failed_operations_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace crm::cache

#endif  // CRM_LIBS_CACHE_AVAILABILITY_LOG_H_
