#ifndef CRM_SERVICES_CONTRACT_CORE_CONTRACT_SCOPE_H_
#define CRM_SERVICES_CONTRACT_CORE_CONTRACT_SCOPE_H_

#include <string>

namespace crm::contract {

// The data scope of DOMAIN.md as SQL, applied inside every statement (never
// after fetching). $A is the scope's `all` (boolean) and $O its org units
// (text[], auth::TextArrayLiteral; replicas::ScopeParamsOf gives both).
// Callers pass their parameter numbers.

// A contract row aliased `c` is in scope when the caller is HQ, when its
// signing org unit is in scope, or when its customer is owned or served
// (account team) by an org unit in scope (the customer replica).
std::string ContractInScope(int all_param, int org_units_param);

// A payment milestone row aliased `m` is in scope on the same terms, by its
// copies of the contract's signing org unit and customer.
std::string MilestoneInScope(int all_param, int org_units_param);

// Customer `column` (a compile-time SQL expression, never input) is owned or
// served by an org unit in scope.
std::string CustomerInScope(const char* column, int all_param, int org_units_param);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CORE_CONTRACT_SCOPE_H_
