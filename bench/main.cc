// crm_bench: measures each layer of the customer service against a baseline
// RPC in the same run, on the same server bootstrap, against real PostgreSQL
// and Redis. See bench/README.md.
#include <sys/utsname.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bench/bench_servers.h"
#include "bench/collaboration_bench.h"
#include "bench/contract_bench.h"
#include "bench/cpu_usage.h"
#include "bench/customer_data.h"
#include "bench/duplicates_bench.h"
#include "bench/hierarchy_bench.h"
#include "bench/import_bench.h"
#include "bench/load_generator.h"
#include "bench/opportunity_bench.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/principal_metadata.h"
#include "libs/strings/str_cat.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

// scripts/bench.sh exports the test servers' addresses in these variables.
ABSL_FLAG(std::string, pg_dsn,
          EnvOr("CRM_TEST_PG_DSN", "host=127.0.0.1 port=25432 user=crm dbname=crm"),
          "PostgreSQL server; the bench creates and drops its own database there");
ABSL_FLAG(std::string, redis_address, EnvOr("CRM_TEST_REDIS_ADDRESS", "127.0.0.1:26379"),
          "Redis host:port for the cache");
ABSL_FLAG(double, seconds, 3.0, "measured seconds per scenario and in-flight level");
ABSL_FLAG(int, rounds, 3,
          "the seconds are split into this many slices, run round-robin over the "
          "scenarios, so a scenario and its baseline see the same background load");
ABSL_FLAG(double, warmup_seconds, 0.5, "unmeasured seconds before each measurement");
ABSL_FLAG(std::string, inflight, "1,8,32", "comma-separated numbers of calls in flight");
ABSL_FLAG(int, customers, 1000, "customers created before measuring (all read warm)");
ABSL_FLAG(int, pg_pool_size, 8, "PostgreSQL pool size of the service and the baseline");
ABSL_FLAG(std::string, filter, "",
          "run only scenarios whose name contains this (their baselines run too); "
          "'hierarchy' runs only the hierarchy operations, 'duplicates' only the "
          "duplicate-matching quality, 'opportunity' only the pipeline part, 'contract' only "
          "the contracts part, 'collab' only the collaboration part");
ABSL_FLAG(int, hierarchy_nodes, 100000, "nodes in the generated customer group");
ABSL_FLAG(double, hierarchy_seconds, 3.0,
          "measured seconds per hierarchy operation and cache state (RPC and SQL alternating; "
          "at least 5 of each)");
ABSL_FLAG(int, duplicates_population, 200000,
          "companies in the synthetic population of the duplicate-matching part");
ABSL_FLAG(int, duplicates_planted, 0,
          "planted variants queried (each has one true match); 0: 1 % of the population");
ABSL_FLAG(int, duplicates_distractors, 0,
          "distractor queries (no true match); 0: 1 % of the population");
ABSL_FLAG(bool, duplicates_scan, true,
          "also time one ScanDuplicates operation over the whole population");
ABSL_FLAG(double, duplicates_scan_timeout_seconds, 3600,
          "cancel the scan when it has not ended after this long");
ABSL_FLAG(bool, duplicates_explain, false,
          "print EXPLAIN ANALYZE of one scan slice and one candidate search");
ABSL_FLAG(int, duplicates_hold_seconds, 0,
          "keep the bench's database this long after the duplicate part, to inspect it");
ABSL_FLAG(uint64_t, duplicates_seed, 20261202, "random seed of the population and the queries");
ABSL_FLAG(int, import_rows, 200000,
          "rows streamed through ImportCustomers by the bulk-import part (1000000 for the "
          "figure of the import requirement)");
ABSL_FLAG(int, opportunities, 1000000,
          "opportunities seeded by the pipeline part (with 3 activities each on average)");
ABSL_FLAG(int, opportunity_customers, 100000,
          "customers of the pipeline part, and nodes of its customer group");
ABSL_FLAG(double, opportunity_seconds, 3.0,
          "measured seconds per pipeline read (RPC and SQL alternating; at least 5 of each)");
ABSL_FLAG(int, opportunity_inflight, 32,
          "calls in flight for the pipeline's writes (CreateOpportunity, ChangeStage) and "
          "their baseline");
ABSL_FLAG(int, opportunity_hold_seconds, 0,
          "keep the bench's database this long after the pipeline part, to inspect it");
ABSL_FLAG(int, contracts, 300000,
          "contracts seeded by the contracts part (1 % frameworks, without milestones)");
ABSL_FLAG(int, contract_milestones, 1000000,
          "payment milestones seeded over the contracts part's non-framework contracts (at "
          "least one each)");
