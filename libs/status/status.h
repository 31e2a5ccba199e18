#ifndef CRM_LIBS_STATUS_STATUS_H_
#define CRM_LIBS_STATUS_STATUS_H_

// Errors inside the suite are absl::Status values that carry the structured
// details callers need (google.rpc.ErrorInfo, BadRequest, RetryInfo) as
// payloads; ToGrpc turns them into a grpc::Status with a google.rpc.Status in
// its details at the edge. Every error leaving a service carries exactly one
// ErrorInfo, and INTERNAL/UNKNOWN/DATA_LOSS messages never leave a process.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/status.h"

namespace crm::status {

using Metadata = std::vector<std::pair<std::string, std::string>>;

// A status with one ErrorInfo {reason, domain, metadata}. `reason` is
// UPPER_SNAKE_CASE; `message` says what to do; `metadata` holds every dynamic
// value (ids, limits, expected values).
absl::Status Error(absl::StatusCode code, std::string_view domain, std::string_view reason,
                   std::string_view message, Metadata metadata = {});

// Collects every bad field of a request, so one reply names them all.
class FieldViolations final {
 public:
  void Add(std::string field, std::string description);
  // Adds `description` under `field` when it holds a value.
  void AddIf(std::string field, const std::optional<std::string>& description);
  bool empty() const { return violations_.empty(); }
  size_t size() const { return violations_.size(); }
  const google::rpc::BadRequest& bad_request() const { return bad_request_; }

  // INVALID_ARGUMENT with a BadRequest listing every violation and an
  // ErrorInfo {reason INVALID_ARGUMENT, metadata: fields}. The message is
  // `message` when given, otherwise a summary naming the fields.
  absl::Status ToStatus(std::string_view domain, std::string_view message = "") const;

 private:
  std::vector<std::string> violations_;  // field names, in order
  google::rpc::BadRequest bad_request_;
};

// Adds a RetryInfo to a status (RESOURCE_EXHAUSTED, UNAVAILABLE).
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The structured details of a status, if present.
std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status);
std::vector<google::rpc::BadRequest::FieldViolation> GetFieldViolations(const absl::Status& status);
std::optional<absl::Duration> GetRetryDelay(const absl::Status& status);

// The edge: absl::Status -> grpc::Status with a serialized google.rpc.Status
// in error_details. Adds an ErrorInfo (reason = code name, domain "crm") when
// the status has none; replaces the message of INTERNAL, UNKNOWN and DATA_LOSS
// with a generic one (the original must have been logged where it arose).
grpc::Status ToGrpc(const absl::Status& status);

// The other way, for clients (crmctl, tests, service-to-service calls): keeps
// the code, message and every detail payload.
absl::Status FromGrpc(const grpc::Status& status);

// "INVALID_ARGUMENT", "NOT_FOUND", ...
std::string_view CodeName(absl::StatusCode code);

}  // namespace crm::status

#endif  // CRM_LIBS_STATUS_STATUS_H_
