#ifndef CRM_LIBS_PAGINATION_PAGE_SIZE_H_
#define CRM_LIBS_PAGINATION_PAGE_SIZE_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace crm::pagination {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// AIP-158: 0 -> kDefaultPageSize, above kMaxPageSize -> kMaxPageSize,
// negative -> INVALID_ARGUMENT with a field violation on "page_size" (the
// ErrorInfo under `domain`, e.g. "customer.crm").
absl::StatusOr<int> NormalizePageSize(int32_t page_size, std::string_view domain = "crm");

}  // namespace crm::pagination

#endif  // CRM_LIBS_PAGINATION_PAGE_SIZE_H_
