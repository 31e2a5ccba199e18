#ifndef CRM_SERVICES_CUSTOMER_CORE_PERMISSIONS_H_
#define CRM_SERVICES_CUSTOMER_CORE_PERMISSIONS_H_

#include <string_view>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"

namespace crm::customer {

// Role checks of the customer service (pure). Which customers a caller may
// touch is the data scope, applied in SQL; these decide what kind of caller
// may do what at all.

// Changing master data: HQ, sales, service, and integration accounts.
absl::Status RequireWriterRole(const auth::v1::Principal& principal);

// Bulk work on the whole master data (imports, the change feed): HQ and
// integration accounts (ERP/OA). `action` completes "... needs hq_admin or
// integration" in the error, e.g. "importing customers".
absl::Status RequireHqOrIntegration(const auth::v1::Principal& principal, std::string_view action);

// Plain phone/e-mail/WeChat: a customer in the caller's scope, and a role
// that works with contacts (HQ, sales, service). Integration and viewer
// roles see them masked.
bool MaySeePersonalInfo(const auth::v1::Principal& principal, bool customer_in_scope);

// Whether the caller's scope covers `org_unit` (for owner assignment).
bool ScopeCovers(const auth::v1::Principal& principal, std::string_view org_unit);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_PERMISSIONS_H_
