#ifndef CRM_LIBS_STATUS_ERROR_BOUNDS_H_
#define CRM_LIBS_STATUS_ERROR_BOUNDS_H_

// An error travels in trailers: a client must be able to decode every text in
// it as UTF-8, and gRPC refuses trailers past its metadata size limit (8 KiB
// by default) with RESOURCE_EXHAUSTED, losing the error itself. Errors quote
// caller input through crm::Quote; these bounds are the edge's backstop for
// whatever slipped through, applied by ToGrpc to every error that leaves.

#include <cstddef>
#include <string>
#include <string_view>

#include "google/rpc/error_details.pb.h"

namespace crm::status {

inline constexpr size_t kMaxMessageBytes = 1024;
inline constexpr size_t kMaxMetadataValueBytes = 256;
inline constexpr size_t kMaxFieldBytes = 256;
inline constexpr size_t kMaxDescriptionBytes = 512;
// Of all field violations together, serialized; base64 in the trailer makes
// it a third larger, still well under the limit with the message.
inline constexpr size_t kMaxViolationBytes = 3072;

// `text` as valid UTF-8 (a byte that is not shown as \xC3) of at most
// `max_bytes`, cut on a character boundary and ending in "…" when cut.
std::string BoundedText(std::string_view text, size_t max_bytes);

// Bounds every metadata value of `info`.
void BoundErrorInfo(google::rpc::ErrorInfo& info);

// Bounds every field and description, and keeps the violations that fit in
// kMaxViolationBytes; when some are dropped, the last kept one says how many.
void BoundBadRequest(google::rpc::BadRequest& bad_request);

}  // namespace crm::status

#endif  // CRM_LIBS_STATUS_ERROR_BOUNDS_H_
