#ifndef CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_H_
#define CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/pg/prepared_statement.h"
#include "libs/status/status.h"
#include "pqxx/pqxx"

namespace crm::idempotency {

// Identifies one mutating call for replay: the same request_id must come
// with the same method, caller and request body.
struct RequestKey {
  std::string request_id;
  std::string method;
  std::string actor;
  std::string request_hash;  // RequestHash(request)
};

// Deterministic SHA-256 of a request message (the request id is part of the
// message, which is fine: a retry repeats it).
std::string RequestHash(const google::protobuf::Message& request);

// "" when acceptable, otherwise why not: ids are 1–128 characters of
// [A-Za-z0-9._:-] (a UUID is recommended).
std::optional<std::string> RequestIdError(std::string_view request_id);

// Adds RequestIdError under "request_id" when there is one.
void ValidateRequestId(std::string_view request_id, status::FieldViolations& violations);

// The responses of mutating calls by request id, in a service's own schema
// (table <schema>.request_log, created by RequestLogMigrations()). Used in
// the same transaction as the change, so "done" and "recorded" commit together.
class RequestLog final {
 public:
  explicit RequestLog(std::string_view schema);

  // Statements to prepare on every pooled connection.
  std::vector<pg::PreparedStatement> statements() const;

  // Claims key.request_id for this call. Returns the stored response when the
  // same call already committed (the caller returns it unchanged), nullopt
  // when this call is the first (the caller does the work, then Record()s).
  // A concurrent first call holding the id makes this wait for its commit.
  // FAILED_PRECONDITION (REQUEST_ID_REUSED) when the id was used for another
  // method, caller or body.
  absl::StatusOr<std::optional<std::string>> Claim(pqxx::work& tx, const RequestKey& key) const;

  // Stores the response of the claimed call.
  void Record(pqxx::work& tx, std::string_view request_id, const std::string& response) const;

 private:
  std::string claim_name_, claim_sql_;
  std::string read_name_, read_sql_;
  std::string record_name_, record_sql_;
};

}  // namespace crm::idempotency

#endif  // CRM_LIBS_IDEMPOTENCY_REQUEST_LOG_H_
