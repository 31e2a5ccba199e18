#ifndef CRM_LIBS_STRINGS_QUOTE_H_
#define CRM_LIBS_STRINGS_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

// Caller input shown in an error message or a field violation. Errors travel
// in trailers that a client must be able to decode and that have a size
// limit, so an echoed value is bounded, valid UTF-8 and free of controls.
namespace crm {

// How many characters of a value an error quotes by default.
inline constexpr size_t kQuotedChars = 40;

// `input` in single quotes, at most `max_chars` characters of it, cut on a
// character boundary. A cut value ends in "…" and states its full length:
//   Quote("abcdef", 3) == "'abc…' (6 characters)"
// Bytes that are not UTF-8 are shown as \xC3, controls as U+000A; each counts
// as one character. The result is always valid UTF-8.
std::string Quote(std::string_view input, size_t max_chars = kQuotedChars);

// The longest prefix of `text` of at most `max_bytes` bytes that does not
// split a UTF-8 character (a byte that is not UTF-8 counts as one character).
std::string_view CutUtf8(std::string_view text, size_t max_bytes);

}  // namespace crm

#endif  // CRM_LIBS_STRINGS_QUOTE_H_
