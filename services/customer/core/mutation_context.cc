#include "services/customer/core/mutation_context.h"

#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"

namespace crm::customer {

MutationContext MutationContextFor(const auth::v1::Principal& principal, std::string_view method,
                                   std::string_view request_id) {
  MutationContext context;
  context.method = std::string(method);
  context.actor = principal.user();
  context.actor_org_unit = principal.org_unit();
  context.request_id = std::string(request_id);
  const auth::DataScope scope = auth::ScopeOf(principal);
  context.scope_all = scope.all;
  context.scope_org_units = auth::TextArrayLiteral(scope.org_units);
  return context;
}

}  // namespace crm::customer
