#ifndef CRM_SERVICES_SCORING_CORE_SCORING_SCOPE_H_
#define CRM_SERVICES_SCORING_CORE_SCORING_SCOPE_H_

// The data scope of DOMAIN.md as SQL, applied inside every statement (never
// after fetching): a customer is visible when the caller sees everything, or
// when the customer replica (scoring.replica_customers) says its owner org
// unit or an org unit of its account team is in the caller's scope. $A is
// the scope's `all` (boolean) and $O its org units (text[]);
// replicas::ScopeParamsOf(auth::ScopeOf(principal)) gives both. Callers
// pass their parameter numbers.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

// Customer `customer_id_column` (a compile-time SQL expression of type uuid,
// alias included, never input) is owned or served by an org unit in scope.
std::string CustomerInScope(std::string_view customer_id_column, int all_param,
                            int org_units_param);

// OK when `principal` may see customer `customer_id` (a lower-case UUID) as
// the replica stores it. Else, in kErrorDomain:
//   PERMISSION_DENIED CUSTOMER_NOT_IN_SCOPE  out of scope, whether or not it exists
//   NOT_FOUND CUSTOMER_NOT_FOUND             no such customer (only for callers
//                                            who see everything)
//   NOT_FOUND CUSTOMER_MERGED                merged (visible callers), naming the survivor
// A deleted customer is visible (its history still reads). Reads the
// replica only: call StoreCustomer first, outside the transaction, so a
// customer the replica has not met yet is fetched.
absl::Status CheckCustomerVisible(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const std::string& customer_id);

// Makes sure the replica holds customer `customer_id` (fetch-through,
// replicas::CustomerReplica::Get) without holding a transaction. A customer
// the customer service does not know is no error here (CheckCustomerVisible
// then answers for it, so callers out of scope learn nothing); UNAVAILABLE
// CUSTOMER_SERVICE_UNAVAILABLE when it is not stored and the customer
// service does not answer.
absl::Status StoreCustomer(const ScoringContext& context, const std::string& customer_id);

// StoreCustomer, then CheckCustomerVisible on a connection of its own.
absl::Status CheckCustomerVisible(const ScoringContext& context,
                                  const auth::v1::Principal& principal,
                                  const std::string& customer_id);

// The same error as CheckCustomerVisible's for a customer that is missing
// or out of scope.
absl::Status CustomerUnreachable(const auth::v1::Principal& principal,
                                 const std::string& customer_id);

// The statements above, prepared on every connection (OpenScoringDatabase
// adds them).
std::vector<pg::PreparedStatement> ScopeStatements();

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_SCORING_SCOPE_H_
