#include "services/customer/duplicates/quality_handler.h"

// QualityHandler::GetDataQualityReport: master-data quality in the
// caller's scope.
#include "libs/auth/data_scope.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {

grpc::ServerUnaryReactor* QualityHandler::GetDataQualityReport(
    grpc::CallbackServerContext* context, const v1::GetDataQualityReportRequest* request,
    v1::DataQualityReport* response) {
  return Serve(*deps_.verifier, context, "GetDataQualityReport", *request,
               [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
                 const std::string& owner = request->owner_org_unit();
                 if (!owner.empty() && !IsOrgUnitName(owner)) {
                   violations.Add("owner_org_unit",
                                  crm::StrCat("owner_org_unit: ", Quote(owner),
                                              " is not an org unit like orgUnits/sub-east"));
                   return violations.ToStatus(kDomain);
                 }
                 if (!owner.empty() && !ScopeCovers(caller.principal, owner)) {
                   return status::Error(absl::StatusCode::kPermissionDenied, kDomain,
                                        "OUT_OF_DATA_SCOPE",
                                        crm::StrCat(owner, " is outside your data scope"),
                                        {{"ownerOrgUnit", owner}});
                 }
                 absl::StatusOr<v1::DataQualityReport> report =
                     deps_.quality->Report(auth::ScopeOf(caller.principal), owner);
                 if (!report.ok()) return report.status();
                 *response = *std::move(report);
                 return absl::OkStatus();
               });
}

}  // namespace crm::customer
