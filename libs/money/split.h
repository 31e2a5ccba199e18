#ifndef CRM_LIBS_MONEY_SPLIT_H_
#define CRM_LIBS_MONEY_SPLIT_H_

// Splits that always add up: largest-remainder rounding (the Hamilton
// method). Each part first gets the whole units of its exact share
// total × weight / Σweights; the units left over go one each to the parts with
// the largest fractions, ties to the earlier index. So 100 split 1:1:1 is
// 34, 33, 33 and the parts sum to exactly the total.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace crm::money {

// Parts of `total` in proportion to `weights`, one per weight, summing to
// exactly `total`. A zero weight gets zero. A negative total is split as its
// magnitude and negated (−100 over 1:1:1 is −34, −33, −33). INVALID_ARGUMENT
// (INVALID_SPLIT_WEIGHTS) when there are no weights, one is negative, or all
// are zero. Exact for every int64 total and weights (128-bit arithmetic).
absl::StatusOr<std::vector<int64_t>> SplitProportionally(int64_t total,
                                                         absl::Span<const int64_t> weights);

// Shares in basis points summing to exactly 10000 (100%):
// SplitProportionally(10000, weights). Weights 40:60 give 4000, 6000.
absl::StatusOr<std::vector<int64_t>> BasisPointShares(absl::Span<const int64_t> weights);

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_SPLIT_H_
