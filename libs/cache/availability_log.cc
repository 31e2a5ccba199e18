#include "libs/cache/availability_log.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/log/log.h"

namespace crm::cache {

AvailabilityLog::AvailabilityLog(std::string server) : server_(std::move(server)) {}

std::optional<AvailabilityChange> AvailabilityLog::Failed(std::string_view error, absl::Time now) {
  absl::MutexLock lock(&mu_);
  ++failed_operations_;
  if (down_) return std::nullopt;
  down_ = true;
  down_since_ = now;
  failed_operations_ = 1;
  return AvailabilityChange{.kind = AvailabilityChange::Kind::kUnavailable,
                            .error = std::string(error)};
}

std::optional<AvailabilityChange> AvailabilityLog::Succeeded(absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (!down_) return std::nullopt;
  down_ = false;
  AvailabilityChange change{.kind = AvailabilityChange::Kind::kReachableAgain,
                            .failed_operations = failed_operations_,
                            .outage = now - down_since_};
  failed_operations_ = 0;
  return change;
}

void AvailabilityLog::Skipped() {
  absl::MutexLock lock(&mu_);
  if (down_) ++failed_operations_;
}

void AvailabilityLog::RecordFailure(std::string_view error) {
  if (std::optional<AvailabilityChange> change = Failed(error, absl::Now())) Write(*change);
}

void AvailabilityLog::RecordSuccess() {
  if (std::optional<AvailabilityChange> change = Succeeded(absl::Now())) Write(*change);
}

bool AvailabilityLog::down() const {
  absl::MutexLock lock(&mu_);
  return down_;
}

void AvailabilityLog::Write(const AvailabilityChange& change) const {
  if (change.kind == AvailabilityChange::Kind::kUnavailable) {
    log::Warn("redis unavailable; reads fall back to PostgreSQL until it answers again",
              {{"redis", server_}, {"error", change.error}});
    return;
  }
  const std::string failed = absl::StrCat(change.failed_operations);
  const std::string seconds = absl::StrCat(absl::ToDoubleSeconds(change.outage));
  log::Info("redis reachable again",
            {{"redis", server_}, {"failed_operations", failed}, {"outage_seconds", seconds}});
}

}  // namespace crm::cache
