#ifndef CRM_LIBS_VALIDATION_NUMBER_RANGE_H_
#define CRM_LIBS_VALIDATION_NUMBER_RANGE_H_

#include <string_view>

#include "libs/status/status.h"

namespace crm::validation {

// Adds a violation under `field` unless `value` is a finite number from `min`
// to `max` inclusive. NaN compares false with everything, so a plain range
// check lets it through; this does not.
void CheckFiniteInRange(double value, double min, double max, std::string_view field,
                        status::FieldViolations& violations);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_NUMBER_RANGE_H_
