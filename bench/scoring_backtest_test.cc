#include "bench/scoring_backtest.h"

#include "gtest/gtest.h"
#include "services/scoring/rules/scoring_policy.h"

namespace crm::bench {
namespace {

TEST(ScoringBacktestTest, SameSeedSameCustomers) {
  BacktestOptions options;
  options.customers = 300;
  const std::vector<SyntheticCustomer> a = GenerateCustomers(options);
  const std::vector<SyntheticCustomer> b = GenerateCustomers(options);
  ASSERT_EQ(a.size(), 300u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].churns, b[i].churns);
    EXPECT_EQ(a[i].days_since_last_order, b[i].days_since_last_order);
    EXPECT_EQ(a[i].facts.overdue_minor, b[i].facts.overdue_minor);
  }
}

TEST(ScoringBacktestTest, RulesBeatTheLastOrderBaselineOnPrecisionAtEqualRecall) {
  BacktestOptions options;
  options.seed = 18;
  options.customers = 8000;
  const BacktestReport report = RunBacktest(options, scoring::DefaultScoringPolicy());
  SCOPED_TRACE(FormatBacktestReport(report));
  ASSERT_GT(report.rules.churners, 100);
  ASSERT_GT(report.rules.true_positives, 0);
  // The baseline is taken at a recall at least the rules'.
  EXPECT_GE(report.baseline.Recall(), report.rules.Recall());
  EXPECT_GT(report.rules.Precision(), report.baseline.Precision());
}

}  // namespace
}  // namespace crm::bench
