#ifndef CRM_BENCH_COLLABORATION_BENCH_H_
#define CRM_BENCH_COLLABORATION_BENCH_H_

// The collaboration part of `make bench` (--filter=collab): 100,000
// collaboration requests with their participants and 200,000 attributions
// with their contributors over 100,000 customers (the seller organisation
// and customers of bench/seller_org.h), and the credit report's running
// totals computed from the attributions in force, all seeded directly with
// SQL in the collaboration schema through the module's pool. Then, one call
// at a time, through the RPC beside raw SQL written here for the same answer
// (on one libpqxx connection in this process), alternating call by call:
//
//   collab_board_hq            GetCollaborationBoard, no filter, as HQ
//   collab_board_subsidiary    GetCollaborationBoard as a seller of a subsidiary
//   collab_credit_hq           GetCreditReport of a quarter, as HQ
//   collab_credit_subsidiary   GetCreditReport of a quarter, as a subsidiary's seller
//
// Each answer is checked against the SQL's (the board's counts, overdue
// counts and cards in order; the report's rows, and for HQ that they add up
// exactly to the quarter's total), and the running totals against a plain
// aggregate over the attributions in force.

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "bench/bench_servers.h"

namespace crm::bench {

struct CollaborationBenchOptions {
  int requests = 100000;
  int attributions = 200000;
  // Customers; also the nodes of the customer group.
  int customers = 100000;
  // Deal dates are spread over this many days up to today.
  int deal_days = 730;
  // Cards per board column asked for (the service's default is 20).
  int cards_per_column = 20;
  // Measured seconds per operation (RPC and SQL together); at least
  // min_pairs RPC/SQL pairs whatever it takes.
  double read_seconds = 3.0;
  int min_pairs = 5;
  int max_pairs = 2000;
  // Keep the bench's database this long after the part (its DSN is printed).
  int hold_seconds = 0;
  // Only operations whose name contains this; "" for all.
  std::string filter;
};

// Whether --filter selects the collaboration part.
bool CollaborationSelected(const std::string& filter);

// Seeds the rows, measures the selected operations and prints them as a
// Markdown section to `out`. Returns whether every target was met and every
// answer agreed with the SQL; an error when seeding or a call failed (the
// section is printed first, naming it).
absl::StatusOr<bool> RunCollaborationBench(BenchServers& servers,
                                           const CollaborationBenchOptions& options,
                                           std::ostream& out);

}  // namespace crm::bench

#endif  // CRM_BENCH_COLLABORATION_BENCH_H_
