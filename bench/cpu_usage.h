#ifndef CRM_BENCH_CPU_USAGE_H_
#define CRM_BENCH_CPU_USAGE_H_

// CPU used while a scenario runs, to tell what limited it: the bench process
// holds both the client and the servers, PostgreSQL and Redis run beside it,
// and all of them share the host's cores.

#include <cstdint>

#include "absl/time/time.h"

namespace crm::bench {

struct CpuUsage {
  double process_cores = 0;  // this process: CPU seconds per wall second
  double host_busy = 0;      // whole host: busy fraction of all cores, 0..1
};

// Starts measuring when constructed; Read() gives the usage since then.
class CpuMeter final {
 public:
  CpuMeter();

  CpuUsage Read() const;

 private:
  struct Sample {
    absl::Time wall;
    double process_seconds = 0;
    uint64_t host_busy_ticks = 0;
    uint64_t host_total_ticks = 0;
  };
  static Sample Take();

  Sample start_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_CPU_USAGE_H_
