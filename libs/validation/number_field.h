#ifndef CRM_LIBS_VALIDATION_NUMBER_FIELD_H_
#define CRM_LIBS_VALIDATION_NUMBER_FIELD_H_

#include <cstdint>
#include <string_view>

#include "libs/status/status.h"

namespace crm::validation {

// Adds a violation under `field` unless min <= value <= max:
//   "stage_model.stages[2].probability: 120 is above 100"
//   "opportunity.probability: -1 is below 0"
void CheckRange(int64_t value, int64_t min, int64_t max, std::string_view field,
                status::FieldViolations& violations);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_NUMBER_FIELD_H_
