#ifndef CRM_SERVICES_CUSTOMER_STORE_SUPPORT_H_
#define CRM_SERVICES_CUSTOMER_STORE_SUPPORT_H_

// Pieces every statement family of the customer store shares: scope checks
// done in SQL, etag and not-found errors, audit history, and the
// transaction-with-request-id wrapper used by every mutation.

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "services/customer/customer_diff.h"
#include "services/customer/mutation_context.h"

namespace crm::customer {

inline constexpr char kDomain[] = "customer.crm";

std::vector<pg::PreparedStatement> SupportStatements();

absl::Status CustomerNotFound(const std::string& id);
absl::Status EtagMismatch(const std::string& resource, int64_t expected,
                          int64_t actual);

// Locks customer `id` FOR UPDATE when it is in the caller's data scope and
// returns its version. PERMISSION_DENIED when it exists out of scope,
// NOT_FOUND when it does not exist.
absl::StatusOr<int64_t> LockInScope(pqxx::work& tx, const MutationContext& context,
                                    const std::string& id);

// OK when customer `id` is in the caller's data scope; otherwise as above.
absl::Status RequireReadScope(pqxx::transaction_base& tx,
                              const MutationContext& context, const std::string& id);

// Whether customer `id` is in the caller's data scope (false when missing).
bool InScope(pqxx::transaction_base& tx, const MutationContext& context,
             const std::string& id);

// One history row per change, in one statement.
void WriteHistory(pqxx::work& tx, const MutationContext& context,
                  const std::string& customer_id, const std::string& resource,
                  const std::vector<FieldChange>& changes);

// Runs `change` in one transaction. With a request id, a call that already
// committed returns its stored response instead, and a new call's response
// is stored in the same transaction.
template <typename Response>
absl::StatusOr<Response> RunMutation(
    pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
    const MutationContext& context,
    absl::FunctionRef<absl::StatusOr<Response>(pqxx::work&)> change) {
  absl::StatusOr<Response> result;
  absl::Status status = pg::RunInTransaction(pool, [&](pqxx::work& tx) -> absl::Status {
    if (context.idempotency.has_value()) {
      absl::StatusOr<std::optional<std::string>> stored =
          request_log.Claim(tx, *context.idempotency);
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) {
        Response replay;
        if (!replay.ParseFromString(**stored)) {
          return absl::InternalError("stored response does not parse");
        }
        result = std::move(replay);
        return absl::OkStatus();
      }
    }
    result = change(tx);
    if (!result.ok()) return result.status();
    if (context.idempotency.has_value()) {
      request_log.Record(tx, context.idempotency->request_id,
                         result->SerializeAsString());
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_STORE_SUPPORT_H_
