#ifndef CRM_SERVICES_SCORING_RULES_VALUE_SCORE_H_
#define CRM_SERVICES_SCORING_RULES_VALUE_SCORE_H_

// The value score (0-100) and the tier it implies (客户分级), from a
// customer's facts under a scoring policy. Five factors, each worth its
// weight_bp / 100 points at full marks, linear below:
//
//   annual_purchases     signed contract amounts in the 12 months ending with
//                        the month of `now` (Asia/Shanghai); full marks at
//                        tier_a_min
//   profit_contribution  margin_bp (the profile's); full marks at
//                        margin_full_bp; 0 points when unknown or negative
//   tenure               years since the first signed contract; full marks
//                        at tenure_full_years
//   growth               purchases of these 12 months against the 12 before,
//                        percent; full marks at growth_full_percent, 0 at or
//                        below no growth; nothing bought in the 12 months
//                        before: not measured, 0 points (said so)
//   strategic            all or nothing
//
// Tier: A when strategic or annual purchases are above tier_a_min
// (10,000,000.00 CNY by default: exactly 10,000,000.00 is B), B from
// tier_b_min, else C. Each factor and the tier come with their reason in
// words, amounts in yuan with thousands separators.

#include <cstdint>

#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "services/scoring/rules/facts_snapshot.h"

namespace crm::scoring {

// Signed contract amounts in the 12 calendar months ending with the month
// of `now` (Asia/Shanghai), fen; saturates rather than overflows.
int64_t AnnualPurchasesMinor(const FactsSnapshot& facts, absl::Time now);

// The tier the policy's thresholds give.
v1::Tier ComputedTier(int64_t annual_purchases_minor, bool strategic,
                      const v1::ScoringPolicy& policy);

// The factors, their sum, the computed tier and its reason; policy_version
// is policy.version().
v1::ValueAssessment AssessValue(const FactsSnapshot& facts, const v1::ScoringPolicy& policy,
                                absl::Time now);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_VALUE_SCORE_H_
