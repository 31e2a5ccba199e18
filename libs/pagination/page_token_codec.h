#ifndef CRM_LIBS_PAGINATION_PAGE_TOKEN_CODEC_H_
#define CRM_LIBS_PAGINATION_PAGE_TOKEN_CODEC_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/status/status.h"

namespace crm::pagination {

// Where the next page starts: the keyset (ORDER BY columns, ending with the
// id) of the last row returned, as text. Empty means the first page.
struct PageCursor {
  std::vector<std::string> last_key;
};

// Turns cursors into opaque page tokens and back. A token is base64url of
//
//   version (0x01) || SHA-256(fingerprint)[0..8) || cursor || tag (16 bytes)
//   tag = HMAC-SHA256(key, context || fingerprint || all bytes before it)
//
// so it cannot be forged or altered, and only continues the query whose
// fingerprint made it (the short digest tells "another query" apart from
// "altered" for the error message; the tag is what enforces both). The
// cursor is signed, not encrypted: it holds values of a row the caller has
// already seen. Thread-safe.
class PageTokenCodec final {
 public:
  explicit PageTokenCodec(std::string key);

  std::string Encode(std::string_view query_fingerprint, const PageCursor& cursor) const;

  // An empty token is the first page (an empty cursor). Otherwise the cursor,
  // or INVALID_ARGUMENT with a field violation on "page_token" (ErrorInfo
  // under `domain`) when the token is malformed, altered, or was issued for
  // another query.
  absl::StatusOr<PageCursor> Decode(std::string_view token, std::string_view query_fingerprint,
                                    std::string_view domain = "crm") const;

  // A List call's page_token as the keyset to resume after: empty for the
  // first page; the cursor's `key_size` values; or, for a token that is not
  // one of this query's with that many values, a violation on "page_token"
  // ("not a token from a previous <what>") and an empty key.
  std::vector<std::string> ResumeAfter(std::string_view token, std::string_view query_fingerprint,
                                       size_t key_size, std::string_view what,
                                       status::FieldViolations& violations) const;

 private:
  std::string Tag(std::string_view query_fingerprint, std::string_view body) const;

  std::string key_;
};

}  // namespace crm::pagination

#endif  // CRM_LIBS_PAGINATION_PAGE_TOKEN_CODEC_H_
