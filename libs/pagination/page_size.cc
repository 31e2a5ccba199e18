#include "libs/pagination/page_size.h"

#include <string>

#include "libs/status/status.h"

namespace crm::pagination {

absl::StatusOr<int> NormalizePageSize(int32_t page_size, std::string_view domain) {
  if (page_size < 0) {
    status::FieldViolations violations;
    violations.Add("page_size", "must not be negative; send 0 for the default of " +
                                    std::to_string(kDefaultPageSize) + ", at most " +
                                    std::to_string(kMaxPageSize));
    return violations.ToStatus(domain);
  }
  if (page_size == 0) return kDefaultPageSize;
  if (page_size > kMaxPageSize) return kMaxPageSize;
  return page_size;
}

}  // namespace crm::pagination
