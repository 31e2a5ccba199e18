#ifndef CRM_BENCH_PAIRED_READS_H_
#define CRM_BENCH_PAIRED_READS_H_

// One call at a time through the RPC beside the raw SQL for the same answer,
// alternating call by call so both see the same background load: what the
// pipeline part (opportunity_bench.h) and the contracts part
// (contract_bench.h) measure their reports with.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/report.h"
#include "grpcpp/grpcpp.h"
#include "pqxx/pqxx"

namespace crm::bench {

struct PairOptions {
  // Measured seconds (RPC and SQL together); at least min_pairs RPC/SQL
  // pairs whatever it takes, at most max_pairs.
  double seconds = 3.0;
  int min_pairs = 5;
  int max_pairs = 2000;
};

struct Paired {
  LatencyStats rpc, sql;
  double host_busy = 0;  // whole host during the measurement, 0..1
};

using Call = std::function<absl::Status()>;

// One unmeasured pair, then RPC and SQL alternately, the order swapped each
// pair, until the time is spent (and at least min_pairs), stopping at the
// first failure. p50 and p99 over the successful calls (with fewer than 100,
// p99 is the slowest).
Paired AlternateCalls(const Call& rpc, const Call& sql, const PairOptions& options);

// Latency statistics of `us` (microseconds, any order).
LatencyStats LatencyOf(std::vector<double> us, int64_t errors = 0, std::string first_error = "");

double SecondsSince(std::chrono::steady_clock::time_point start);

// The signed principal's metadata and a 60 s deadline.
void Decorate(grpc::ClientContext& context, const std::string& principal);
// "<what> failed: <message>" with the call's code.
absl::Status FromGrpc(const grpc::Status& s, std::string_view what);

// EXPLAIN (ANALYZE, BUFFERS) of a prepared statement as a pool runs it
// (EXECUTE: the plan PostgreSQL chose for it, generic or custom), with
// `settings` as SET LOCAL first; each line indented by four spaces.
absl::StatusOr<std::string> ExplainPrepared(pqxx::connection& conn, std::string_view statement,
                                            const std::vector<std::string>& args,
                                            const std::vector<std::string>& settings);

// Milliseconds with two decimals, from microseconds.
std::string Ms(double us);
// a ÷ b as "1.23×", or "—" without b.
std::string Ratio(double a, double b);

// The result of a paired read: "ERROR" (a call failed, or none ran), "WRONG
// FIGURES" (the RPC disagreed with the SQL: `mismatch`), "MET" or "MISSED"
// (the RPC's p50 against `target_us`), or "—" (no target).
std::string PairedVerdict(const LatencyStats& rpc, const LatencyStats& sql,
                          const std::string& mismatch, double target_us);
// Whether a verdict counts against the run (ERROR, WRONG FIGURES, MISSED).
bool Fails(const std::string& verdict);

}  // namespace crm::bench

#endif  // CRM_BENCH_PAIRED_READS_H_
