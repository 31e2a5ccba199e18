#include "libs/validation/repeated_count.h"

#include "libs/strings/str_cat.h"

namespace crm::validation {

void CheckCount(int size, size_t min, size_t max, std::string_view field,
                status::FieldViolations& violations) {
  const size_t count = size < 0 ? 0 : static_cast<size_t>(size);
  if (count == 0 && min > 0) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": required; give ", min == max ? "" : "from ", min,
                               min == max ? "" : crm::StrCat(" to ", max),
                               min == 1 && max == 1 ? " value" : " values"));
  } else if (count < min || count > max) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": ", count, " values given; ",
                               count < min ? "at least " : "at most ", count < min ? min : max));
  }
}

}  // namespace crm::validation
