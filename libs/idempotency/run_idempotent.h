#ifndef CRM_LIBS_IDEMPOTENCY_RUN_IDEMPOTENT_H_
#define CRM_LIBS_IDEMPOTENCY_RUN_IDEMPOTENT_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"

namespace crm::idempotency {

// Runs `change` in one transaction. With a request key, a call that already
// committed returns its stored response instead, and a new call's response
// is stored in the same transaction, so "done" and "recorded" commit
// together. `Response` is a protobuf message (or anything with
// SerializeAsString/ParseFromString).
template <typename Response>
absl::StatusOr<Response> RunIdempotent(
    pg::ConnectionPool& pool, const RequestLog& request_log, const std::optional<RequestKey>& key,
    absl::FunctionRef<absl::StatusOr<Response>(pqxx::work&)> change) {
  absl::StatusOr<Response> result;
  absl::Status status = pg::RunInTransaction(pool, [&](pqxx::work& tx) -> absl::Status {
    if (key.has_value()) {
      absl::StatusOr<std::optional<std::string>> stored = request_log.Claim(tx, *key);
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
    if (key.has_value()) request_log.Record(tx, key->request_id, result->SerializeAsString());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace crm::idempotency

#endif  // CRM_LIBS_IDEMPOTENCY_RUN_IDEMPOTENT_H_
