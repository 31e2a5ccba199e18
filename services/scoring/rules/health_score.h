#ifndef CRM_SERVICES_SCORING_RULES_HEALTH_SCORE_H_
#define CRM_SERVICES_SCORING_RULES_HEALTH_SCORE_H_

// The health score (0-100, 100 healthy), the churn risk and its reasons
// (流失预警), from a customer's facts under a scoring policy. Each of the
// policy's signal rules measures one value and compares it with its
// threshold:
//
//   orders_trend              purchases of the last 3 months (the month of
//                             `now` and the 2 before) against the 3 before,
//                             percent change; triggered at or below the
//                             threshold (-30: a fall of 30% or more). No
//                             purchases in either window: not measured (0).
//   days_since_activity       days since the last activity (no activity
//                             ever: counted from 365 days); at or above
//   days_since_visit          days since the last visit, as activity
//   complaints_rising         complaints of the last 3 months minus those of
//                             the 3 before; at or above
//   overdue_receivables       the oldest overdue milestone's days past due
//                             (the amount in the reason); at or above, and
//                             only with an overdue amount
//   expiring_without_renewal  contracts ending within 60 days without a
//                             renewal; at or above
//   delivery_problems         delivery problems of the last 90 days; at or
//                             above
//   satisfaction_falling      the previous survey mean minus the latest
//                             (points fallen on 0-10); at or above; not
//                             measured without both means
//
// The penalty curve: a triggered signal takes off its weight (weight_bp /
// 100 points) times its severity, where severity is 0.75 at the threshold
// and grows linearly to 1 at a third beyond it, measured from the signal's
// neutral point 0 (orders down 30% → 15 of 20 points, down 40% or more →
// all 20; 30 days without activity → 11.25 of 15, 40 days or more → all 15;
// 1 complaint more → 7.5 of 10, 2 or more → 10). A signal not triggered
// takes nothing off. No single signal makes a customer high risk (the
// heaviest takes 20 points): it takes several together, e.g. orders
// stopping, no activity for 40 days and receivables 40 days overdue (50
// points). The backtest (bench/scoring_backtest.h, bench/README.md) chose
// this curve over a gentler one (half the weight at the threshold, all at
// twice it), whose high risk caught 5.5% of the churners, and over a step
// (the whole weight at the threshold), which flagged half as many again
// at lower precision.
//
// Risk: high below high_risk_below, medium below medium_risk_below, else
// low. Reasons: the triggered signals' reasons, largest penalty first.

#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "services/scoring/rules/facts_snapshot.h"

namespace crm::scoring {

// Signal names (HealthSignal.signal, SignalRule.signal).
inline constexpr char kSignalOrdersTrend[] = "orders_trend";
inline constexpr char kSignalDaysSinceActivity[] = "days_since_activity";
inline constexpr char kSignalDaysSinceVisit[] = "days_since_visit";
inline constexpr char kSignalComplaintsRising[] = "complaints_rising";
inline constexpr char kSignalOverdueReceivables[] = "overdue_receivables";
inline constexpr char kSignalExpiringWithoutRenewal[] = "expiring_without_renewal";
inline constexpr char kSignalDeliveryProblems[] = "delivery_problems";
inline constexpr char kSignalSatisfactionFalling[] = "satisfaction_falling";

// Days counted for "since the last activity/visit" when there never was one.
inline constexpr int kNeverDays = 365;

// The risk level of a health score under the policy.
v1::RiskLevel RiskOf(double health_score, const v1::ScoringPolicy& policy);

// Every signal of the policy (in the policy's order), the score, the risk
// and the reasons; policy_version is policy.version().
v1::HealthAssessment AssessHealth(const FactsSnapshot& facts, const v1::ScoringPolicy& policy,
                                  absl::Time now);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_HEALTH_SCORE_H_
