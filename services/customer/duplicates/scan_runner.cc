#include "services/customer/duplicates/scan_runner.h"

#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/log/log.h"

namespace crm::customer {
namespace {

google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
}

}  // namespace

ScanRunner::~ScanRunner() {
  stopping_ = true;
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

void ScanRunner::Start(const std::string& operation_id, double min_score) {
  absl::MutexLock lock(&mu_);
  threads_.emplace_back([this, operation_id, min_score] { Run(operation_id, min_score); });
}

void ScanRunner::Run(const std::string& operation_id, double min_score) {
  v1::ScanDuplicatesMetadata metadata;
  *metadata.mutable_start_time() = Now();
  absl::StatusOr<v1::ScanDuplicatesResponse> result =
      scanner_.Scan(min_score, metadata, [&](const v1::ScanDuplicatesMetadata& progress) {
        if (stopping_) return true;
        (void)operations_.UpdateMetadata(operation_id, progress);  // progress is best effort
        absl::StatusOr<bool> cancelled = operations_.CancelRequested(operation_id);
        return cancelled.ok() && *cancelled;
      });
  *metadata.mutable_end_time() = Now();
  absl::Status outcome = result.status();
  if (stopping_ && !outcome.ok()) {
    outcome = absl::AbortedError("the service stopped during the scan; start it again");
  }
  const absl::Status finished =
      operations_.Finish(operation_id, metadata, result.ok() ? &*result : nullptr, outcome);
  if (!finished.ok()) {
    log::Error("duplicate scan outcome not recorded",
               {{"operation", operation_id}, {"error", std::string(finished.message())}});
  }
  log::Info("duplicate scan ended",
            {{"operation", operation_id},
             {"code", std::string(absl::StatusCodeToString(outcome.code()))}});
}

}  // namespace crm::customer
