#ifndef CRM_BENCH_DUPLICATES_BENCH_H_
#define CRM_BENCH_DUPLICATES_BENCH_H_

// The duplicate-matching part of `make bench` (--filter=duplicates): how well
// CustomerService.SearchDuplicates finds the same legal entity written
// differently, inside a large synthetic population.
//
// The population: realistic Chinese company names (region prefix + 字号 of
// 2-4 characters + industry word + legal form), each with a GB/T 2260 region
// code matching its prefix and a valid USCC, inserted with COPY together with
// the match keys MatchKeysOf computes, i.e. what the service writes for a
// customer it creates. One company in 20 shares an earlier one's 字号 with
// another industry word (华信能源, 华信物流), and some industry words hold
// 市/省/县/区 (市政工程, 超市, 社区服务), as real data has.
//
// The queries, made from population records but never inserted:
//   planted variants   one per base record, of one kind (legal form changed,
//                      full/half width, region prefix dropped or added, a
//                      homophone in the 字号, the USCC missing; short forms
//                      华信能源 / 上海华信 / 华信 / 中国华信; a 市-word
//                      industry; a sound-alike from the Unihan readings, in
//                      3+ and in 2-character 字号; the name in traditional
//                      characters); the base record is the true match. A
//                      branch of the base record (with or without its own
//                      USCC) has the base as its head office: recall@5
//                      counts it, but a match at the threshold is a false
//                      duplicate
//   distractors        names not in the population that look close (a new 字号
//                      with the same industry and region; a 字号 one character
//                      away from a record's, in another province); no true match
// Each query is one SearchDuplicates call (min_score 0.01, max_results 50) at 1
// in flight: recall@5 (the true match among the first 5, any score),
// precision at the default threshold (true matches among all matches scoring
// at least kDefaultDuplicateThreshold, over planted and distractor queries),
// per kind, a sweep of thresholds, and the calls' latency. Beside each call,
// the same request through the gateway (whose p99 is judged), and two
// baselines, so the latency is read against the same run's load: the
// finder alone in the bench process (DuplicateFinder::Search) and a
// primary-key GetCustomer through the uncached service.
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
  // 0: 1 % of the population each (2,000 at 200,000; 10,000 at 1,000,000),
  // the planted ones shared evenly among the kinds.
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
  // Print EXPLAIN (ANALYZE, BUFFERS) of the scanner's statement on the
  // seeded data (one slice).
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
