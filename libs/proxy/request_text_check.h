#ifndef CRM_LIBS_PROXY_REQUEST_TEXT_CHECK_H_
#define CRM_LIBS_PROXY_REQUEST_TEXT_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/byte_buffer.h"

namespace crm::proxy {

// A string field whose bytes are not UTF-8.
struct InvalidText {
  std::string field;  // path as in a field violation: "customer.legal_name", "rows[2].city"
  size_t offset = 0;  // of the first bad byte within the value
  unsigned char byte = 0;
};

// The string fields of `wire` (a serialized message of type `type`) that are
// not valid UTF-8, nested messages included. Stops at malformed wire data
// and reports what it found before; the receiver's parser rejects the rest.
std::vector<InvalidText> FindInvalidText(const google::protobuf::Descriptor& type,
                                         std::string_view wire);

// Protobuf refuses to parse a proto3 string that is not UTF-8, and a service
// then answers with a bare transport error that names nothing. A caller
// sending, say, a GBK-encoded ERP export gets this check's answer instead:
// INVALID_ARGUMENT with a field violation for each such field. Methods the
// descriptor pool does not know pass unchecked.
class RequestTextCheck final {
 public:
  explicit RequestTextCheck(const google::protobuf::DescriptorPool* pool =
                                google::protobuf::DescriptorPool::generated_pool())
      : pool_(pool) {}

  // `method` is "/package.Service/Method".
  absl::Status Check(std::string_view method, const grpc::ByteBuffer& message) const;

 private:
  const google::protobuf::DescriptorPool* const pool_;
};

}  // namespace crm::proxy

#endif  // CRM_LIBS_PROXY_REQUEST_TEXT_CHECK_H_
