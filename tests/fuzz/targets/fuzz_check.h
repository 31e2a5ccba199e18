#ifndef CRM_TESTS_FUZZ_TARGETS_FUZZ_CHECK_H_
#define CRM_TESTS_FUZZ_TARGETS_FUZZ_CHECK_H_

// What the fuzz targets share: an invariant check that aborts (so libFuzzer
// keeps the input as a crash), and a strict UTF-8 reference decoder written
// apart from the code under test, so the two can disagree.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

// Aborts with the failed condition and a note (printf-style) on stderr.
#define FUZZ_CHECK(condition, ...)                                                             \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #condition); \
      std::fprintf(stderr, "" __VA_ARGS__);                                                    \
      std::fprintf(stderr, "\n");                                                              \
      std::abort();                                                                            \
    }                                                                                          \
  } while (false)

namespace crm::fuzz {

// The code points of `text`, or nullopt when it is not strict UTF-8 (no
// overlong forms, surrogates or values above U+10FFFF).
inline std::optional<std::u32string> DecodeStrictUtf8(std::string_view text) {
  std::u32string out;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<uint8_t>(text[i]);
    size_t length = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (byte < 0x80) {
      length = 1, c = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2, c = byte & 0x1F, min = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, c = byte & 0x0F, min = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, c = byte & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      c = (c << 6) | (next & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      return std::nullopt;
    }
    out.push_back(c);
    i += length;
  }
  return out;
}

inline bool IsValidUtf8(std::string_view text) { return DecodeStrictUtf8(text).has_value(); }

// True when `text` holds no C0 control, DEL or C1 control character.
inline bool HasNoControls(std::u32string_view text) {
  for (char32_t c : text) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return false;
  }
  return true;
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace crm::fuzz

#endif  // CRM_TESTS_FUZZ_TARGETS_FUZZ_CHECK_H_
