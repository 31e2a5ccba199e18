#ifndef CRM_SERVICES_CUSTOMER_CORE_MUTATION_CONTEXT_H_
#define CRM_SERVICES_CUSTOMER_CORE_MUTATION_CONTEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "crm/auth/v1/principal.pb.h"
#include "libs/idempotency/request_log.h"

namespace crm::customer {

// Who is asking and what they may touch, as the store needs it: the actor
// for audit history, the data scope as SQL parameters, and the idempotency
// key when the call carries a request_id.
struct MutationContext {
  std::string method;           // RPC name, e.g. "UpdateCustomer"
  std::string actor;            // users/{user}
  std::string actor_org_unit;   // orgUnits/{org_unit}
  std::string request_id;       // x-request-id, for the audit history
  bool scope_all = false;       // HQ: every customer is in scope
  std::string scope_org_units;  // PostgreSQL text[] literal of org units
  std::optional<idempotency::RequestKey> idempotency;
};

// The context of a call by `principal`: actor, data scope, and `request_id`
// (the x-request-id) for the audit history; no idempotency key.
MutationContext MutationContextFor(const auth::v1::Principal& principal, std::string_view method,
                                   std::string_view request_id);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_MUTATION_CONTEXT_H_
