#include "libs/idempotency/request_log.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/crypto/crypto.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::idempotency {

std::string RequestHash(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return crypto::Sha256Hex(bytes);
}

std::optional<std::string> RequestIdError(std::string_view request_id) {
  if (request_id.size() > 128) {
    return crm::StrCat("request_id: at most 128 characters, got ", request_id.size());
  }
  for (const char c : request_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return "request_id: use only letters, digits and . _ : - (a UUID is "
             "recommended)";
    }
  }
  return std::nullopt;
}

void ValidateRequestId(std::string_view request_id, status::FieldViolations& violations) {
  violations.AddIf("request_id", RequestIdError(request_id));
}

RequestLog::RequestLog(std::string_view schema) {
  const std::string table = crm::StrCat(schema, ".request_log");
  claim_name_ = crm::StrCat(schema, ".request_log_claim");
  claim_sql_ = crm::StrCat("INSERT INTO ", table,
                           " (request_id, method, actor, request_hash) "
                           "VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (request_id) DO NOTHING");
  read_name_ = crm::StrCat(schema, ".request_log_read");
  read_sql_ = crm::StrCat("SELECT method, actor, request_hash, response FROM ", table,
                          " WHERE request_id = $1");
  record_name_ = crm::StrCat(schema, ".request_log_record");
  record_sql_ = crm::StrCat("UPDATE ", table, " SET response = $2 WHERE request_id = $1");
}

std::vector<pg::PreparedStatement> RequestLog::statements() const {
  return {{claim_name_, claim_sql_}, {read_name_, read_sql_}, {record_name_, record_sql_}};
}

absl::StatusOr<std::optional<std::string>> RequestLog::Claim(pqxx::work& tx,
                                                             const RequestKey& key) const {
  const pqxx::result claimed =
      tx.exec_prepared(claim_name_, key.request_id, key.method, key.actor, key.request_hash);
  if (claimed.affected_rows() == 1) return std::nullopt;

  // ON CONFLICT waited for the first call's transaction: it has committed.
  const pqxx::result stored = tx.exec_prepared(read_name_, key.request_id);
  const pqxx::row row = stored.at(0);
  if (row[0].as<std::string>() != key.method || row[1].as<std::string>() != key.actor ||
      row[2].as<std::string>() != key.request_hash) {
    return status::Error(
        absl::StatusCode::kFailedPrecondition, "crm", "REQUEST_ID_REUSED",
        "request_id was already used for a different request; use a new "
        "request_id for a new request",
        {{"requestId", key.request_id}, {"firstMethod", row[0].as<std::string>()}});
  }
  if (row[3].is_null()) return std::string();
  return pqxx::binarystring(row[3]).str();
}

void RequestLog::Record(pqxx::work& tx, std::string_view request_id,
                        const std::string& response) const {
  tx.exec_prepared(record_name_, std::string(request_id), pqxx::binarystring(response));
}

}  // namespace crm::idempotency
