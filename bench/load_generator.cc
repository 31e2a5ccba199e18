#include "bench/load_generator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Window {
  Clock::time_point begin;  // end of warm-up
  Clock::time_point end;    // no call starts after this
};

// One call in flight, re-issued from its own completion until the window
// closes. Only one call of a slot runs at a time, so its figures need no lock.
class Slot {
 public:
  Slot(std::unique_ptr<UnaryCall> call, const Window& window, absl::BlockingCounter& finished)
      : call_(std::move(call)), window_(window), finished_(finished) {}

  void Issue() {
    started_ = Clock::now();
    call_->Start([this](grpc::Status status) { OnDone(status); });
  }

  const std::vector<int64_t>& latencies_ns() const { return latencies_ns_; }
  int64_t errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  void OnDone(const grpc::Status& status) {
    const Clock::time_point now = Clock::now();
    if (!status.ok()) {
      // A failed call ends its slot: a failure may complete inline, and a
      // scenario with errors is reported as such rather than measured.
      if (errors_++ == 0) {
        first_error_ =
            crm::StrCat(static_cast<int>(status.error_code()), ": ", status.error_message());
      }
      finished_.DecrementCount();
      return;
    }
    if (now >= window_.begin && now < window_.end) {
      latencies_ns_.push_back(std::chrono::nanoseconds(now - started_).count());
    }
    if (now < window_.end) {
      Issue();
      return;
    }
    finished_.DecrementCount();
  }

  std::unique_ptr<UnaryCall> call_;
  const Window& window_;
  absl::BlockingCounter& finished_;
  Clock::time_point started_;
  std::vector<int64_t> latencies_ns_;
  int64_t errors_ = 0;
  std::string first_error_;
};

// Nearest-rank percentile of sorted values, in microseconds.
double PercentileUs(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::max<size_t>(rank, 1) - 1]) / 1000.0;
}

}  // namespace

LoadResult RunClosedLoop(const CallFactory& factory, const LoadOptions& options) {
  const int in_flight = std::max(options.in_flight, 1);
  std::vector<std::unique_ptr<Slot>> slots;
  slots.reserve(in_flight);
  absl::BlockingCounter finished(in_flight);
  Window window;
  const Clock::time_point start = Clock::now();
  window.begin = start + absl::ToChronoNanoseconds(options.warmup);
  window.end = window.begin + absl::ToChronoNanoseconds(options.duration);
  for (int i = 0; i < in_flight; ++i) {
    slots.push_back(std::make_unique<Slot>(factory(i), window, finished));
  }
  for (auto& slot : slots) slot->Issue();
  finished.Wait();

  LoadResult result;
  std::vector<int64_t> latencies;
  for (const auto& slot : slots) {
    latencies.insert(latencies.end(), slot->latencies_ns().begin(), slot->latencies_ns().end());
    if (result.first_error.empty()) result.first_error = slot->first_error();
    result.errors += slot->errors();
  }
  std::sort(latencies.begin(), latencies.end());
  result.calls = static_cast<int64_t>(latencies.size());
  result.seconds = absl::ToDoubleSeconds(options.duration);
  result.qps = result.seconds > 0 ? static_cast<double>(result.calls) / result.seconds : 0;
  result.p50_us = PercentileUs(latencies, 0.50);
  result.p99_us = PercentileUs(latencies, 0.99);
  return result;
}

}  // namespace crm::bench
