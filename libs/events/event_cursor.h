#ifndef CRM_LIBS_EVENTS_EVENT_CURSOR_H_
#define CRM_LIBS_EVENTS_EVENT_CURSOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/pagination/page_token_codec.h"

namespace crm::events {

// A feed's cursor as an opaque page token: the last sequence served, signed
// under one fingerprint per feed (e.g. "ListHierarchyEvents"), so a feed's
// List and Watch take each other's tokens and no other query's. The cursor
// is the same for every caller: a token may pass from one consumer process
// to the next.
class EventCursorCodec final {
 public:
  // `domain`: the ErrorInfo domain of a refused token, e.g. "hierarchy.crm".
  EventCursorCodec(const pagination::PageTokenCodec& codec, std::string fingerprint,
                   std::string domain)
      : codec_(codec), fingerprint_(std::move(fingerprint)), domain_(std::move(domain)) {}

  std::string Encode(int64_t sequence) const;
  // INVALID_ARGUMENT (on page_token) for a malformed or foreign token.
  absl::StatusOr<int64_t> Decode(std::string_view token) const;

  const std::string& domain() const { return domain_; }

 private:
  const pagination::PageTokenCodec& codec_;
  const std::string fingerprint_;
  const std::string domain_;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_EVENT_CURSOR_H_
