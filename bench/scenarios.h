#ifndef CRM_BENCH_SCENARIOS_H_
#define CRM_BENCH_SCENARIOS_H_

// The scenarios of `make bench` and the baseline each is judged against:
//
//   echo                   bare gRPC hop: the floor for all
//   redis_get              one raw Redis GET of a cached customer    vs echo
//   pg_select              one primary-key SELECT of a customer       vs echo
//   get_customer_cached    GetCustomer, cache warm                    vs redis_get
//   get_customer_uncached  GetCustomer, no cache                      vs pg_select
//   create_customer        CreateCustomer (report only)               vs pg_select

#include <optional>
#include <string>
#include <vector>

#include "bench/bench_servers.h"
#include "bench/load_generator.h"
#include "bench/report.h"

namespace crm::bench {

struct Scenario {
  std::string name;
  std::string baseline;  // "" for the floor
  std::optional<Target> target;
  CallFactory factory;
};

// Baselines come first, so every ratio's denominator is measured just before
// its numerator. `ids` are the seeded customers, all in the warm cache;
// created customers are numbered from `first_new`. `target` judges the
// customer service against its baselines, `gateway_target` the gateway
// against the direct call.
std::vector<Scenario> MakeScenarios(BenchServers& servers, const std::vector<std::string>& ids,
                                    int64_t first_new, const Target& target,
                                    const Target& gateway_target);

}  // namespace crm::bench

#endif  // CRM_BENCH_SCENARIOS_H_
