#include "libs/validation/number_field.h"

#include <string>

#include "libs/strings/str_cat.h"

namespace crm::validation {

void CheckRange(int64_t value, int64_t min, int64_t max, std::string_view field,
                status::FieldViolations& violations) {
  if (value < min) {
    violations.Add(std::string(field), crm::StrCat(field, ": ", value, " is below ", min));
  } else if (value > max) {
    violations.Add(std::string(field), crm::StrCat(field, ": ", value, " is above ", max));
  }
}

}  // namespace crm::validation
