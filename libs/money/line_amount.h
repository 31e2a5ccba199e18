#ifndef CRM_LIBS_MONEY_LINE_AMOUNT_H_
#define CRM_LIBS_MONEY_LINE_AMOUNT_H_

// The amount of an order or quote line: quantity × unit price, less a
// discount in basis points (1/100 of a percent; 1500 is 15%), rounded once, at
// the end, to the minor unit. Computed exactly in 128 bits.

#include <cstdint>

#include "absl/status/statusor.h"

namespace crm::money {

inline constexpr int64_t kBasisPointsPerWhole = 10000;  // 100%

// round(amount × (10000 − discount_bps) / 10000), halves rounded away from
// zero (so 0.5 fen is 1 fen and a refund mirrors its sale: −0.5 is −1).
// INVALID_ARGUMENT (INVALID_DISCOUNT) unless 0 <= discount_bps <= 10000.
absl::StatusOr<int64_t> ApplyDiscount(int64_t amount, int64_t discount_bps);

// ApplyDiscount(quantity × unit_price, discount_bps). OUT_OF_RANGE
// (MONEY_OVERFLOW) when quantity × unit_price is beyond int64, even if the
// discounted amount would not be: the undiscounted total is shown to people
// too. Quantities and prices may be negative (returns, credits).
absl::StatusOr<int64_t> LineAmount(int64_t quantity, int64_t unit_price, int64_t discount_bps);

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_LINE_AMOUNT_H_
