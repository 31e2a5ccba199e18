#include "libs/grpc_server/health_check.h"

#include <future>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/support/byte_buffer.h"
#include "libs/status/status.h"

namespace crm::server {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr char kCheckMethod[] = "/grpc.health.v1.Health/Check";

grpc::ByteBuffer EncodeCheckRequest(std::string_view service) {
  std::string bytes;
  if (!service.empty()) {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(service.size()));
    coded.WriteRaw(service.data(), static_cast<int>(service.size()));
  }
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

absl::StatusOr<ServingStatus> DecodeCheckResponse(const grpc::ByteBuffer& buffer) {
  const absl::Status unreadable =
      absl::InternalError("the grpc.health.v1 answer is not a HealthCheckResponse");
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return unreadable;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  google::protobuf::io::CodedInputStream coded(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  uint32_t status = 0;  // UNKNOWN when the field is absent
  while (const uint32_t tag = coded.ReadTag()) {
    if (tag == WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_VARINT)) {
      if (!coded.ReadVarint32(&status)) return unreadable;
    } else if (!WireFormatLite::SkipField(&coded, tag)) {
      return unreadable;
    }
  }
  if (status > static_cast<uint32_t>(ServingStatus::kServiceUnknown)) return unreadable;
  return static_cast<ServingStatus>(status);
}

}  // namespace

std::string_view ServingStatusName(ServingStatus status) {
  switch (status) {
    case ServingStatus::kServing:
      return "SERVING";
    case ServingStatus::kNotServing:
      return "NOT_SERVING";
    case ServingStatus::kServiceUnknown:
      return "SERVICE_UNKNOWN";
    case ServingStatus::kUnknown:
      break;
  }
  return "UNKNOWN";
}

void StartHealthCheck(grpc::GenericStub& stub, grpc::ClientContext& context,
                      std::string_view service,
                      std::function<void(absl::StatusOr<ServingStatus>)> done) {
  struct Call {
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    std::function<void(absl::StatusOr<ServingStatus>)> done;
  };
  auto* call = new Call{EncodeCheckRequest(service), {}, std::move(done)};
  stub.UnaryCall(&context, kCheckMethod, grpc::StubOptions(), &call->request, &call->response,
                 [call](grpc::Status status) {
                   std::unique_ptr<Call> owned(call);
                   if (!status.ok()) {
                     owned->done(status::FromGrpc(status));
                   } else {
                     owned->done(DecodeCheckResponse(owned->response));
                   }
                 });
}

absl::StatusOr<ServingStatus> CheckHealth(std::shared_ptr<grpc::Channel> channel,
                                          std::string_view service, absl::Duration timeout) {
  grpc::GenericStub stub(std::move(channel));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  std::promise<absl::StatusOr<ServingStatus>> answer;
  StartHealthCheck(stub, context, service, [&answer](absl::StatusOr<ServingStatus> result) {
    answer.set_value(std::move(result));
  });
  return answer.get_future().get();
}

}  // namespace crm::server
