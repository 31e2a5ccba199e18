#ifndef CRM_SERVICES_COLLABORATION_RULES_CREDIT_SPLIT_H_
#define CRM_SERVICES_COLLABORATION_RULES_CREDIT_SPLIT_H_

// A deal's credit split between its contributing org units (DOMAIN.md
// "Collaboration and attribution"): each contributor is scored 0-100 on four
// dimensions, the policy weighs them (basis points summing to 10,000), and
// the shares are the weighted scores normalised to integer basis points that
// sum to exactly 10,000; the deal's amount is then split by those shares to
// the fen, summing to exactly the amount. Both splits are largest remainder
// with ties to the earlier contributor (libs/money/split.h), and the
// contributors are always in org-unit order, so the same scores always give
// the same split.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"

namespace crm::collaboration {

inline constexpr int64_t kWholeShareBp = 10000;

// Σ score × weight_bp over the four dimensions: the exact weighted score in
// units of 1/10,000 of a point (0-1,000,000). Shares are proportional to it.
int64_t ExactWeightedScore(const v1::ContributionScores& scores,
                           const v1::DimensionWeights& weights);

// The weighted score as the API shows it, in hundredths of a point
// (0-10,000): ExactWeightedScore / 100, halves rounded up. With weights in
// whole percents (the default 20/30/30/20) it is exact.
int64_t WeightedScore(const v1::ContributionScores& scores, const v1::DimensionWeights& weights);

// The split of one deal, one entry per contributor, in the order given.
struct CreditSplitParts {
  std::vector<int64_t> weighted_scores;  // hundredths of a point (WeightedScore)
  std::vector<int32_t> shares_bp;        // sum to exactly 10,000
  std::vector<int64_t> credited_minor;   // sum to exactly the amount
};

// Splits `amount_minor` (>= 0) between contributors with these scores under
// `weights`: shares in proportion to the exact weighted scores, then the
// amount in proportion to the shares. A contributor scoring zero on every
// dimension gets no share. FAILED_PRECONDITION (NO_CONTRIBUTION) when there
// are no contributors or every weighted score is zero (there is nothing to
// split by).
absl::StatusOr<CreditSplitParts> SplitCredit(absl::Span<const v1::ContributionScores> scores,
                                             const v1::DimensionWeights& weights,
                                             int64_t amount_minor);

// The same from weights already computed (any non-negative numbers, e.g.
// ExactWeightedScore): shares_bp and credited_minor only.
absl::StatusOr<CreditSplitParts> SplitCreditByWeights(absl::Span<const int64_t> weights,
                                                      int64_t amount_minor);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_CREDIT_SPLIT_H_
