#ifndef CRM_LIBS_VALIDATION_REPEATED_COUNT_H_
#define CRM_LIBS_VALIDATION_REPEATED_COUNT_H_

#include <cstddef>
#include <string_view>

#include "libs/status/status.h"

namespace crm::validation {

// Adds a violation under `field` unless a repeated field holds from `min` to
// `max` values. Every repeated field of a request has a bound, so one request
// cannot make a service do unbounded work (or probe thousands of values).
void CheckCount(int size, size_t min, size_t max, std::string_view field,
                status::FieldViolations& violations);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_REPEATED_COUNT_H_
