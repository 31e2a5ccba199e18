// scoring_backtest: prints the churn warning's backtest (bench/README.md,
// "Scoring backtest").
//   scoring_backtest [--seed=18] [--customers=20000]

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "bench/scoring_backtest.h"
#include "services/scoring/rules/scoring_policy.h"

ABSL_FLAG(uint64_t, seed, 18, "the histories' seed");
ABSL_FLAG(int, customers, 20000, "how many customers");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  crm::bench::BacktestOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.customers = absl::GetFlag(FLAGS_customers);
  const crm::bench::BacktestReport report =
      crm::bench::RunBacktest(options, crm::scoring::DefaultScoringPolicy());
  std::fputs(crm::bench::FormatBacktestReport(report).c_str(), stdout);
  return 0;
}
