#include "services/customer/core/operation_store.h"

#include "google/rpc/status.pb.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/operation_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

constexpr char kInsert[] = "customer.operation_insert";
constexpr char kInsertSql[] =
    "INSERT INTO customer.operations (id, kind, actor, metadata) VALUES ($1::uuid, $2, $3, $4)";
constexpr char kGet[] = "customer.operation_get";
constexpr char kGetSql[] =
    "SELECT id::text, done, metadata, response, error FROM customer.operations WHERE id = $1::uuid";
constexpr char kList[] = "customer.operation_list";
constexpr char kListSql[] =
    "SELECT id::text, done, metadata, response, error, "
    " (extract(epoch FROM create_time) * 1000000)::bigint FROM customer.operations"
    " WHERE $1 = '' OR (create_time, id) < (to_timestamp(split_part($1, '/', 1)::bigint / 1e6),"
    "  split_part($1, '/', 2)::uuid) ORDER BY create_time DESC, id DESC LIMIT $2";
constexpr char kSetMetadata[] = "customer.operation_set_metadata";
constexpr char kSetMetadataSql[] =
    "UPDATE customer.operations SET metadata = $2, update_time = now()"
    " WHERE id = $1::uuid AND NOT done";
constexpr char kFinish[] = "customer.operation_finish";
constexpr char kFinishSql[] =
    "UPDATE customer.operations SET done = true, metadata = $2, response = $3, error = $4,"
    " update_time = now() WHERE id = $1::uuid AND NOT done";
constexpr char kCancel[] = "customer.operation_cancel";
constexpr char kCancelSql[] =
    "UPDATE customer.operations SET cancel_requested = true WHERE id = $1::uuid RETURNING done";
constexpr char kCancelRequested[] = "customer.operation_cancel_requested";
constexpr char kCancelRequestedSql[] =
    "SELECT cancel_requested FROM customer.operations WHERE id = $1::uuid";
constexpr char kDelete[] = "customer.operation_delete";
constexpr char kDeleteSql[] = "DELETE FROM customer.operations WHERE id = $1::uuid RETURNING done";
constexpr char kAbandon[] = "customer.operation_abandon";
// Running operations report progress at least every few minutes; one silent
// for longer belongs to a replica that stopped (others may be running
// theirs, so a start-up never ends a live one).
constexpr char kAbandonSql[] =
    "UPDATE customer.operations SET done = true, error = $1, update_time = now()"
    " WHERE NOT done AND update_time < now() - interval '30 minutes'";

std::string TypeUrl(const google::protobuf::Message& message) {
  return crm::StrCat("type.googleapis.com/", message.GetDescriptor()->full_name());
}

std::string Bytes(const pqxx::field& field) {
  if (field.is_null()) return "";
  return pqxx::binarystring(field).str();
}

// metadata and response are stored as packed google.protobuf.Any.
google::longrunning::Operation OperationFromRow(const pqxx::row& row) {
  google::longrunning::Operation operation;
  operation.set_name(names::OperationName(kOperationService, row[0].c_str()));
  operation.set_done(row[1].as<bool>());
  operation.mutable_metadata()->ParseFromString(Bytes(row[2]));
  if (!row[4].is_null()) {
    operation.mutable_error()->ParseFromString(Bytes(row[4]));
  } else if (!row[3].is_null()) {
    operation.mutable_response()->ParseFromString(Bytes(row[3]));
  }
  return operation;
}

std::string PackedBytes(const google::protobuf::Message& message) {
  google::protobuf::Any any;
  any.set_type_url(TypeUrl(message));
  any.set_value(message.SerializeAsString());
  return any.SerializeAsString();
}

std::string StatusBytes(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  return out.SerializeAsString();
}

absl::Status OperationNotFound(const std::string& id) {
  const std::string name = names::OperationName(kOperationService, id);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "OPERATION_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"operation", name}});
}

}  // namespace

std::vector<pg::PreparedStatement> OperationStore::Statements() {
  return {{kInsert, kInsertSql},
          {kGet, kGetSql},
          {kList, kListSql},
          {kSetMetadata, kSetMetadataSql},
          {kFinish, kFinishSql},
          {kCancel, kCancelSql},
          {kCancelRequested, kCancelRequestedSql},
          {kDelete, kDeleteSql},
          {kAbandon, kAbandonSql}};
}

