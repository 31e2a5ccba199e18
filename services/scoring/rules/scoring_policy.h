#ifndef CRM_SERVICES_SCORING_RULES_SCORING_POLICY_H_
#define CRM_SERVICES_SCORING_RULES_SCORING_POLICY_H_

// The scoring policy: value weights, tier thresholds, full-mark points,
// health signal rules, risk levels and the scorecard's weights. HQ replaces
// it with a new version; scores are recomputed under it (tiers change only
// by review).

#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/status/status.h"

namespace crm::scoring {

inline constexpr char kScoringPolicyName[] = "scoringPolicy";

// DOMAIN.md's defaults, version 1, exactly as seeded by migration 0001:
// value weights purchases 40%, profit 15%, tenure 15%, growth 15%,
// strategic 15%; A above 10,000,000 CNY, B from 1,000,000; tenure full at
// 10 years, growth at 50%, margin at 30%; the eight signals (orders -30%
// 20%, 30 days without activity 15%, 90 without a visit 10%, complaints
// rising by 1 10%, 30 days overdue 15%, 1 contract expiring 15%, 1 delivery
// problem 10%, satisfaction down 1 point 5%); high risk below 50, medium
// below 75; scorecard 60/15/15/10%.
v1::ScoringPolicy DefaultScoringPolicy();

// Adds every problem of a policy sent to UpdateScoringPolicy under
// "scoring_policy.…", all at once: value weights 0-10,000 summing to
// 10,000; tier_a_min and tier_b_min in CNY, B positive and below A;
// tenure_full_years 1-50, growth_full_percent 1-1,000, margin_full_bp
// 1-10,000; exactly one rule per known signal (each of the eight once, no
// unknown one), weights 0-10,000 summing to 10,000, thresholds finite and
// on the signal's side (orders_trend -100 to -1, the others positive,
// satisfaction at most 10); 0 < high_risk_below < medium_risk_below <= 100;
// scorecard weights 0-10,000 summing to 10,000. E.g.
//   "scoring_policy.signals[2].signal: \"days_since_visit\" is given again (first at
//   signals[1]); give each signal once"
void ValidateScoringPolicy(const v1::ScoringPolicy& policy, status::FieldViolations& violations);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_SCORING_POLICY_H_