ABSL_FLAG(int, contract_customers, 100000,
          "customers of the contracts part, and nodes of its customer group");
ABSL_FLAG(double, contract_seconds, 3.0,
          "measured seconds per aging report (RPC and SQL alternating; at least 5 of each)");
ABSL_FLAG(int, contract_inflight, 32,
          "SubmitContract calls in flight against one framework, and the baseline's");
ABSL_FLAG(int, contract_submissions, 3000,
          "draft executions submitted in all, over --rounds batches of one framework each whose "
          "ceiling lets 75 % of the batch through");
ABSL_FLAG(int, contract_hold_seconds, 0,
          "keep the bench's database this long after the contracts part, to inspect it");
ABSL_FLAG(int, collab_requests, 100000,
          "collaboration requests seeded by the collaboration part (with 1-4 participants each)");
ABSL_FLAG(int, collab_attributions, 200000,
          "attributions seeded by the collaboration part (with 1-5 contributors each), over "
          "--collab_deal_days of deal dates");
ABSL_FLAG(int, collab_customers, 100000,
          "customers of the collaboration part, and nodes of its customer group");
ABSL_FLAG(int, collab_deal_days, 730, "days up to today the attributions' deal dates spread over");
ABSL_FLAG(double, collab_seconds, 3.0,
          "measured seconds per board or credit report (RPC and SQL alternating; at least 5 of "
          "each)");
ABSL_FLAG(int, collab_hold_seconds, 0,
          "keep the bench's database this long after the collaboration part, to inspect it");
ABSL_FLAG(double, target_qps_ratio, 0.85, "least QPS relative to the baseline");
ABSL_FLAG(double, target_p99_ratio, 1.5, "most p99 relative to the baseline");
ABSL_FLAG(int, target_inflight, 32, "the in-flight level the targets are judged at");
ABSL_FLAG(std::string, json_out, "", "also write the results as JSON to this file");
ABSL_FLAG(bool, fail_on_miss, false, "exit 3 when a target is missed");

namespace crm::bench {
namespace {

std::string FirstLineWith(const std::string& path, std::string_view key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, crm::ToAbsl(key))) {
      absl::string_view rest = line;
      rest.remove_prefix(std::min(rest.size(), rest.find(':') + 1));
      return std::string(absl::StripAsciiWhitespace(rest));
    }
  }
  return "?";
}

std::string Machine() {
  utsname name{};
  uname(&name);
  return crm::StrCat(FirstLineWith("/proc/cpuinfo", "model name"), ", ",
                     std::thread::hardware_concurrency(), " cores, ",
                     FirstLineWith("/proc/meminfo", "MemTotal"), " RAM, Linux ", name.release);
}

absl::StatusOr<std::vector<int>> ParseLevels(const std::string& text) {
  std::vector<int> levels;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1 || n > 1024) {
      return absl::InvalidArgumentError(
          crm::StrCat("--inflight: '", part, "' is not a number from 1 to 1024"));
    }
    levels.push_back(n);
  }
  if (levels.empty()) return absl::InvalidArgumentError("--inflight: give at least one level");
  return levels;
}

// The scenarios matching --filter, and every baseline they are judged by.
std::vector<Scenario> Selected(std::vector<Scenario> all, const std::string& filter) {
  std::vector<bool> keep(all.size(), filter.empty());
  for (size_t i = all.size(); i-- > 0;) {
    if (all[i].name.find(filter) != std::string::npos) keep[i] = true;
    if (!keep[i]) continue;
    for (size_t j = 0; j < i; ++j) {
      if (all[j].name == all[i].baseline || all[j].name == "echo") keep[j] = true;
    }
  }
  std::vector<Scenario> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (keep[i]) out.push_back(std::move(all[i]));
  }
  return out;
}

// One call of each baseline, so a baseline that finds nothing (a wrong cache
// key, an empty table) fails loudly instead of measuring a miss.
absl::Status CheckBaselines(BenchServers& servers, const std::string& id) {
  if (!servers.RawCacheEntry(id).has_value()) {
    return absl::FailedPreconditionError(crm::StrCat(
        "no cache entry at ", kCustomerCachePrefix, id,
        " after reading it through the cached service: the customer cache key changed?"));
  }
  grpc::ClientContext redis_context;
  redis_context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
  v1::RedisGetRequest redis_request;
  redis_request.set_key(crm::StrCat(kCustomerCachePrefix, id));
  v1::RedisGetResponse redis_response;
  grpc::Status s = servers.baseline().RedisGet(&redis_context, redis_request, &redis_response);
  if (!s.ok() || !redis_response.found()) {
    return absl::FailedPreconditionError(
        crm::StrCat("RedisGet baseline found nothing: ", s.error_message()));
  }
  grpc::ClientContext pg_context;
  pg_context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
  v1::PgSelectRequest pg_request;
  pg_request.set_id(id);
  v1::PgSelectResponse pg_response;
  s = servers.baseline().PgSelect(&pg_context, pg_request, &pg_response);
  if (!s.ok() || !pg_response.found()) {
    return absl::FailedPreconditionError(
        crm::StrCat("PgSelect baseline found nothing: ", s.error_message()));
  }
  return absl::OkStatus();
}

