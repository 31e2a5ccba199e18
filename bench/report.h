#ifndef CRM_BENCH_REPORT_H_
#define CRM_BENCH_REPORT_H_

// Turns measurements into ratios against their baselines and verdicts against
// the targets, and prints them as Markdown tables and as JSON.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/cpu_usage.h"
#include "bench/load_generator.h"
#include "nlohmann/json.hpp"

namespace crm::bench {

// What a scenario must reach relative to its baseline.
struct Target {
  double min_qps_ratio = 0;  // QPS at least this times the baseline's
  double max_p99_ratio = 0;  // p99 at most this times the baseline's; 0: not judged
  double max_p50_added_us = 0;  // p50 at most this above the baseline's; 0: not judged
};

// One scenario at one in-flight level.
struct Measurement {
  std::string scenario;
  std::string baseline;  // "" for the floor (echo)
  std::optional<Target> target;
  int in_flight = 0;
  LoadResult load;
  CpuUsage cpu;
};

// A measurement with its ratios, computed against the baseline measured at
// the same in-flight level in the same run.
struct Row {
  const Measurement* m = nullptr;
  std::optional<double> qps_ratio;    // QPS / baseline QPS
  std::optional<double> p99_ratio;    // p99 / baseline p99
  std::optional<double> echo_ratio;   // QPS / echo QPS
  std::string verdict;  // PASS, MISS (qps|p99), ERROR, "" (no target here)
};

// Latency of one kind of operation, one at a time (1 in flight).
struct LatencyStats {
  int64_t count = 0;  // completed OK
  int64_t errors = 0;
  std::string first_error;
  double p50_us = 0;
  double p99_us = 0;     // with fewer than 100 samples, the slowest
  double ops_per_second = 0;  // completed ÷ time spent in them
};

// An operation through the RPC beside the raw SQL the store runs for it,
// measured alternately in the same run (see hierarchy_bench.h).
struct OperationLatency {
  std::string name;
  std::string cache;     // how the service's cache stood: "off", "warm", "—"
  int64_t nodes = 0;     // nodes returned or moved by one operation
  LatencyStats rpc;
  LatencyStats sql;
  double target_us = 0;  // RPC p50 at most this; 0: report only
  double host_busy = 0;  // whole host during the measurement, 0..1
};

// Header facts printed above the tables and stored in the JSON.
struct RunInfo {
  std::string command;
  std::string date;     // UTC, ISO 8601
  std::string machine;  // CPU model, cores, memory, kernel
  std::string grpc_version;
  double seconds = 0;
  double warmup_seconds = 0;
  int rounds = 1;  // slices per scenario, run round-robin
  int customers = 0;
  int pg_pool_size = 0;
  int target_in_flight = 0;  // targets are judged at this level only
};

class Report final {
 public:
  explicit Report(RunInfo info) : info_(std::move(info)) {}

  void Add(Measurement m) { measurements_.push_back(std::move(m)); }
  void AddOperation(OperationLatency op) { operations_.push_back(std::move(op)); }
  // A line printed above the operation latencies (what was seeded, chosen).
  void AddOperationNote(std::string note) { operation_notes_.push_back(std::move(note)); }

  // The operation latency section (Markdown); nothing when there is none.
  void PrintOperations(std::ostream& out) const;

  // The rows of one in-flight level, in the order measured.
  std::vector<Row> Rows(int in_flight) const;

  // One Markdown table for one in-flight level.
  void PrintTable(int in_flight, std::ostream& out) const;
  // The header, every level's table and a summary of the targets.
  void PrintAll(std::ostream& out) const;
  nlohmann::json ToJson() const;

  // Whether an operation (RPC or SQL) failed.
  bool HasOperationErrors() const;

  // Whether every judged target passed (and nothing failed).
  bool AllPassed() const;

 private:
  std::vector<int> Levels() const;
  const Measurement* Find(const std::string& scenario, int in_flight) const;

  RunInfo info_;
  std::vector<Measurement> measurements_;
  std::vector<OperationLatency> operations_;
  std::vector<std::string> operation_notes_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_REPORT_H_