absl::StatusOr<CreatedOperation> OperationStore::Create(
    const std::string& kind, const std::string& actor, const google::protobuf::Message& metadata,
    const std::optional<idempotency::RequestKey>& key) {
  const std::string id = crypto::NewUuid();
  absl::StatusOr<google::longrunning::Operation> created =
      idempotency::RunIdempotent<google::longrunning::Operation>(
          pool_, request_log_, key,
          [&](pqxx::work& tx) -> absl::StatusOr<google::longrunning::Operation> {
            tx.exec_prepared0(kInsert, id, kind, actor, pqxx::binarystring(PackedBytes(metadata)));
            return OperationFromRow(tx.exec_prepared1(kGet, id));
          });
  if (!created.ok()) return created.status();
  // A replayed response may carry an old-style name; the id is what counts.
  const std::optional<names::OperationNameParts> parts = names::ParseOperationName(created->name());
  std::string created_id = parts.has_value() ? parts->id : "";
  const bool is_new = created_id == id;
  return CreatedOperation{*std::move(created), std::move(created_id), is_new};
}

absl::StatusOr<google::longrunning::Operation> OperationStore::Get(const std::string& id) {
  std::optional<google::longrunning::Operation> found;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(kGet, id);
        if (!rows.empty()) found = OperationFromRow(rows[0]);
        return absl::OkStatus();
      },
      "customer.operation_get");
  if (!status.ok()) return status;
  if (!found.has_value()) return OperationNotFound(id);
  return *std::move(found);
}

absl::StatusOr<std::vector<OperationStore::Listed>> OperationStore::List(const std::string& after,
                                                                         int limit) {
  std::vector<Listed> operations;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        for (const pqxx::row& row : tx.exec_prepared(kList, after, limit)) {
          operations.push_back(
              {OperationFromRow(row), crm::StrCat(row[5].c_str(), "/", row[0].c_str())});
        }
        return absl::OkStatus();
      },
      "customer.operation_list");
  if (!status.ok()) return status;
  return operations;
}

absl::Status OperationStore::UpdateMetadata(const std::string& id,
                                            const google::protobuf::Message& metadata) {
  return pg::RunInTransaction(pool_,
                              [&](pqxx::work& tx) {
                                tx.exec_prepared0(kSetMetadata, id,
                                                  pqxx::binarystring(PackedBytes(metadata)));
                                return absl::OkStatus();
                              },
                              {.operation = "customer.operation_progress"});
}

absl::Status OperationStore::Finish(const std::string& id,
                                    const google::protobuf::Message& metadata,
                                    const google::protobuf::Message* response,
                                    const absl::Status& error) {
  return pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) {
        const pqxx::binarystring meta(PackedBytes(metadata));
        if (!error.ok()) {
          tx.exec_prepared0(kFinish, id, meta, nullptr, pqxx::binarystring(StatusBytes(error)));
        } else {
          tx.exec_prepared0(kFinish, id, meta, pqxx::binarystring(PackedBytes(*response)), nullptr);
        }
        return absl::OkStatus();
      },
      {.operation = "customer.operation_finish"});
}

absl::Status OperationStore::RequestCancel(const std::string& id) {
  bool found = false;
  absl::Status status = pg::RunInTransaction(pool_,
                                             [&](pqxx::work& tx) {
                                               found = !tx.exec_prepared(kCancel, id).empty();
                                               return absl::OkStatus();
                                             },
                                             {.operation = "customer.operation_cancel"});
  if (!status.ok()) return status;
  return found ? absl::OkStatus() : OperationNotFound(id);
}

absl::StatusOr<bool> OperationStore::CancelRequested(const std::string& id) {
  bool requested = false;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        const pqxx::result rows = tx.exec_prepared(kCancelRequested, id);
        requested = !rows.empty() && rows[0][0].as<bool>();
        return absl::OkStatus();
      },
      "customer.operation_cancel_requested");
  if (!status.ok()) return status;
  return requested;
}

absl::Status OperationStore::Delete(const std::string& id) {
  return pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(kDelete, id);
        if (rows.empty()) return OperationNotFound(id);
        if (!rows[0][0].as<bool>()) {
          return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "OPERATION_RUNNING",
                               crm::StrCat(names::OperationName(kOperationService, id),
                                           " is still running; cancel it first"),
                               {{"operation", names::OperationName(kOperationService, id)}});
        }
        return absl::OkStatus();
      },
      {.operation = "customer.operation_delete"});
}

absl::Status OperationStore::AbandonRunning() {
  return pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) {
        tx.exec_prepared0(kAbandon, pqxx::binarystring(StatusBytes(absl::AbortedError(
                                        "the service stopped while this ran; start it again"))));
        return absl::OkStatus();
      },
      {.operation = "customer.operation_abandon"});
}

}  // namespace crm::customer
