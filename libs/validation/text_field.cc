#include "libs/validation/text_field.h"

#include <optional>
#include <string>

#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"

namespace crm::validation {
namespace {

constexpr char32_t kIdeographicSpace = 0x3000;

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\v' || c == U'\f' || c == U'\r' ||
         c == kIdeographicSpace;
}

bool AllowedControl(char32_t c, Lines lines) {
  return lines == Lines::kMulti && (c == U'\n' || c == U'\r' || c == U'\t');
}

// What is wrong with the characters of `value`, or nullopt; counts them into
// `count`.
std::optional<std::string> CharacterError(std::string_view value, std::string_view field,
                                          Lines lines, size_t& count) {
  size_t pos = 0;
  while (pos < value.size()) {
    const size_t start = pos;
    const std::optional<char32_t> c = DecodeUtf8(value, &pos);
    if (!c.has_value()) {
      return crm::StrCat(field, ": not valid UTF-8 (byte ", start + 1, ")");
    }
    ++count;
    if (IsControl(*c) && !AllowedControl(*c, lines)) {
      return crm::StrCat(field, ": control character ", QuoteCodePoint(*c), " at position ", count,
                         " is not allowed");
    }
  }
  return std::nullopt;
}

}  // namespace

bool IsBlank(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const std::optional<char32_t> c = DecodeUtf8(text, &pos);
    if (!c.has_value() || !IsSpace(*c)) return false;
  }
  return true;
}

void CheckText(std::string_view value, std::string_view field, size_t min_chars, size_t max_chars,
               Lines lines, status::FieldViolations& violations) {
  size_t count = 0;
  if (std::optional<std::string> error = CharacterError(value, field, lines, count)) {
    violations.Add(std::string(field), *std::move(error));
  } else if (min_chars > 0 && IsBlank(value)) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": required (", min_chars, "-", max_chars, " characters)"));
  } else if (count < min_chars) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": at least ", min_chars, " characters, got ", count));
  } else if (count > max_chars) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": at most ", max_chars, " characters, got ", count));
  }
}

}  // namespace crm::validation
