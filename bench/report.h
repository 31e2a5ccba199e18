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
  double min_qps_ratio = 0;     // QPS at least this times the baseline's
  double max_p99_ratio = 0;     // p99 at most this times the baseline's; 0: not judged
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
  std::optional<double> qps_ratio;   // QPS / baseline QPS
  std::optional<double> p99_ratio;   // p99 / baseline p99
  std::optional<double> echo_ratio;  // QPS / echo QPS
  std::string verdict;               // PASS, MISS (qps|p99), ERROR, "" (no target here)
};

// Latency of one kind of operation, one at a time (1 in flight).
struct LatencyStats {
  int64_t count = 0;  // completed OK
  int64_t errors = 0;
  std::string first_error;
  double p50_us = 0;
  double p99_us = 0;          // with fewer than 100 samples, the slowest
  double ops_per_second = 0;  // completed ÷ time spent in them
};

// An operation through the RPC beside the raw SQL the store runs for it,
// measured alternately in the same run (see hierarchy_bench.h).
struct OperationLatency {
  std::string name;
  std::string cache;  // how the service's cache stood: "off", "warm", "—"
  int64_t nodes = 0;  // nodes returned or moved by one operation
  LatencyStats rpc;
  LatencyStats sql;
  double target_us = 0;  // RPC p50 at most this; 0: report only
  double host_busy = 0;  // whole host during the measurement, 0..1
};

// Duplicate matching quality (see duplicates_bench.h): one row per kind of
// query, planted variants (whose base record is the true match) and
// distractors (which have none).
struct DuplicateKindRow {
  std::string kind;
  std::string what;     // how the query was made
  bool planted = true;  // false: a distractor
  int64_t queries = 0;
  int64_t in_top5 = 0;       // the true match among the first 5, any score
  int64_t at_threshold = 0;  // the true match returned with score ≥ the threshold
  int64_t first = 0;         // the true match ranked first
  // The true match's score: 1.0, [0.9, 1), [threshold, 0.9), [0.5, threshold),
  // below 0.5, not returned.
  std::vector<int64_t> score_buckets = std::vector<int64_t>(6, 0);
  std::string reasons;                // the true match's reasons, most frequent first
  int64_t false_matches = 0;          // other customers returned with score ≥ the threshold
  int64_t queries_with_false = 0;     // queries with at least one of them
  std::vector<std::string> examples;  // misses and false matches, for the notes
};

// Recall and precision if the threshold were `threshold`.
struct ThresholdPoint {
  double threshold = 0;
  int64_t true_matches = 0;   // planted queries whose true match scored ≥ threshold
  int64_t false_matches = 0;  // other customers returned with score ≥ threshold
  int64_t planted = 0;
};

struct DuplicateQuality {
  std::vector<std::string> notes;
  std::vector<DuplicateKindRow> kinds;
  std::vector<ThresholdPoint> sweep;
  double threshold = 0;
  double recall_target = 0;     // recall@5 at least this
  double precision_target = 0;  // precision at the threshold at least this
  int64_t planted = 0;
  int64_t in_top5 = 0;
  int64_t true_matches = 0;   // at the threshold
  int64_t false_matches = 0;  // at the threshold
  LatencyStats latency;       // SearchDuplicates through the RPC, 1 in flight
  double host_busy = 0;
  double Recall() const { return planted > 0 ? static_cast<double>(in_top5) / planted : 0; }
  double Precision() const {
    return true_matches + false_matches > 0
               ? static_cast<double>(true_matches) / (true_matches + false_matches)
               : 0;
  }
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

  void SetDuplicates(DuplicateQuality quality) { duplicates_ = std::move(quality); }
  // The duplicate matching section (Markdown); nothing when not measured.
  void PrintDuplicates(std::ostream& out) const;
  // Whether a SearchDuplicates call failed.
  bool HasDuplicateErrors() const;

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
  std::optional<DuplicateQuality> duplicates_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_REPORT_H_
