#include "libs/money/line_amount.h"

#include "libs/money/checked_math.h"
#include "libs/money/errors.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::money {

absl::StatusOr<int64_t> ApplyDiscount(int64_t amount, int64_t discount_bps) {
  if (discount_bps < 0 || discount_bps > kBasisPointsPerWhole) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "INVALID_DISCOUNT",
                         crm::StrCat("discount of ", discount_bps,
                                     " basis points is outside 0 to 10000 (0% to 100%)"),
                         {{"discount_bps", crm::StrCat(discount_bps)}});
  }
  // |amount| × 10000 < 2^77: no overflow in 128 bits, and the quotient is at
  // most |amount|, so it fits back into int64 (−2^63 included).
  const __int128 scaled = static_cast<__int128>(amount) * (kBasisPointsPerWhole - discount_bps);
  const __int128 magnitude = scaled < 0 ? -scaled : scaled;
  const __int128 rounded = (magnitude + kBasisPointsPerWhole / 2) / kBasisPointsPerWhole;
  return static_cast<int64_t>(scaled < 0 ? -rounded : rounded);
}

absl::StatusOr<int64_t> LineAmount(int64_t quantity, int64_t unit_price, int64_t discount_bps) {
  absl::StatusOr<int64_t> gross = CheckedMultiply(quantity, unit_price);
  if (!gross.ok()) return gross.status();
  return ApplyDiscount(*gross, discount_bps);
}

}  // namespace crm::money
