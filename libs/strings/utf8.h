#ifndef CRM_LIBS_STRINGS_UTF8_H_
#define CRM_LIBS_STRINGS_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Small UTF-8 helpers shared by the services and libs. Input is untrusted, so
// decoding is strict: overlong forms, surrogates and values above U+10FFFF
// are rejected rather than passed on to PostgreSQL or a log line.
namespace crm {

// Decodes the code point that starts at text[*pos] and advances *pos past it.
// Returns nullopt, leaving *pos unchanged, when the bytes there are not valid
// UTF-8 (or *pos is at the end).
std::optional<char32_t> DecodeUtf8(std::string_view text, size_t* pos);

// The offset of the first byte that does not start a valid UTF-8 character,
// or std::string_view::npos when all of `text` is valid UTF-8.
size_t FirstInvalidUtf8(std::string_view text);
inline bool IsValidUtf8(std::string_view text) {
  return FirstInvalidUtf8(text) == std::string_view::npos;
}

// Appends `code_point` to `out` in UTF-8. Invalid values are not written.
void AppendUtf8(char32_t code_point, std::string* out);

// Maps full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space
// U+3000 to their ASCII counterparts; returns other code points unchanged.
// Chinese input methods produce these, and they look the same on screen.
char32_t FoldFullWidth(char32_t code_point);

// How a code point is shown in a message: 'X' when printable, U+000A
// otherwise, so a message never carries raw control characters.
std::string QuoteCodePoint(char32_t code_point);

// True for C0 controls, DEL and C1 controls.
bool IsControl(char32_t code_point);

}  // namespace crm

#endif  // CRM_LIBS_STRINGS_UTF8_H_
