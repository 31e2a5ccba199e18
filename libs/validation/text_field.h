#ifndef CRM_LIBS_VALIDATION_TEXT_FIELD_H_
#define CRM_LIBS_VALIDATION_TEXT_FIELD_H_

#include <cstddef>
#include <string_view>

#include "libs/status/status.h"

// Free-text fields of opportunities and activities. Lengths are in characters
// (code points), because that is what a person counts: 200 characters of
// Chinese are 600 bytes.
namespace crm::validation {

// Whether a field is one line (a title, a code) or may hold line breaks and
// tabs (a summary, a background).
enum class Lines { kSingle, kMulti };

// True when `text` is empty or only ASCII white space and ideographic spaces
// (U+3000), which a person does not see as content.
bool IsBlank(std::string_view text);

// Adds one violation under `field` unless `value` is valid UTF-8 of
// `min_chars` to `max_chars` characters without control characters (kMulti
// allows \n, \r and \t). With min_chars > 0 a blank value is "required".
//   "opportunity.title: at most 200 characters, got 201"
void CheckText(std::string_view value, std::string_view field, size_t min_chars, size_t max_chars,
               Lines lines, status::FieldViolations& violations);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_TEXT_FIELD_H_
