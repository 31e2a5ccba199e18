#ifndef CRM_SERVICES_CUSTOMER_CORE_OPERATION_STORE_H_
#define CRM_SERVICES_CUSTOMER_CORE_OPERATION_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/longrunning/operations.pb.h"
#include "google/protobuf/message.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"

namespace crm::customer {

struct CreatedOperation {
  google::longrunning::Operation operation;
  std::string id;
  bool is_new = false;  // false: a retry with the same request id
};

// The {service} part of this service's operation names (libs/names/operation_names.h).
inline constexpr std::string_view kOperationService = "customer";

// Long-running operations in customer.operations, as
// google.longrunning.Operation messages named "operations/customer/{uuid}"
// (older ones were "operations/{uuid}": the same operation).
class OperationStore final {
 public:
  OperationStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log)
      : pool_(pool), request_log_(request_log) {}

  static std::vector<pg::PreparedStatement> Statements();

  // A new running operation, or with a request id already used by the same
  // call, the operation it created.
  absl::StatusOr<CreatedOperation> Create(const std::string& kind, const std::string& actor,
                                          const google::protobuf::Message& metadata,
                                          const std::optional<idempotency::RequestKey>& key);
  absl::StatusOr<google::longrunning::Operation> Get(const std::string& id);
  // Newest first, after `after` (a Listed::cursor; empty: from the newest).
  struct Listed {
    google::longrunning::Operation operation;
    std::string cursor;
  };
  absl::StatusOr<std::vector<Listed>> List(const std::string& after, int limit);
  absl::Status UpdateMetadata(const std::string& id, const google::protobuf::Message& metadata);
  // Ends it with a response, or with an error when `error` is not OK.
  absl::Status Finish(const std::string& id, const google::protobuf::Message& metadata,
                      const google::protobuf::Message* response, const absl::Status& error);
  // NOT_FOUND when there is no such operation; a finished one is left alone.
  absl::Status RequestCancel(const std::string& id);
  absl::StatusOr<bool> CancelRequested(const std::string& id);
  // FAILED_PRECONDITION while it runs.
  absl::Status Delete(const std::string& id);
  // Operations whose progress stopped 30 minutes ago or more (their process
  // stopped) end with ABORTED.
  absl::Status AbandonRunning();

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_OPERATION_STORE_H_
