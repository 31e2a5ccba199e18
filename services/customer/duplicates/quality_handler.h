#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_HANDLER_H_

// GetDataQualityReport: master-data quality (completeness, possible
// duplicates) in the caller's scope, from QualityReporter.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "services/customer/core/request_path.h"
#include "services/customer/duplicates/quality_report.h"

namespace crm::customer {

struct QualityDeps {
  QualityReporter* quality;
  const auth::PrincipalVerifier* verifier;
};

class QualityHandler final {
 public:
  explicit QualityHandler(QualityDeps deps) : deps_(deps) {}

  grpc::ServerUnaryReactor* GetDataQualityReport(grpc::CallbackServerContext*,
                                                 const v1::GetDataQualityReportRequest*,
                                                 v1::DataQualityReport*);

 private:
  const QualityDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_QUALITY_HANDLER_H_
