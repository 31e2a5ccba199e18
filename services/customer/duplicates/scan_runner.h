#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_SCAN_RUNNER_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_SCAN_RUNNER_H_

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/customer/core/operation_store.h"
#include "services/customer/duplicates/duplicate_scanner.h"

namespace crm::customer {

// Runs duplicate scans in the background, one thread each, recording their
// progress and outcome in the operation store; a scan stops between slices
// when its operation is cancelled or the service shuts down (then it ends
// ABORTED and can be started again). Progress is written after each slice,
// which also tells other replicas that the scan is alive.
class ScanRunner final {
 public:
  ScanRunner(OperationStore& operations, DuplicateScanner& scanner)
      : operations_(operations), scanner_(scanner) {}
  ~ScanRunner();

  void Start(const std::string& operation_id, double min_score);

 private:
  void Run(const std::string& operation_id, double min_score);

  OperationStore& operations_;
  DuplicateScanner& scanner_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_SCAN_RUNNER_H_
