#include "bench/cpu_usage.h"

#include <sys/resource.h>

#include <fstream>
#include <string>

#include "absl/time/clock.h"

namespace crm::bench {
namespace {

double Seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

}  // namespace

CpuMeter::CpuMeter() : start_(Take()) {}

CpuMeter::Sample CpuMeter::Take() {
  Sample sample;
  sample.wall = absl::Now();
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    sample.process_seconds = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  }
  // First line of /proc/stat: "cpu user nice system idle iowait irq softirq
  // steal ..." in clock ticks summed over all cores.
  std::ifstream stat("/proc/stat");
  std::string label;
  uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (stat >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) {
    sample.host_busy_ticks = user + nice + system + irq + softirq + steal;
    sample.host_total_ticks = sample.host_busy_ticks + idle + iowait;
  }
  return sample;
}

CpuUsage CpuMeter::Read() const {
  const Sample now = Take();
  CpuUsage usage;
  const double wall = absl::ToDoubleSeconds(now.wall - start_.wall);
  if (wall > 0) usage.process_cores = (now.process_seconds - start_.process_seconds) / wall;
  const uint64_t total = now.host_total_ticks - start_.host_total_ticks;
  if (total > 0) {
    usage.host_busy = static_cast<double>(now.host_busy_ticks - start_.host_busy_ticks) /
                      static_cast<double>(total);
  }
  return usage;
}

}  // namespace crm::bench
