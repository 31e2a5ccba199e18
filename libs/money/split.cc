#include "libs/money/split.h"

#include <algorithm>
#include <numeric>

#include "libs/money/errors.h"
#include "libs/money/line_amount.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::money {
namespace {

absl::Status BadWeights(std::string message) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "INVALID_SPLIT_WEIGHTS",
                       message);
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> SplitProportionally(int64_t total,
                                                         absl::Span<const int64_t> weights) {
  if (weights.empty()) return BadWeights("cannot split an amount into no parts: give a weight");
  // Fewer than 2^64 weights below 2^63 each: the sum fits in 128 bits.
  __int128 weight_sum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) {
      return BadWeights(
          crm::StrCat("weight ", i, " is ", weights[i], "; split weights must be zero or more"));
    }
    weight_sum += weights[i];
  }
  if (weight_sum == 0) {
    return BadWeights("every split weight is zero; at least one must be positive");
  }

  // magnitude × weight < 2^126 and floor(magnitude × weight / sum) <= 2^63.
  const __int128 magnitude = total < 0 ? -static_cast<__int128>(total) : total;
  std::vector<__int128> parts(weights.size());
  std::vector<__int128> remainders(weights.size());
  __int128 assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const __int128 exact = magnitude * weights[i];
    parts[i] = exact / weight_sum;
    remainders[i] = exact % weight_sum;
    assigned += parts[i];
  }
  // Fewer units are left than parts with a nonzero fraction (the fractions
  // sum to them, each below one), so zero weights never get one.
  const auto left = static_cast<size_t>(magnitude - assigned);
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; k < left; ++k) ++parts[order[k]];

  std::vector<int64_t> result(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    result[i] = static_cast<int64_t>(total < 0 ? -parts[i] : parts[i]);
  }
  return result;
}

absl::StatusOr<std::vector<int64_t>> BasisPointShares(absl::Span<const int64_t> weights) {
  return SplitProportionally(kBasisPointsPerWhole, weights);
}

}  // namespace crm::money
