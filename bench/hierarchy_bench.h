#ifndef CRM_BENCH_HIERARCHY_BENCH_H_
#define CRM_BENCH_HIERARCHY_BENCH_H_

// The hierarchy part of `make bench`: one generated customer group of
// 100,000 nodes (depth up to 8), and per operation the latency of one call at
// a time through the hierarchy service's RPC beside the raw SQL its store
// runs for the same answer, executed with libpqxx in this process:
//
//   hierarchy_subtree_whole        every page of ListSubtree on the root (10 × 10,000)
//   hierarchy_subtree_first_page   the first page of it alone
//   hierarchy_subtree_1k           ListSubtree of a ~1,000-node subtree (one page)
//   hierarchy_ancestors            GetNode of a leaf at depth 8 (its ancestors)
//   hierarchy_move_10k             MoveNode of a ~10,000-node subtree
//
// Reads run against the service with its subtree cache off ("cold": every
// page from PostgreSQL) and on and warm ("warm": every page from Redis after
// one unmeasured read). RPC and SQL calls alternate one by one, so both see
// the same background load; the move alternates direction with them, each
// moving the subtree to the other of two parents.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/bench_servers.h"
#include "bench/report.h"

namespace crm::bench {

struct HierarchyBenchOptions {
  int nodes = 100000;
  // Measured seconds per operation and cache state (RPC and SQL together);
  // at least min_pairs RPC/SQL pairs are measured whatever it takes.
  double seconds = 3.0;
  int min_pairs = 5;
  int max_pairs = 2000;
  // Only operations whose name contains this; "" for all.
  std::string filter;
};

// Whether --filter selects any hierarchy operation.
bool HierarchySelected(const std::string& filter);

// Seeds the group into the bench's database (directly with SQL, in seconds),
// measures the selected operations and adds them, with notes on the seeded
// shape, to `report`.
absl::Status RunHierarchyBench(BenchServers& servers, const HierarchyBenchOptions& options,
                               Report& report);

}  // namespace crm::bench

#endif  // CRM_BENCH_HIERARCHY_BENCH_H_
