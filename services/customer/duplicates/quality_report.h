#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_REPORT_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/pg/pool.h"

namespace crm::customer {

// The data-quality report, computed on request from the customers in a
// scope (one pass over them, grouped by owner org unit, plus one grouping by
// match keys for likely duplicates).
class QualityReporter final {
 public:
  explicit QualityReporter(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  // `owner_org_unit` empty: every customer in `scope`.
  absl::StatusOr<v1::DataQualityReport> Report(const auth::DataScope& scope,
                                               const std::string& owner_org_unit);

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_REPORT_H_
