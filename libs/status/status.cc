#include "libs/status/status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/status/error_bounds.h"
#include "libs/strings/str_cat.h"

namespace crm::status {
namespace {

constexpr std::string_view kTypeUrlPrefix = "type.googleapis.com/";

template <typename Message>
std::string TypeUrl() {
  return std::string(kTypeUrlPrefix) + Message::descriptor()->full_name();
}

// Debian's Abseil is built without std aliases: absl::string_view and
// absl::optional are their own types, so convert at the boundary.
absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

template <typename Message>
std::optional<Message> GetPayload(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(TypeUrl<Message>());
  if (!payload.has_value()) return std::nullopt;
  Message message;
  if (!message.ParseFromString(std::string(*payload))) return std::nullopt;
  return message;
}

template <typename Message>
void SetPayload(absl::Status& status, const Message& message) {
  status.SetPayload(TypeUrl<Message>(), absl::Cord(message.SerializeAsString()));
}

bool IsHiddenCode(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

}  // namespace

absl::Status Error(absl::StatusCode code, std::string_view domain, std::string_view reason,
                   std::string_view message, Metadata metadata) {
  absl::Status status(code, AbslView(message));
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(domain));
  for (auto& [key, value] : metadata) {
    (*info.mutable_metadata())[std::move(key)] = std::move(value);
  }
  // Bounded and made UTF-8 here already: protobuf cannot parse a payload
  // with a string that is not UTF-8, so ToGrpc could not bound it later.
  BoundErrorInfo(info);
  SetPayload(status, info);
  return status;
}

void FieldViolations::Add(std::string field, std::string description) {
  // Bounded and UTF-8 from the start (see Error); ToGrpc bounds the total.
  auto* violation = bad_request_.add_field_violations();
  violation->set_field(BoundedText(field, kMaxFieldBytes));
  violation->set_description(BoundedText(description, kMaxDescriptionBytes));
  violations_.push_back(violation->field());
}

void FieldViolations::AddIf(std::string field, const std::optional<std::string>& description) {
  if (description.has_value()) Add(std::move(field), *description);
}

absl::Status FieldViolations::ToStatus(std::string_view domain, std::string_view message) const {
  if (violations_.empty()) return absl::OkStatus();
  const std::string fields = absl::StrJoin(violations_, ",");
  std::string text =
      message.empty()
          ? crm::StrCat("request has ", violations_.size(),
                        violations_.size() == 1 ? " invalid field: " : " invalid fields: ",
                        absl::StrJoin(violations_, ", "), "; see the field violations for each")
          : std::string(message);
  absl::Status status = Error(absl::StatusCode::kInvalidArgument, domain, "INVALID_ARGUMENT", text,
                              {{"fields", fields}});
  SetPayload(status, bad_request_);
  return status;
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  google::rpc::RetryInfo retry;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  retry.mutable_retry_delay()->set_seconds(nanos / 1'000'000'000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
  SetPayload(status, retry);
  return status;
}

std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status) {
  return GetPayload<google::rpc::ErrorInfo>(status);
}

std::vector<google::rpc::BadRequest::FieldViolation> GetFieldViolations(
    const absl::Status& status) {
  std::optional<google::rpc::BadRequest> bad_request = GetPayload<google::rpc::BadRequest>(status);
  if (!bad_request.has_value()) return {};
  return {bad_request->field_violations().begin(), bad_request->field_violations().end()};
}

std::optional<absl::Duration> GetRetryDelay(const absl::Status& status) {
  std::optional<google::rpc::RetryInfo> retry = GetPayload<google::rpc::RetryInfo>(status);
  if (!retry.has_value()) return std::nullopt;
  return absl::Seconds(retry->retry_delay().seconds()) +
         absl::Nanoseconds(retry->retry_delay().nanos());
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const bool hidden = IsHiddenCode(status.code());
  const std::string message =
      hidden ? "internal error; the server logged the details under this "
               "request's x-request-id"
             : BoundedText(std::string_view(status.message().data(), status.message().size()),
                           kMaxMessageBytes);

  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);
  bool has_error_info = false;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& value) {
    if (hidden && type_url != TypeUrl<google::rpc::ErrorInfo>()) return;
    if (type_url == TypeUrl<google::rpc::ErrorInfo>()) {
      if (has_error_info) return;  // exactly one ErrorInfo
      has_error_info = true;
    }
    google::protobuf::Any* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(value));
    // Bounded here, at the one door every error leaves by.
    if (google::rpc::ErrorInfo info; any->UnpackTo(&info)) {
      BoundErrorInfo(info);
      any->PackFrom(info);
    } else if (google::rpc::BadRequest bad_request; any->UnpackTo(&bad_request)) {
      BoundBadRequest(bad_request);
      any->PackFrom(bad_request);
    }
  });
  if (!has_error_info) {
    google::rpc::ErrorInfo info;
    info.set_reason(std::string(CodeName(status.code())));
    info.set_domain("crm");
    rpc_status.add_details()->PackFrom(info);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      rpc_status.SerializeAsString());
}

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && rpc_status.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& detail : rpc_status.details()) {
      result.SetPayload(detail.type_url(), absl::Cord(detail.value()));
    }
  }
  return result;
}

std::string_view CodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "OK";
    case absl::StatusCode::kCancelled:
      return "CANCELLED";
    case absl::StatusCode::kUnknown:
      return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted:
      return "ABORTED";
    case absl::StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal:
      return "INTERNAL";
    case absl::StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss:
      return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

}  // namespace crm::status
