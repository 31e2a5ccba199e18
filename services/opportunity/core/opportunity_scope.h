#ifndef CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_SCOPE_H_
#define CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_SCOPE_H_

#include <string>

namespace crm::opportunity {

// The data scope of DOMAIN.md as SQL, applied inside every statement (never
// after fetching). $A is the scope's `all` (boolean) and $O its org units
// (text[], auth::TextArrayLiteral). Callers pass their parameter numbers.

// An opportunity row aliased `o` is in scope when the caller is HQ, when
// its customer is owned or served (account team) by an org unit in scope
// (the customer replica), when its owner org unit is in scope, or when one of
// its collaborating org units is.
std::string OpportunityInScope(int all_param, int org_units_param);

// An activity row aliased `a` is in scope when its customer is (as above),
// or when its opportunity is.
std::string ActivityInScope(int all_param, int org_units_param);

// Customer `column` (a compile-time SQL expression, never input) is owned or
// served by an org unit in scope.
std::string CustomerInScope(const char* column, int all_param, int org_units_param);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_CORE_OPPORTUNITY_SCOPE_H_
