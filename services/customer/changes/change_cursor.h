#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_CURSOR_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_CURSOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/pagination/page_token_codec.h"

namespace crm::customer {

// The change feed's cursor as a page token: the last sequence served, under
// ListCustomerChanges' fingerprint, so ListCustomerChanges and
// WatchCustomerChanges take each other's tokens.
std::string EncodeChangeCursor(const pagination::PageTokenCodec& codec, int64_t sequence);

// INVALID_ARGUMENT (on page_token) for a malformed or foreign token.
absl::StatusOr<int64_t> DecodeChangeCursor(const pagination::PageTokenCodec& codec,
                                           std::string_view token);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_CURSOR_H_
