#ifndef CRM_TESTS_E2E_RAW_CALL_H_
#define CRM_TESTS_E2E_RAW_CALL_H_

// Calls any method of the gateway with bytes the caller built, the way a
// client in another language might send them: requests written from protobuf
// text format (so a test can send what generated C++ would refuse to build,
// such as invalid UTF-8 in a string field), one call path for unary and
// streaming methods.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"

namespace crm::e2e {

struct RawReply {
  grpc::Status status;
  std::vector<std::string> responses;  // serialized response messages, in order
};

// Sends each of `requests` (serialized messages) on one call to `method`
// ("/package.Service/Method"), half-closes, and reads every response until
// the call ends. On the wire a unary call is a stream of one message each
// way, so this serves every kind of method.
RawReply RawCall(const std::shared_ptr<grpc::Channel>& channel, std::string_view method,
                 const std::vector<std::string>& requests, const std::string& token,
                 absl::Duration deadline);

// The method with full name "package.Service/Method" in the generated pool,
// or null.
const google::protobuf::MethodDescriptor* FindMethod(std::string_view full_name);

// "/package.Service/Method", the path a call goes to.
std::string CallPath(const google::protobuf::MethodDescriptor& method);

// The bytes of a `type` message written in protobuf text format. Strings may
// hold any bytes ("\xff"), enums any number; the bytes are written as given.
absl::StatusOr<std::string> SerializeText(const google::protobuf::Descriptor& type,
                                          const std::string& text);

// The text format of a serialized `type` message, for failure messages.
std::string DescribeBytes(const google::protobuf::Descriptor& type, const std::string& bytes);

}  // namespace crm::e2e

#endif  // CRM_TESTS_E2E_RAW_CALL_H_
