#ifndef CRM_BENCH_IMPORT_BENCH_H_
#define CRM_BENCH_IMPORT_BENCH_H_

// The bulk-import part of `make bench` (--filter=import): throughput of
// CustomerService.ImportCustomers end to end (rows streamed in messages of
// 1,000, validated, written in batches with history, match keys, change feed
// and references, every result streamed back), beside a raw COPY of the same
// rows into a table made LIKE customer.customers INCLUDING ALL (same columns,
// defaults and indexes), in the same run, reported as a ratio:
//
//   import_create     N new rows (N = --import_rows, default 200,000)
//   import_unchanged  the same N rows again (every row UNCHANGED)
//   copy_baseline     COPY of the N rows as the service would store them
//
// Rows are synthetic but shaped like an ERP export: a unique Chinese legal
// name, a valid USCC, industry, region, ownership, size and two tags.

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_servers.h"

namespace crm::bench {

struct ImportBenchOptions {
  int rows = 200000;
  // Rows per second the import should reach.
  double target_rows_per_second = 50000;
};

// Whether --filter selects the import part.
bool ImportSelected(const std::string& filter);

// Imports the rows through the cached customer service, copies them into
// the baseline table, and prints the figures to `out`.
absl::Status RunImportBench(BenchServers& servers, const ImportBenchOptions& options,
                            std::ostream& out);

}  // namespace crm::bench

#endif  // CRM_BENCH_IMPORT_BENCH_H_
