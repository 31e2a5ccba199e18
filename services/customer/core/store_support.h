#ifndef CRM_SERVICES_CUSTOMER_CORE_STORE_SUPPORT_H_
#define CRM_SERVICES_CUSTOMER_CORE_STORE_SUPPORT_H_

// Pieces every statement family of the customer store shares: scope checks
// done in SQL, etag and not-found errors, audit history, and the
// request-id transaction (libs/idempotency) every mutation runs in.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/mutation_context.h"

namespace crm::customer {

inline constexpr char kDomain[] = "customer.crm";

std::vector<pg::PreparedStatement> SupportStatements();

absl::Status CustomerNotFound(const std::string& id);

// NOT_FOUND for a merged customer, naming its survivor (ErrorInfo reason
// CUSTOMER_MERGED, metadata merged_into).
absl::Status MergedCustomerError(const v1::Customer& customer);

// Locks customer `id` FOR UPDATE when it is in the caller's data scope and
// returns its version. PERMISSION_DENIED when it exists out of scope,
// NOT_FOUND when it does not exist.
absl::StatusOr<int64_t> LockInScope(pqxx::work& tx, const MutationContext& context,
                                    const std::string& id);

// OK when customer `id` is in the caller's data scope; otherwise as above.
absl::Status RequireReadScope(pqxx::transaction_base& tx, const MutationContext& context,
                              const std::string& id);

// The data-scope predicate on customers aliased `c` (an owner or account-team
// org unit in the scope), with $all_param the scope's `all` and
// $org_units_param its org units: the one definition InScope uses too.
std::string CustomerScopeSql(int all_param, int org_units_param);

// A PostgreSQL bytea[] literal of raw byte strings (keyed hashes), to bind.
std::string ByteaArrayLiteral(const std::vector<std::string>& values);

// Whether customer `id` is in the caller's data scope (false when missing).
bool InScope(pqxx::transaction_base& tx, const MutationContext& context, const std::string& id);

// The history entries of one written resource (a customer or a contact).
struct HistoryOfResource {
  std::string customer_id;
  std::string resource;
  std::vector<FieldChange> changes;
};

// The audit history of any number of writes by one caller, one row per
// entry, in one statement: single writes and imports alike.
void WriteHistory(pqxx::work& tx, const MutationContext& context,
                  std::span<const HistoryOfResource> written);

// The same for one resource.
void WriteHistory(pqxx::work& tx, const MutationContext& context, const std::string& customer_id,
                  const std::string& resource, const std::vector<FieldChange>& changes);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_STORE_SUPPORT_H_
