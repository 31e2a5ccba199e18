#ifndef CRM_BENCH_SCORING_BACKTEST_H_
#define CRM_BENCH_SCORING_BACKTEST_H_

// The churn warning's backtest: synthetic two-year customer histories
// (orders, receipts, activities and visits, complaints, delivery problems,
// contracts and their renewals, satisfaction surveys), some of whose
// customers churn in the last three months and most of which do not. Each
// customer's facts are taken as of three months before the end, scored by
// the health rules (services/scoring/rules/health_score.h), and "high risk"
// is compared with who churned in those three months. The naive baseline
// flags a customer when its last order is at least X days old, X chosen to
// reach the rules' recall; precision is then compared at (at least) equal
// recall.
//
// The histories are seeded and deterministic (a 64-bit Mersenne Twister and
// hand-written distributions, so a seed gives the same customers on every
// standard library).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "services/scoring/rules/facts_snapshot.h"

namespace crm::bench {

struct BacktestOptions {
  uint64_t seed = 18;
  int customers = 20000;
  // Customers that churn in the three months after the assessment: about
  // 15% of key accounts a year.
  double churn_share = 0.04;
  // Non-churners with a temporary dip (a budget freeze, a season): fewer
  // orders and contacts for 2-4 months, then back.
  double dip_share = 0.2;
  // Churners who leave with little warning (an acquisition, a new buyer):
  // their signals are a third as strong.
  double quiet_churner_share = 0.25;
};

// One customer's history as the assessment sees it.
struct SyntheticCustomer {
  int index = 0;
  bool churns = false;
  // The facts as of the assessment (three months before the end).
  scoring::FactsSnapshot facts;
  // Days from the last order to the assessment (730 when none).
  int days_since_last_order = 0;
};

// The histories: 2025-01-01 to 2026-12-31 (Asia/Shanghai), assessed on
// 2026-09-30 12:00; churners churn between then and the end.
std::vector<SyntheticCustomer> GenerateCustomers(const BacktestOptions& options);
absl::Time AssessmentTime();

// Flagged customers against churners.
struct Confusion {
  int64_t customers = 0;
  int64_t churners = 0;
  int64_t flagged = 0;
  int64_t true_positives = 0;
  double Precision() const;
  double Recall() const;
};

struct BacktestReport {
  BacktestOptions options;
  // "High risk" by the health rules.
  Confusion rules;
  // Medium or high, for context.
  Confusion rules_medium_or_high;
  // Days since the last order >= baseline_days, the largest X whose recall
  // reaches the rules'.
  int baseline_days = 0;
  Confusion baseline;
  // The baseline's precision and recall at a few other thresholds.
  std::vector<std::pair<int, Confusion>> baseline_curve;
};

BacktestReport RunBacktest(const BacktestOptions& options,
                           const scoring::v1::ScoringPolicy& policy);

// The report as a table a person reads (bench/README.md quotes it).
std::string FormatBacktestReport(const BacktestReport& report);

}  // namespace crm::bench

#endif  // CRM_BENCH_SCORING_BACKTEST_H_
