#ifndef CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_SCOPE_H_
#define CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_SCOPE_H_

#include <string>

namespace crm::collaboration {

// The data scope of DOMAIN.md as SQL, applied inside every statement (never
// after fetching). $A is the scope's `all` (boolean) and $O its org units
// (text[], auth::TextArrayLiteral; replicas::ScopeParamsOf gives both).
// Callers pass their parameter numbers.

// A request row aliased `r` is in scope when the caller is HQ, when its
// requesting org unit or one of its participants' is in scope, or when its
// customer is owned or served (account team) by an org unit in scope (the
// customer replica).
std::string RequestInScope(int all_param, int org_units_param);

// An attribution row aliased `a` is in scope when the caller is HQ, or when
// its deal's owner org unit or one of its contributors is in scope.
std::string AttributionInScope(int all_param, int org_units_param);

// Customer `column` (a compile-time SQL expression, never input) is owned or
// served by an org unit in scope.
std::string CustomerInScope(const char* column, int all_param, int org_units_param);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_COLLABORATION_SCOPE_H_
