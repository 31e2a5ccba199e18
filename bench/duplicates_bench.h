#ifndef CRM_BENCH_DUPLICATES_BENCH_H_
#define CRM_BENCH_DUPLICATES_BENCH_H_

// The duplicate-matching part of `make bench` (--filter=duplicates): how well
// CustomerService.SearchDuplicates finds the same legal entity written
// differently, inside a large synthetic population.
//
// The population: realistic Chinese company names (region prefix + 字号 of
// 2-4 characters, unique per record + industry word + legal form), each with
// a GB/T 2260 region code matching its prefix and a valid USCC, inserted with
// COPY together with the match keys MatchKeysOf computes, i.e. what the
// service writes for a customer it creates.
//
// The queries, made from population records but never inserted:
//   planted variants   one per base record, of one kind (legal form changed,
//                      full/half width, region prefix dropped or added, a
//                      homophone in the 字号, a branch, the USCC missing);
//                      the base record is the true match
//   distractors        names not in the population that look close (a new 字号
//                      with the same industry and region; a 字号 one character
//                      away from a record's, in another province); no true match
// Each query is one SearchDuplicates call (min_score 0.01, max_results 50) at 1
// in flight: recall@5 (the true match among the first 5, any score),
// precision at the default threshold (true matches among all matches scoring
// at least kDefaultDuplicateThreshold, over planted and distractor queries),
// per kind, a sweep of thresholds, and the calls' latency. After each call,
// two baselines, so the latency is read against the same run's load: the
// candidate SQL alone (the finder's prepared statement on a connection of the
// bench) and a primary-key GetCustomer through the uncached service.
//
// Then one ScanDuplicates long-running operation over the whole population:
// its wall time, live customers per second and per-slice times (read from
// customer.operations, as the bench serves no Operations service).

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_servers.h"
#include "bench/report.h"

namespace crm::bench {

struct DuplicateBenchOptions {
  int population = 200000;
  // 0: 1 % of the population each (2,000 at 200,000; 10,000 at 1,000,000).
  int planted = 0;
  int distractors = 0;
  uint64_t seed = 20261202;
  double recall_target = 0.95;
  double precision_target = 0.90;
  double search_p99_target_ms = 20;
  // Run one ScanDuplicates over the population after the queries.
  bool scan = true;
  double scan_target_seconds = 600;
  // A scan still running after this long is cancelled (and reported as such).
  double scan_timeout_seconds = 3600;
  // Print EXPLAIN (ANALYZE, BUFFERS) of the scanner's and the finder's
  // statements on the seeded data (one slice, one query).
  bool explain = false;
  // Keep the bench's database this long at the end (its name is printed), to
  // look at it in psql; it is dropped afterwards as always.
  int hold_seconds = 0;
};

// Whether --filter selects the duplicate-matching part.
bool DuplicatesSelected(const std::string& filter);

// Seeds the population into the bench's database, runs the queries and sets
// the section of `report`.
absl::Status RunDuplicateBench(BenchServers& servers, const DuplicateBenchOptions& options,
                               Report& report);

}  // namespace crm::bench

#endif  // CRM_BENCH_DUPLICATES_BENCH_H_
