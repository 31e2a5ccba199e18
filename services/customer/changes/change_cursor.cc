#include "services/customer/changes/change_cursor.h"

#include "absl/strings/numbers.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

// ListCustomerChanges' own, kept for the tokens it already handed out.
constexpr char kFingerprint[] = "ListCustomerChanges";

}  // namespace

std::string EncodeChangeCursor(const pagination::PageTokenCodec& codec, int64_t sequence) {
  return codec.Encode(kFingerprint, {.last_key = {crm::StrCat(sequence)}});
}

absl::StatusOr<int64_t> DecodeChangeCursor(const pagination::PageTokenCodec& codec,
                                           std::string_view token) {
  absl::StatusOr<pagination::PageCursor> cursor = codec.Decode(token, kFingerprint, kDomain);
  if (!cursor.ok()) return cursor.status();
  int64_t sequence = 0;
  if (cursor->last_key.size() != 1 || !absl::SimpleAtoi(cursor->last_key[0], &sequence)) {
    // Signed by us, so not the caller's fault.
    return absl::InternalError("change cursor does not parse");
  }
  return sequence;
}

}  // namespace crm::customer
