#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_SCANNER_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_SCANNER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/pg/pool.h"

namespace crm::customer {

// Scans all live customers for likely duplicates without asking about each
// one: candidate pairs come from self-joins on the match keys (USCC, folded
// name, trade name, head office, one-edit trade-name keys, the sound of
// two-character trade names, contact hashes), one slice of ids at a time,
// are scored with ScoreMatch, and pairs at or above the threshold are joined
// into groups (union-find). A branch beside its head office is no duplicate:
// such pairs join no group and are reported as branch placements.
class DuplicateScanner final {
 public:
  // Called after each slice with the progress so far; returns true to stop
  // (the scan then ends with CANCELLED).
  using Progress = std::function<bool(const v1::ScanDuplicatesMetadata&)>;

  explicit DuplicateScanner(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<v1::ScanDuplicatesResponse> Scan(double min_score,
                                                  v1::ScanDuplicatesMetadata& metadata,
                                                  const Progress& progress);

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_SCANNER_H_
