#include "libs/strings/utf8.h"

#include "absl/strings/str_format.h"

namespace crm {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kFullWidthFirst = 0xFF01;
constexpr char32_t kFullWidthLast = 0xFF5E;
constexpr char32_t kFullWidthOffset = 0xFEE0;
constexpr char32_t kIdeographicSpace = 0x3000;

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

bool IsSurrogate(char32_t code_point) { return code_point >= 0xD800 && code_point <= 0xDFFF; }

}  // namespace

std::optional<char32_t> DecodeUtf8(std::string_view text, size_t* pos) {
  if (*pos >= text.size()) return std::nullopt;
  const auto lead = static_cast<unsigned char>(text[*pos]);
  size_t length = 0;
  char32_t code_point = 0;
  char32_t min_value = 0;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
    min_value = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
    min_value = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
    min_value = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() - *pos < length) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[*pos + i]);
    if (!IsContinuation(byte)) return std::nullopt;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  // Overlong forms would let "/" or NUL hide inside other bytes.
  if (code_point < min_value || code_point > kMaxCodePoint || IsSurrogate(code_point)) {
    return std::nullopt;
  }
  *pos += length;
  return code_point;
}

size_t FirstInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos).has_value()) return pos;
  }
  return std::string_view::npos;
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point > kMaxCodePoint || IsSurrogate(code_point)) return;
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

char32_t FoldFullWidth(char32_t code_point) {
  if (code_point >= kFullWidthFirst && code_point <= kFullWidthLast) {
    return code_point - kFullWidthOffset;
  }
  if (code_point == kIdeographicSpace) return U' ';
  return code_point;
}

bool IsControl(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

std::string QuoteCodePoint(char32_t code_point) {
  // Spaces and controls are invisible or break a message; show them by number.
  if (IsControl(code_point) || code_point == U' ' || code_point == kIdeographicSpace) {
    return absl::StrFormat("U+%04X", static_cast<uint32_t>(code_point));
  }
  std::string quoted = "'";
  AppendUtf8(code_point, &quoted);
  quoted.push_back('\'');
  return quoted;
}

}  // namespace crm
