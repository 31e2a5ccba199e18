#ifndef CRM_BENCH_LOAD_GENERATOR_H_
#define CRM_BENCH_LOAD_GENERATOR_H_

// A closed-loop load generator: N calls in flight, each re-issued from its own
// completion callback, so 32 in flight need no client threads of their own.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace crm::bench {

// One kind of call under load. The generator makes one per in-flight slot and
// starts it again each time it completes, never twice at once.
class UnaryCall {
 public:
  virtual ~UnaryCall() = default;

  // Starts the call; `done` runs exactly once, on a gRPC thread.
  virtual void Start(std::function<void(grpc::Status)> done) = 0;
};

// Makes the call for in-flight slot `slot` (0-based).
using CallFactory = std::function<std::unique_ptr<UnaryCall>(int slot)>;

struct LoadOptions {
  int in_flight = 1;
  absl::Duration warmup = absl::Milliseconds(500);
  absl::Duration duration = absl::Seconds(3);
};

struct LoadResult {
  int64_t calls = 0;   // completed OK inside the measured window
  int64_t errors = 0;  // failed, warm-up included
  std::string first_error;
  double seconds = 0;  // length of the measured window
  double qps = 0;
  double p50_us = 0;
  double p99_us = 0;
};

// Runs the calls for warm-up + duration and returns what completed inside the
// measured window (after warm-up). Returns when the last call has finished;
// each call carries a deadline, so this is bounded.
LoadResult RunClosedLoop(const CallFactory& factory, const LoadOptions& options);

// A UnaryCall for one method of a generated callback stub. `prepare` fills the
// request before each call (e.g. the next id); `decorate` adds metadata to
// each fresh context. `method` wraps stub->async()->Method(...).
template <typename Request, typename Response>
class StubCall final : public UnaryCall {
 public:
  using Method = std::function<void(grpc::ClientContext*, const Request*, Response*,
                                    std::function<void(grpc::Status)>)>;
  using Prepare = std::function<void(Request&)>;
  using Decorate = std::function<void(grpc::ClientContext&)>;

  StubCall(Method method, Prepare prepare, Decorate decorate,
           absl::Duration timeout = absl::Seconds(10))
      : method_(std::move(method)),
        prepare_(std::move(prepare)),
        decorate_(std::move(decorate)),
        timeout_(timeout) {}

  void Start(std::function<void(grpc::Status)> done) override {
    // A ClientContext serves one call; the previous one has completed here.
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    if (decorate_) decorate_(*context_);
    if (prepare_) prepare_(request_);
    response_.Clear();
    method_(context_.get(), &request_, &response_, std::move(done));
  }

 private:
  Method method_;
  Prepare prepare_;
  Decorate decorate_;
  absl::Duration timeout_;
  std::unique_ptr<grpc::ClientContext> context_;
  Request request_;
  Response response_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_LOAD_GENERATOR_H_
