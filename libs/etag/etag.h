#ifndef CRM_LIBS_ETAG_ETAG_H_
#define CRM_LIBS_ETAG_ETAG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "libs/status/status.h"

namespace crm {

// An etag (AIP-154) is the row's version in quotes, e.g. "\"7\""; ParseEtag
// accepts exactly that form, so an etag from another resource type or a
// hand-written one is told apart from a stale one.
std::string EtagOf(int64_t version);
std::optional<int64_t> ParseEtag(std::string_view etag);

// The version in an etag field of a request: nothing when empty (no check
// wanted); a violation under `field` when it is not an etag this suite issued.
std::optional<int64_t> ParseEtagField(std::string_view etag, const std::string& field,
                                      status::FieldViolations& violations);

// The version in an etag field a change must carry: a violation under
// `field` when it is empty ("pass the etag of the last read") or not an
// etag this suite issued.
std::optional<int64_t> RequiredEtagField(std::string_view etag, const std::string& field,
                                         status::FieldViolations& violations);

// ABORTED (ETAG_MISMATCH, ErrorInfo under `domain`) for an update whose etag
// names an older version of `resource` than the stored one.
absl::Status EtagMismatch(std::string_view domain, std::string_view resource, int64_t expected,
                          int64_t actual);

}  // namespace crm

#endif  // CRM_LIBS_ETAG_ETAG_H_
