#include "libs/strings/quote.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/strings/utf8.h"

namespace crm {
namespace {

// Appends the character or stray byte at text[*pos] as a message shows it,
// and advances *pos past it.
void AppendShown(std::string_view text, size_t* pos, std::string* out) {
  const std::optional<char32_t> c = DecodeUtf8(text, pos);
  if (!c.has_value()) {
    absl::StrAppendFormat(out, "\\x%02X", static_cast<unsigned char>(text[*pos]));
    ++*pos;
  } else if (IsControl(*c)) {
    absl::StrAppendFormat(out, "U+%04X", static_cast<uint32_t>(*c));
  } else {
    AppendUtf8(*c, out);
  }
}

// Moves *pos past one character, or one byte that is not UTF-8.
void Skip(std::string_view text, size_t* pos) {
  if (!DecodeUtf8(text, pos).has_value()) ++*pos;
}

}  // namespace

std::string Quote(std::string_view input, size_t max_chars) {
  std::string out = "'";
  size_t pos = 0;
  size_t shown = 0;
  while (pos < input.size() && shown < max_chars) {
    AppendShown(input, &pos, &out);
    ++shown;
  }
  if (pos == input.size()) {
    out.push_back('\'');
    return out;
  }
  size_t total = shown;
  while (pos < input.size()) {
    Skip(input, &pos);
    ++total;
  }
  absl::StrAppend(&out, "…' (", total, " characters)");
  return out;
}

std::string_view CutUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    Skip(text, &next);
    if (next > max_bytes) break;
    pos = next;
  }
  return text.substr(0, pos);
}

}  // namespace crm
