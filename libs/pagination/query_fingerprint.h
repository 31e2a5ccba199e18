#ifndef CRM_LIBS_PAGINATION_QUERY_FINGERPRINT_H_
#define CRM_LIBS_PAGINATION_QUERY_FINGERPRINT_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace crm::pagination {

// A digest of everything that defines a List query except the page (method,
// parent, filter, order_by, show_deleted, the caller's scope...), so a page
// token only continues the query that produced it. Parts are length-prefixed
// before hashing: {"ab", "c"} and {"a", "bc"} differ. 64 hex digits.
std::string QueryFingerprint(std::initializer_list<std::string_view> parts);

}  // namespace crm::pagination

#endif  // CRM_LIBS_PAGINATION_QUERY_FINGERPRINT_H_
