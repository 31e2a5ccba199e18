#include "libs/events/event_cursor.h"

#include "absl/strings/numbers.h"
#include "libs/strings/str_cat.h"

namespace crm::events {

std::string EventCursorCodec::Encode(int64_t sequence) const {
  return codec_.Encode(fingerprint_, {.last_key = {crm::StrCat(sequence)}});
}

absl::StatusOr<int64_t> EventCursorCodec::Decode(std::string_view token) const {
  absl::StatusOr<pagination::PageCursor> cursor = codec_.Decode(token, fingerprint_, domain_);
  if (!cursor.ok()) return cursor.status();
  int64_t sequence = 0;
  if (cursor->last_key.size() != 1 || !absl::SimpleAtoi(cursor->last_key[0], &sequence)) {
    // Signed by us, so not the caller's fault.
    return absl::InternalError("event cursor does not parse");
  }
  return sequence;
}

}  // namespace crm::events