// One round's measurement of one scenario.
struct Slice {
  LoadResult load;
  CpuUsage cpu;
};

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// A scenario's rounds as one measurement: QPS over all measured time, the
// median round's p50 and p99 (one unlucky slice does not decide), mean CPU.
Measurement Combine(const std::vector<Slice>& slices) {
  Measurement m;
  std::vector<double> p50, p99;
  for (const Slice& slice : slices) {
    m.load.calls += slice.load.calls;
    m.load.errors += slice.load.errors;
    m.load.seconds += slice.load.seconds;
    if (m.load.first_error.empty()) m.load.first_error = slice.load.first_error;
    p50.push_back(slice.load.p50_us);
    p99.push_back(slice.load.p99_us);
    m.cpu.process_cores += slice.cpu.process_cores / slices.size();
    m.cpu.host_busy += slice.cpu.host_busy / slices.size();
  }
  m.load.qps = m.load.seconds > 0 ? m.load.calls / m.load.seconds : 0;
  m.load.p50_us = Median(p50);
  m.load.p99_us = Median(p99);
  return m;
}

int Run(const std::string& command) {
  absl::StatusOr<std::vector<int>> levels = ParseLevels(absl::GetFlag(FLAGS_inflight));
  if (!levels.ok()) {
    std::cerr << levels.status().message() << "\n";
    return 2;
  }
  const int customers = std::max(absl::GetFlag(FLAGS_customers), 1);
  const std::string filter = absl::GetFlag(FLAGS_filter);
  // The bench's database is made by crm::testing::TestDatabase, which takes
  // its server from the environment.
  setenv("CRM_TEST_PG_DSN", absl::GetFlag(FLAGS_pg_dsn).c_str(), 1);
  BenchConfig config;
  config.redis_address = absl::GetFlag(FLAGS_redis_address);
  config.pg_pool_size = absl::GetFlag(FLAGS_pg_pool_size);
  config.hierarchy = HierarchySelected(filter);
  config.opportunity = OpportunitySelected(filter);
  config.contract = ContractSelected(filter);
  config.collaboration = CollaborationSelected(filter);
  absl::StatusOr<std::unique_ptr<BenchServers>> servers = BenchServers::Start(config);
  if (!servers.ok()) {
    std::cerr << "cannot start the servers under test: " << servers.status() << "\n";
    return 1;
  }

  const Target target{absl::GetFlag(FLAGS_target_qps_ratio), absl::GetFlag(FLAGS_target_p99_ratio)};
  // Through the gateway: at least 60 % of the direct call's QPS, at most
  // 0.5 ms more at p50.
  const Target gateway_target{.min_qps_ratio = 0.60, .max_p50_added_us = 500};
  // Which customer scenarios --filter selects (the factories are not run).
  const bool customer_part =
      !Selected(MakeScenarios(**servers, {}, 0, target, gateway_target), filter).empty();
  std::vector<Scenario> scenarios;
  if (customer_part) {
    std::cerr << "seeding " << customers << " customers...\n";
    absl::StatusOr<std::vector<std::string>> ids =
        SeedCustomers((*servers)->uncached(), (*servers)->principal(), customers);
    if (!ids.ok()) {
      std::cerr << "cannot seed customers: " << ids.status() << "\n";
      return 1;
    }
    if (absl::Status s = ReadAll((*servers)->cached(), (*servers)->principal(), *ids); !s.ok()) {
      std::cerr << "cannot warm the cache: " << s << "\n";
      return 1;
    }
    if (absl::Status s = CheckBaselines(**servers, ids->front()); !s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    scenarios = Selected(MakeScenarios(**servers, *ids, customers, target, gateway_target), filter);
  }
  RunInfo info;
  info.command = command;
  info.date = absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::Now(), absl::UTCTimeZone());
  info.machine = Machine();
  info.grpc_version = grpc::Version();
  info.seconds = absl::GetFlag(FLAGS_seconds);
  info.warmup_seconds = absl::GetFlag(FLAGS_warmup_seconds);
  info.rounds = std::max(absl::GetFlag(FLAGS_rounds), 1);
  info.customers = customer_part ? customers : 0;
  info.pg_pool_size = config.pg_pool_size;
  info.target_in_flight = absl::GetFlag(FLAGS_target_inflight);
  Report report(info);

  const int rounds = info.rounds;
  LoadOptions load;
  load.duration = absl::Seconds(info.seconds / rounds);
  load.warmup = absl::Seconds(info.warmup_seconds);
  for (int level : *levels) {
    if (scenarios.empty()) break;
    load.in_flight = level;
    // slices[s][r]: scenario s in round r.
    std::vector<std::vector<Slice>> slices(scenarios.size());
    for (int round = 0; round < rounds; ++round) {
      for (size_t s = 0; s < scenarios.size(); ++s) {
        std::cerr << "  " << scenarios[s].name << " at " << level << " in flight, round "
                  << round + 1 << "/" << rounds << "\n";
        const CpuMeter cpu;
        Slice slice;
        slice.load = RunClosedLoop(scenarios[s].factory, load);
        slice.cpu = cpu.Read();
        slices[s].push_back(std::move(slice));
      }
    }
    for (size_t s = 0; s < scenarios.size(); ++s) {
      Measurement m = Combine(slices[s]);
      m.scenario = scenarios[s].name;
      m.baseline = scenarios[s].baseline;
      m.target = scenarios[s].target;
      m.in_flight = level;
      report.Add(std::move(m));
    }
    report.PrintTable(level, std::cerr);
  }

  if (config.hierarchy) {
    HierarchyBenchOptions hierarchy_options;
    hierarchy_options.nodes = std::max(absl::GetFlag(FLAGS_hierarchy_nodes), 10);
    hierarchy_options.seconds = absl::GetFlag(FLAGS_hierarchy_seconds);
    hierarchy_options.filter = filter;
    std::cerr << "hierarchy operations, one at a time:\n";
    if (absl::Status s = RunHierarchyBench(**servers, hierarchy_options, report); !s.ok()) {
      std::cerr << "hierarchy bench: " << s << "\n";
      return 1;
    }
    report.PrintOperations(std::cerr);
  }

  // Last: its 200,000 customers would change what the parts above read.
  if (DuplicatesSelected(filter)) {
    DuplicateBenchOptions duplicate_options;
    duplicate_options.population = absl::GetFlag(FLAGS_duplicates_population);
    duplicate_options.planted = std::max(absl::GetFlag(FLAGS_duplicates_planted), 0);
    duplicate_options.distractors = std::max(absl::GetFlag(FLAGS_duplicates_distractors), 0);
    duplicate_options.seed = absl::GetFlag(FLAGS_duplicates_seed);
    duplicate_options.scan = absl::GetFlag(FLAGS_duplicates_scan);
    duplicate_options.scan_timeout_seconds = absl::GetFlag(FLAGS_duplicates_scan_timeout_seconds);
    duplicate_options.explain = absl::GetFlag(FLAGS_duplicates_explain);
    duplicate_options.hold_seconds = std::max(absl::GetFlag(FLAGS_duplicates_hold_seconds), 0);
    std::cerr << "duplicate matching quality:\n";
    if (absl::Status s = RunDuplicateBench(**servers, duplicate_options, report); !s.ok()) {
      std::cerr << "duplicates bench: " << s << "\n";
      return 1;
    }
    report.PrintDuplicates(std::cerr);
  }

  report.PrintAll(std::cout);
  bool pipeline_met = true;
  if (config.opportunity) {
    OpportunityBenchOptions opportunity_options;
    opportunity_options.opportunities = std::max(absl::GetFlag(FLAGS_opportunities), 100);
    opportunity_options.customers = std::max(absl::GetFlag(FLAGS_opportunity_customers), 100);
    opportunity_options.read_seconds = absl::GetFlag(FLAGS_opportunity_seconds);
    opportunity_options.in_flight = std::max(absl::GetFlag(FLAGS_opportunity_inflight), 1);
    opportunity_options.write_seconds = info.seconds;
    opportunity_options.rounds = info.rounds;
    opportunity_options.warmup = absl::Seconds(info.warmup_seconds);
    opportunity_options.filter = filter;
    opportunity_options.hold_seconds = std::max(absl::GetFlag(FLAGS_opportunity_hold_seconds), 0);
    std::cerr << "pipeline (opportunity service):\n";
    absl::StatusOr<bool> met = RunOpportunityBench(**servers, opportunity_options, std::cout);
    if (!met.ok()) {
      std::cerr << "opportunity bench: " << met.status() << "\n";
      return 1;
    }
    pipeline_met = *met;
  }
  bool contracts_met = true;
  if (config.contract) {
    ContractBenchOptions contract_options;
    contract_options.contracts = std::max(absl::GetFlag(FLAGS_contracts), 100);
    contract_options.milestones =
        std::max(absl::GetFlag(FLAGS_contract_milestones), contract_options.contracts);
    contract_options.customers = std::max(absl::GetFlag(FLAGS_contract_customers), 100);
    contract_options.read_seconds = absl::GetFlag(FLAGS_contract_seconds);
    contract_options.in_flight = std::max(absl::GetFlag(FLAGS_contract_inflight), 1);
    contract_options.submissions = std::max(absl::GetFlag(FLAGS_contract_submissions), 4);
    contract_options.rounds = info.rounds;
    contract_options.baseline_seconds = info.seconds;
    contract_options.warmup = absl::Seconds(info.warmup_seconds);
    contract_options.filter = filter;
    contract_options.hold_seconds = std::max(absl::GetFlag(FLAGS_contract_hold_seconds), 0);
    std::cerr << "contracts and receivables (contract service):\n";
    absl::StatusOr<bool> met = RunContractBench(**servers, contract_options, std::cout);
    if (!met.ok()) {
      std::cerr << "contract bench: " << met.status() << "\n";
      return 1;
    }
    contracts_met = *met;
  }
  bool collaboration_met = true;
  if (config.collaboration) {
    CollaborationBenchOptions collaboration_options;
    collaboration_options.requests = std::max(absl::GetFlag(FLAGS_collab_requests), 100);
    collaboration_options.attributions = std::max(absl::GetFlag(FLAGS_collab_attributions), 100);
    collaboration_options.customers = std::max(absl::GetFlag(FLAGS_collab_customers), 100);
    collaboration_options.deal_days = std::max(absl::GetFlag(FLAGS_collab_deal_days), 1);
    collaboration_options.read_seconds = absl::GetFlag(FLAGS_collab_seconds);
    collaboration_options.filter = filter;
    collaboration_options.hold_seconds = std::max(absl::GetFlag(FLAGS_collab_hold_seconds), 0);
    std::cerr << "collaboration board and credit report (collaboration service):\n";
    absl::StatusOr<bool> met = RunCollaborationBench(**servers, collaboration_options, std::cout);
    if (!met.ok()) {
      std::cerr << "collaboration bench: " << met.status() << "\n";
      return 1;
    }
    collaboration_met = *met;
  }
  // After everything else, as its customers would change what the parts above read.
  if (ImportSelected(filter)) {
    ImportBenchOptions import_options;
    import_options.rows = absl::GetFlag(FLAGS_import_rows);
    std::cerr << "bulk import:\n";
    if (absl::Status s = RunImportBench(**servers, import_options, std::cout); !s.ok()) {
      std::cerr << "import bench: " << s << "\n";
      return 1;
    }
  }
  if (const std::string path = absl::GetFlag(FLAGS_json_out); !path.empty()) {
    std::ofstream out(path);
    out << report.ToJson().dump(2) << "\n";
    if (!out) {
      std::cerr << "cannot write " << path << "\n";
      return 1;
    }
  }
  for (int level : *levels) {
    for (const Row& row : report.Rows(level)) {
      if (row.verdict == "ERROR") return 1;
    }
  }
  if (report.HasOperationErrors() || report.HasDuplicateErrors()) return 1;
  if (absl::GetFlag(FLAGS_fail_on_miss) &&
      (!report.AllPassed() || !pipeline_met || !contracts_met || !collaboration_met))
    return 3;
  return 0;
}

}  // namespace
}  // namespace crm::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Measures GetCustomer (cache warm and off) and CreateCustomer against baseline RPCs "
      "(echo, one Redis GET, one primary-key SELECT) at several numbers of calls in flight, "
      "the hierarchy service's reads and moves on a 100,000-node group beside the raw SQL "
      "of its store, one operation at a time, and the recall and precision of duplicate "
      "matching on a synthetic population of 200,000 companies, and the opportunity service's "
      "funnels, stale lists and writes on a pipeline of 1,000,000 opportunities, and the contract "
      "service's aging reports on 1,000,000 payment milestones and concurrent submissions "
      "against one framework's ceiling, and the collaboration board over 100,000 requests and the "
      "quarterly credit report over 200,000 attributions.");
  std::vector<std::string> args(argv, argv + argc);
  absl::ParseCommandLine(argc, argv);
  args[0] = "crm_bench";
  return crm::bench::Run(absl::StrJoin(args, " "));
}
