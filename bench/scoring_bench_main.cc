// scoring_bench: the scoring service's recompute of every customer, its group
// overview and the way of an event to a customer's overview, each beside a
// baseline measured in the same run (bench/scoring_bench.h, README.md
// "Scoring"). Needs the test environment's PostgreSQL and Redis
// (CRM_TEST_PG_DSN, CRM_TEST_REDIS_ADDRESS), as scripts/bench.sh --scoring
// gives them.

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "bench/scoring_bench.h"

ABSL_FLAG(int, scoring_customers, 1000000,
          "customers with facts (6-12 months each) that RescoreAll scores");
ABSL_FLAG(int, scoring_group_nodes, 100000,
          "nodes of the customer group GetGroupOverview rolls up");
ABSL_FLAG(int, scoring_events, 10,
          "events (visits and signatures alternately) timed to the customer's overview");
ABSL_FLAG(double, scoring_seconds, 5.0,
          "measured seconds of the group overview (RPC and SQL together; at least 5 pairs)");
ABSL_FLAG(std::string, filter, "",
          "only operations whose name contains this: scoring_rescore_all, "
          "scoring_group_overview, scoring_event_latency");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "The scoring service's bench: RescoreAll over every customer, GetGroupOverview of a large "
      "group, event → overview latency, each beside a baseline; prints a Markdown section.");
  absl::ParseCommandLine(argc, argv);
  crm::bench::ScoringBenchOptions options;
  options.customers = std::max(absl::GetFlag(FLAGS_scoring_customers), 100);
  options.group_nodes = std::max(absl::GetFlag(FLAGS_scoring_group_nodes), 300);
  options.events = std::max(absl::GetFlag(FLAGS_scoring_events), 1);
  options.read_seconds = absl::GetFlag(FLAGS_scoring_seconds);
  options.filter = absl::GetFlag(FLAGS_filter);
  absl::StatusOr<bool> met = crm::bench::RunScoringBench(options, std::cout);
  if (!met.ok()) {
    std::cerr << "scoring bench: " << met.status() << "\n";
    return 2;
  }
  if (!*met) {
    std::cerr << "scoring bench: a target was missed or an answer disagreed (see above)\n";
    return 1;
  }
  return 0;
}
