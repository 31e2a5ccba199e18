#ifndef CRM_SERVICES_CONTRACT_RULES_AGING_H_
#define CRM_SERVICES_CONTRACT_RULES_AGING_H_

// How long a payment milestone is past due, and its aging bucket. The one
// definition: the receivables statements build their FILTER clauses from
// kAgingBuckets, so SQL and these functions cannot disagree.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/time/civil_time.h"

namespace crm::contract {

// One bucket of days past due, bounds inclusive; max_days 0 is open-ended.
struct AgingBucketSpec {
  std::string_view label;
  int32_t min_days;
  int32_t max_days;
};

// "0-30", "31-60", "61-90", "90+". A milestone is past due from the day
// after its due date (1 day overdue), so the first bucket starts at 1 day:
// its label's 0 is "under a month", as finance reads it.
inline constexpr std::array<AgingBucketSpec, 4> kAgingBuckets = {{
    {"0-30", 1, 30},
    {"31-60", 31, 60},
    {"61-90", 61, 90},
    {"90+", 91, 0},
}};

// Whole days `due` is past at `today`: today - due, 0 when not yet past
// (due today or later).
int32_t DaysOverdue(absl::CivilDay due, absl::CivilDay today);

// The index into kAgingBuckets of `days_overdue`, or nullopt when it is not
// past due (0 or less).
std::optional<int> BucketOf(int32_t days_overdue);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_AGING_H_
