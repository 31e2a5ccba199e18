#include "services/collaboration/rules/credit_split.h"

#include "libs/money/split.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/rules/errors.h"

namespace crm::collaboration {
namespace {

absl::Status NoContribution(std::string message) {
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain, "NO_CONTRIBUTION",
                       message);
}

}  // namespace

int64_t ExactWeightedScore(const v1::ContributionScores& scores,
                           const v1::DimensionWeights& weights) {
  return int64_t{scores.information()} * weights.information_bp() +
         int64_t{scores.resources()} * weights.resources_bp() +
         int64_t{scores.participation()} * weights.participation_bp() +
         int64_t{scores.customer_evaluation()} * weights.customer_evaluation_bp();
}

int64_t WeightedScore(const v1::ContributionScores& scores, const v1::DimensionWeights& weights) {
  return (ExactWeightedScore(scores, weights) + 50) / 100;
}

absl::StatusOr<CreditSplitParts> SplitCreditByWeights(absl::Span<const int64_t> weights,
                                                      int64_t amount_minor) {
  if (weights.empty())
    return NoContribution("there are no contributors to split the credit between");
  if (amount_minor < 0) {
    return absl::InvalidArgumentError(crm::StrCat("a deal amount of ", amount_minor,
                                                  " is negative; credit splits need zero or more"));
  }
  bool any = false;
  for (const int64_t weight : weights) any = any || weight > 0;
  if (!any) {
    return NoContribution(
        "every contributor's weighted score is zero; score at least one above zero to split the "
        "credit");
  }
  absl::StatusOr<std::vector<int64_t>> shares = money::BasisPointShares(weights);
  if (!shares.ok()) return shares.status();
  absl::StatusOr<std::vector<int64_t>> credited = money::SplitProportionally(amount_minor, *shares);
  if (!credited.ok()) return credited.status();
  CreditSplitParts parts;
  parts.shares_bp.assign(shares->begin(), shares->end());
  parts.credited_minor = *std::move(credited);
  return parts;
}

absl::StatusOr<CreditSplitParts> SplitCredit(absl::Span<const v1::ContributionScores> scores,
                                             const v1::DimensionWeights& weights,
                                             int64_t amount_minor) {
  std::vector<int64_t> exact;
  exact.reserve(scores.size());
  for (const v1::ContributionScores& s : scores) exact.push_back(ExactWeightedScore(s, weights));
  absl::StatusOr<CreditSplitParts> parts = SplitCreditByWeights(exact, amount_minor);
  if (!parts.ok()) return parts.status();
  for (const v1::ContributionScores& s : scores) {
    parts->weighted_scores.push_back(WeightedScore(s, weights));
  }
  return parts;
}

}  // namespace crm::collaboration
