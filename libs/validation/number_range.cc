#include "libs/validation/number_range.h"

#include <cmath>

#include "absl/strings/str_format.h"
#include "libs/strings/str_cat.h"

namespace crm::validation {

void CheckFiniteInRange(double value, double min, double max, std::string_view field,
                        status::FieldViolations& violations) {
  if (std::isfinite(value) && value >= min && value <= max) return;
  violations.Add(std::string(field),
                 absl::StrFormat("%s: %g is not a number from %g to %g",
                                 absl::string_view(field.data(), field.size()), value, min, max));
}

}  // namespace crm::validation
