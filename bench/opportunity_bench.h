#ifndef CRM_BENCH_OPPORTUNITY_BENCH_H_
#define CRM_BENCH_OPPORTUNITY_BENCH_H_

// The pipeline part of `make bench` (--filter=opportunity): a pipeline of
// 1,000,000 opportunities and 3,000,000 activities over 100,000 customers,
// most of them in one customer group of 100,000 nodes shaped like the
// hierarchy bench's, seeded directly with SQL in the opportunity schema
// (opportunities, activities, the customer and group replicas). Then:
//
// one call at a time, through the RPC beside the store's own prepared
// statement for the same answer (FunnelStore/StaleStore::Statements() on one
// libpqxx connection in this process), alternating call by call:
//
//   opportunity_funnel_group     GetFunnel of the group's root node, as HQ
//   opportunity_funnel_org_unit  GetFunnel of a subsidiary, as its seller
//   opportunity_stale_user       ListStaleOpportunities of a seller, 50 a page
//
// and at N calls in flight (the load generator), in round-robin slices:
//
//   opportunity_pg_select     the raw-SELECT baseline RPC (one primary-key SELECT)
//   opportunity_create        CreateOpportunity                 vs opportunity_pg_select
//   opportunity_change_stage  ChangeStage LEAD ↔ DISCOVERY with the etag of
//                             the previous answer, one opportunity per slot
//                                                               vs opportunity_pg_select

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/bench_servers.h"

namespace crm::bench {

struct OpportunityBenchOptions {
  int opportunities = 1000000;
  // Customers; also the nodes of the customer group, whose customer nodes
  // (~90 % of them) are customers among these.
  int customers = 100000;
  // Activities per opportunity, on average (about 5/6 of them on an
  // opportunity, the rest on a customer alone).
  int activities_per_opportunity = 3;
  // Measured seconds per read operation (RPC and SQL together); at least
  // min_pairs RPC/SQL pairs whatever it takes.
  double read_seconds = 3.0;
  int min_pairs = 5;
  int max_pairs = 2000;
  // The writes under load: calls in flight, measured seconds per scenario in
  // all (cut into `rounds` slices run round robin), warm-up per slice.
  int in_flight = 32;
  double write_seconds = 3.0;
  int rounds = 3;
  absl::Duration warmup = absl::Milliseconds(500);
  // Keep the bench's database this long after the part, to inspect it by
  // hand (its DSN is printed); it is dropped afterwards as always.
  int hold_seconds = 0;
  // Only operations whose name contains this; "" for all.
  std::string filter;
};

// Whether --filter selects the pipeline part.
bool OpportunitySelected(const std::string& filter);

// Seeds the pipeline, measures the selected operations and prints them as a
// Markdown section to `out`. Returns whether every target was met; an error
// when seeding or a call failed (the section is printed first, naming it).
absl::StatusOr<bool> RunOpportunityBench(BenchServers& servers,
                                         const OpportunityBenchOptions& options, std::ostream& out);

}  // namespace crm::bench

#endif  // CRM_BENCH_OPPORTUNITY_BENCH_H_
