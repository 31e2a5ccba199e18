#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_WRITE_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_WRITE_H_

// The steps of one customer change inside a transaction, shared by the
// store's single-record calls and by merges: lock, check, write.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "pqxx/pqxx"
#include "services/customer/core/mutation_context.h"

namespace crm::customer {

// The customer as stored, or nullopt when there is none.
std::optional<v1::Customer> ReadCustomer(pqxx::transaction_base& tx, const std::string& id);

// Loads the customer for a change by the caller: locks the row when it is in
// the caller's scope, checks the etag, and reports why not otherwise.
absl::StatusOr<v1::Customer> LockCustomerForChange(pqxx::work& tx, const MutationContext& context,
                                                   const std::string& id,
                                                   std::optional<int64_t> expected_version);

// Writes `after` over `before` (already locked): the row with its match-key
// columns, its references and team when they changed, completeness, edit
// keys (core/match_keys.h), one history row per changed field and the
// change record (core/change_record.h); the same definitions the importer
// uses for many customers at once.
absl::StatusOr<v1::Customer> WriteChange(pqxx::work& tx, const MutationContext& context,
                                         const std::string& id, const v1::Customer& before,
                                         const v1::Customer& after);

// Percentage of required fields filled in (rules/completeness.h), given the
// customer's active contacts and whether one is a decision maker.
int CompletenessOf(const v1::Customer& customer, int active_contacts, bool has_decision_maker);

// FAILED_PRECONDITION unless the customer is ACTIVE (naming the survivor of
// a merged one).
absl::Status RequireActive(const v1::Customer& customer);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_WRITE_H_
