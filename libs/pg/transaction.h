#ifndef CRM_LIBS_PG_TRANSACTION_H_
#define CRM_LIBS_PG_TRANSACTION_H_

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "libs/pg/pool.h"
#include "pqxx/nontransaction"
#include "pqxx/transaction"

namespace crm::pg {

struct TxOptions {
  // Runs of `fn` at most; a conflict after the last -> ABORTED.
  int max_attempts = 3;
  // SERIALIZABLE instead of READ COMMITTED.
  bool serializable = false;
  // Names the work in logs and error metadata (e.g. "customer.update").
  std::string_view operation = "transaction";
};

// Runs `fn` in one transaction on a pooled connection: commits when it
// returns OK, rolls back and returns its status otherwise. A serialization
// failure or deadlock, or a connection lost before COMMIT, re-runs the WHOLE
// of `fn` in a fresh transaction (so `fn` must keep its effects inside the
// transaction, or be safe to repeat); when attempts run out: ABORTED
// (DB_CONFLICT, "concurrent update; retry"). Exceptions from `fn` or libpqxx
// never escape: they become statuses through ToStatus(), and a lost
// connection is dropped from the pool.
absl::Status RunInTransaction(ConnectionPool& pool, absl::FunctionRef<absl::Status(pqxx::work&)> fn,
                              TxOptions options = {});

// Runs `fn` outside a transaction: each statement commits on its own, which
// is cheaper for a point read and the right tool only for reads. Retried once
// on a fresh connection when the connection was lost; errors as above.
absl::Status RunReadOnly(ConnectionPool& pool,
                         absl::FunctionRef<absl::Status(pqxx::nontransaction&)> fn,
                         std::string_view operation = "read");

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_TRANSACTION_H_
