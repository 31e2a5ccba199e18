#ifndef CRM_LIBS_MONEY_CHECKED_MATH_H_
#define CRM_LIBS_MONEY_CHECKED_MATH_H_

// Arithmetic on int64 minor units (fen) that never wraps: a result beyond
// the int64 range is OUT_OF_RANGE (reason MONEY_OVERFLOW) naming the operands,
// so a sum is either exact or an error.

#include <cstdint>

#include "absl/status/statusor.h"

namespace crm::money {

absl::StatusOr<int64_t> CheckedAdd(int64_t a, int64_t b);
absl::StatusOr<int64_t> CheckedSubtract(int64_t a, int64_t b);
absl::StatusOr<int64_t> CheckedMultiply(int64_t a, int64_t b);

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_CHECKED_MATH_H_
