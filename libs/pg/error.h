#ifndef CRM_LIBS_PG_ERROR_H_
#define CRM_LIBS_PG_ERROR_H_

#include <exception>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace crm::pg {

// The ErrorInfo domain of every status made here.
inline constexpr char kErrorDomain[] = "db.crm";

// Maps an exception thrown by libpqxx (or anything else inside database work)
// to a status a caller may see:
//
//   connection lost                  UNAVAILABLE        DB_UNAVAILABLE
//   serialization failure, deadlock  ABORTED            DB_CONFLICT
//   unique violation (23505)         ALREADY_EXISTS     DB_UNIQUE_VIOLATION
//   statement/lock timeout, cancel   DEADLINE_EXCEEDED  DB_TIMEOUT
//   anything else                    INTERNAL           DB_ERROR
//
// The message never carries SQL text or the server's error text (they may
// hold table layouts and personal data); metadata carries `operation` and the
// SQLSTATE. The full detail is logged here, once.
absl::Status ToStatus(const std::exception& e, std::string_view operation);

// The exception's SQLSTATE ("" when it has none, e.g. a lost connection).
std::string SqlState(const std::exception& e);

// True when the connection that threw can no longer be trusted: its lease
// must be marked broken so the pool replaces it.
bool IsConnectionLost(const std::exception& e);

// True when running the whole transaction again may succeed: a serialization
// failure or deadlock, or a connection lost before COMMIT was sent (the
// server rolled the work back). A commit whose outcome is unknown is not.
bool IsRetryable(const std::exception& e);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_ERROR_H_
