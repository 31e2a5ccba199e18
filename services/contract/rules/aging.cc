#include "services/contract/rules/aging.h"

#include <limits>

namespace crm::contract {

int32_t DaysOverdue(absl::CivilDay due, absl::CivilDay today) {
  const absl::civil_diff_t days = today - due;
  if (days <= 0) return 0;
  if (days > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  return static_cast<int32_t>(days);
}

std::optional<int> BucketOf(int32_t days_overdue) {
  if (days_overdue < 1) return std::nullopt;
  for (size_t i = 0; i < kAgingBuckets.size(); ++i) {
    const AgingBucketSpec& bucket = kAgingBuckets[i];
    if (days_overdue >= bucket.min_days &&
        (bucket.max_days == 0 || days_overdue <= bucket.max_days)) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

}  // namespace crm::contract
