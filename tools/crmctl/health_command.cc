#include "tools/crmctl/health_command.h"

#include <future>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/connection.h"

namespace crm::crmctl {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr char kCheckMethod[] = "/grpc.health.v1.Health/Check";

// grpc.health.v1 messages are encoded by hand: Debian ships no generated
// code for them, and each has a single field 1.
grpc::ByteBuffer EncodeCheckRequest(std::string_view service) {
  std::string bytes;
  if (!service.empty()) {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(WireFormatLite::MakeTag(
        1, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(service.size()));
    coded.WriteRaw(service.data(), static_cast<int>(service.size()));
  }
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// HealthCheckResponse.status (field 1), or -1 when the bytes are not one.
int DecodeServingStatus(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  google::protobuf::io::CodedInputStream coded(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  int serving_status = 0;  // UNKNOWN when the field is absent
  while (const uint32_t tag = coded.ReadTag()) {
    if (tag == WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_VARINT)) {
      uint32_t value = 0;
      if (!coded.ReadVarint32(&value)) return -1;
      serving_status = static_cast<int>(value);
    } else if (!WireFormatLite::SkipField(&coded, tag)) {
      return -1;
    }
  }
  return serving_status;
}

std::string ServingStatusName(int status) {
  switch (status) {
    case 0:
      return "UNKNOWN";
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return crm::StrCat("status ", status);
  }
}

}  // namespace

absl::StatusOr<std::string> CheckHealth(
    std::shared_ptr<grpc::ChannelInterface> channel,
    const ContextFactory& contexts, std::string_view service) {
  grpc::GenericStub stub(std::move(channel));
  std::unique_ptr<grpc::ClientContext> context = contexts.New();
  const grpc::ByteBuffer request = EncodeCheckRequest(service);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), kCheckMethod, grpc::StubOptions(), &request,
                 &response,
                 [&done](grpc::Status status) { done.set_value(status); });
  absl::Status status = status::FromGrpc(done.get_future().get());
  if (!status.ok()) return status;
  const int serving_status = DecodeServingStatus(response);
  if (serving_status < 0) {
    return absl::InternalError("the health check answer is not readable");
  }
  return ServingStatusName(serving_status);
}

absl::Status RunHealth(const Invocation& invocation,
                       std::shared_ptr<grpc::ChannelInterface> channel,
                       const ContextFactory& contexts, std::ostream& out) {
  const std::string service = invocation.flags.Get("service").value_or("");
  absl::StatusOr<std::string> answer =
      CheckHealth(std::move(channel), contexts, service);
  if (!answer.ok()) return answer.status();
  if (invocation.options.output == OutputFormat::kJson) {
    // The JSON form of grpc.health.v1.HealthCheckResponse.
    out << "{\n \"status\": \"" << *answer << "\"\n}\n";
  } else {
    out << *answer << '\n';
  }
  if (*answer == "SERVING") return absl::OkStatus();
  // The server answered, so this is not a transport error: say what it said.
  return status::Error(
      absl::StatusCode::kUnavailable, "crmctl", *answer,
      crm::StrCat(invocation.options.server, " reports ", *answer,
                   service.empty() ? "" : crm::StrCat(" for ", service)),
      {{"server", invocation.options.server}, {"service", service}});
}

CommandSpec HealthCommand() {
  return {.path = "health",
          .summary = "check that --server is up (exit 0 when SERVING)",
          .flags = {{.name = "service",
                     .value_name = "NAME",
                     .help = "one service, e.g. "
                             "crm.customer.v1.CustomerService; default: the "
                             "whole server"}},
          .run = [](const Invocation& invocation, const Connection& connection,
                    std::ostream& out) {
            return RunHealth(invocation, connection.channel,
                             connection.contexts, out);
          }};
}

}  // namespace crm::crmctl
