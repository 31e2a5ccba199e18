#ifndef CRM_BENCH_SCORING_BENCH_H_
#define CRM_BENCH_SCORING_BENCH_H_

// The scoring part of the bench (`scoring_bench`, README.md "Scoring"): the
// real scoring service (services/scoring/testing: the real customer,
// opportunity and contract services beside it on one fresh database) with
// its background threads on — the feed followers every second, the
// refresher every 500 ms, the real clock. Rows are seeded directly with SQL
// through one libpqxx connection of this process, and each figure is printed
// beside a baseline measured in the same run:
//
//   scoring_rescore_all     scores::RescoreAll over every customer with facts
//                           (1,000,000 customer_facts rows, 6-12
//                           customer_months rows each, their replica_customers
//                           rows), first scoring and a recompute, beside a
//                           raw full scan of the same rows (facts ⋈ months
//                           aggregated). Target ≤ 60 s.
//   scoring_group_overview  GetGroupOverview of a 100,000-node customer group
//                           through the gRPC service, alternating call by call
//                           with the raw roll-up SELECT over the replica's
//                           nodes ⋈ scores ⋈ facts ⋈ customers. Target p50
//                           ≤ 200 ms (HQ); a subsidiary's partial roll-up is
//                           reported only.
//   scoring_event_latency   an activity recorded (opportunity service) or a
//                           contract signed (contract service), then
//                           GetCustomerOverview polled until it shows it;
//                           beside the write call's and one overview read's
//                           own time. Target ≤ 5 s for the slowest.

#include <ostream>
#include <string>

#include "absl/status/statusor.h"

namespace crm::bench {

struct ScoringBenchOptions {
  // Customers with facts (and replica rows); each has 6-12 months of facts.
  int customers = 1000000;
  // Nodes of the measured customer group (at most `customers` customer
  // nodes, plus the root, business lines and departments).
  int group_nodes = 100000;
  // Events whose way to the overview is timed (activities and signatures
  // alternately).
  int events = 10;
  // Measured seconds of the group overview (RPC and SQL together); at least
  // min_pairs RPC/SQL pairs whatever it takes.
  double read_seconds = 5.0;
  int min_pairs = 5;
  int max_pairs = 2000;
  // Only operations whose name contains this; "" for all.
  std::string filter;
};

// Starts the services on a fresh database, seeds, measures the selected
// operations and prints them as a Markdown section to `out`. Returns whether
// every target was met and every answer agreed with the SQL; an error when
// the services could not start or seeding failed.
absl::StatusOr<bool> RunScoringBench(const ScoringBenchOptions& options, std::ostream& out);

}  // namespace crm::bench

#endif  // CRM_BENCH_SCORING_BENCH_H_
