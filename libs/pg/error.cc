#include "libs/pg/error.h"

#include <typeinfo>

#include "absl/strings/match.h"
#include "libs/log/log.h"
#include "libs/status/status.h"
#include "pqxx/except"

namespace crm::pg {
namespace {

enum class Kind {
  kConnectionLost,
  kCommitUnknown,
  kConflict,
  kUniqueViolation,
  kTimeout,
  kOther,
};

Kind Classify(const std::exception& e) {
  // pqxx 6.4 raises these as types outside sql_error, so they carry no SQLSTATE.
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr ||
      dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) {
    return Kind::kCommitUnknown;
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Kind::kConnectionLost;
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    return Kind::kConflict;
  }
  const std::string state = SqlState(e);
  if (state == "40001" || state == "40P01") return Kind::kConflict;
  if (state == "23505") return Kind::kUniqueViolation;
  // 57014 query_canceled (statement_timeout), 55P03 lock_not_available
  // (lock_timeout).
  if (state == "57014" || state == "55P03") return Kind::kTimeout;
  // Class 08 is connection trouble; 57P01..57P03 mean the server is shutting
  // down or terminated this backend.
  if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P0")) {
    return Kind::kConnectionLost;
  }
  return Kind::kOther;
}

}  // namespace

std::string SqlState(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql != nullptr ? sql->sqlstate() : "";
}

bool IsConnectionLost(const std::exception& e) {
  const Kind kind = Classify(e);
  return kind == Kind::kConnectionLost || kind == Kind::kCommitUnknown;
}

bool IsRetryable(const std::exception& e) {
  const Kind kind = Classify(e);
  return kind == Kind::kConflict || kind == Kind::kConnectionLost;
}

absl::Status ToStatus(const std::exception& e, std::string_view operation) {
  const Kind kind = Classify(e);
  const std::string state = SqlState(e);
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  const std::string query = sql != nullptr ? sql->query() : "";

  // Expected outcomes of concurrent work are warnings; the rest are errors.
  const bool expected = kind == Kind::kConflict || kind == Kind::kUniqueViolation;
  const std::initializer_list<log::Field> fields = {{"operation", operation},
                                                    {"sqlstate", state},
                                                    {"exception", typeid(e).name()},
                                                    {"error", e.what()},
                                                    {"query", query}};
  if (expected) {
    log::Warn("database operation failed", fields);
  } else {
    log::Error("database operation failed", fields);
  }

  status::Metadata metadata = {{"operation", std::string(operation)}};
  if (!state.empty()) metadata.emplace_back("sqlstate", state);
  switch (kind) {
    case Kind::kConnectionLost:
      return status::Error(absl::StatusCode::kUnavailable, kErrorDomain, "DB_UNAVAILABLE",
                           "database unavailable; retry later", std::move(metadata));
    case Kind::kCommitUnknown:
      return status::Error(absl::StatusCode::kUnavailable, kErrorDomain, "DB_UNAVAILABLE",
                           "database connection lost during commit; the change may or may not "
                           "be saved, retry with the same request_id",
                           std::move(metadata));
    case Kind::kConflict:
      return status::Error(absl::StatusCode::kAborted, kErrorDomain, "DB_CONFLICT",
                           "concurrent update; retry", std::move(metadata));
    case Kind::kUniqueViolation:
      return status::Error(absl::StatusCode::kAlreadyExists, kErrorDomain, "DB_UNIQUE_VIOLATION",
                           "the resource already exists", std::move(metadata));
    case Kind::kTimeout:
      return status::Error(absl::StatusCode::kDeadlineExceeded, kErrorDomain, "DB_TIMEOUT",
                           "database statement timed out; retry later or "
                           "narrow the request",
                           std::move(metadata));
    case Kind::kOther:
      break;
  }
  return status::Error(absl::StatusCode::kInternal, kErrorDomain, "DB_ERROR",
                       "internal database error", std::move(metadata));
}

}  // namespace crm::pg
