#include "tools/crmctl/quality_requests.h"

#include <optional>
#include <string>

#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {

namespace v1 = ::crm::customer::v1;

absl::StatusOr<v1::GetDataQualityReportRequest> BuildQualityReportRequest(
    const Invocation& invocation) {
  v1::GetDataQualityReportRequest request;
  const std::optional<std::string> owner = invocation.flags.Get("owner");
  if (!owner.has_value()) return request;
  if (owner->empty()) {
    return UsageError("--owner is empty; leave it out for your whole scope");
  }
  absl::StatusOr<std::string> name = CheckedOrgUnitName(*owner);
  if (!name.ok()) return name.status();
  request.set_owner_org_unit(*name);
  return request;
}

}  // namespace crm::crmctl
