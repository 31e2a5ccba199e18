#include "services/customer/rules/traditional_chinese.h"

#include <opencc/opencc.h>

#include <optional>

#include "absl/container/flat_hash_map.h"
#include "libs/strings/utf8.h"

namespace crm::customer {
namespace {

using Simplified = absl::flat_hash_map<char32_t, char32_t>;

// The CJK ideograph blocks a company name may hold (as name_normalizer keeps).
constexpr std::pair<char32_t, char32_t> kIdeographBlocks[] = {
    {0x3400, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2FA1F}};

// Every ideograph that t2s writes as another one, asked of OpenCC once: one
// line per character, so its phrase dictionary never joins two of them. A
// name then converts by lookups, without OpenCC or a lock, and a name with no
// traditional character (almost all) is returned as it is.
Simplified BuildTable() {
  Simplified table;
  std::string lines;
  for (const auto& [first, last] : kIdeographBlocks) {
    for (char32_t c = first; c <= last; ++c) {
      AppendUtf8(c, &lines);
      lines += '\n';
    }
  }
  const opencc_t converter = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (converter == reinterpret_cast<opencc_t>(-1)) return table;  // no data: convert nothing
  char* converted = opencc_convert_utf8(converter, lines.data(), lines.size());
  if (converted != nullptr) {
    const std::string_view out(converted);
    size_t in_pos = 0, out_pos = 0;
    while (in_pos < lines.size() && out_pos < out.size()) {
      const size_t in_end = lines.find('\n', in_pos), out_end = out.find('\n', out_pos);
      if (out_end == std::string_view::npos) break;
      size_t a = in_pos, b = out_pos;
      const std::optional<char32_t> from = DecodeUtf8(lines, &a);
      const std::optional<char32_t> to = DecodeUtf8(out, &b);
      // One character for one: anything else (never seen in t2s) is left alone.
      if (from && to && a == in_end && b == out_end && *from != *to) table[*from] = *to;
      in_pos = in_end + 1;
      out_pos = out_end + 1;
    }
    opencc_convert_utf8_free(converted);
  }
  opencc_close(converter);
  // t2s maps a few characters to one it maps again (薴 -> 苧 -> 苎): keep the
  // last, so that converting twice changes nothing.
  for (auto& [from, to] : table) {
    for (int step = 0; step < 4 && table.contains(to); ++step) to = table.at(to);
  }
  return table;
}

const Simplified& Table() {
  // Never destroyed: read until exit.
  static const Simplified* const table = []() -> const Simplified* {
    try {
      return new Simplified(BuildTable());
    } catch (...) {  // OpenCC's C++ core throws on broken data: match without it
      return new Simplified();
    }
  }();
  return *table;
}

}  // namespace

std::string ToSimplifiedChinese(std::string_view text) {
  const Simplified& table = Table();
  bool changes = false;
  size_t pos = 0;
  while (pos < text.size() && !changes) {
    const std::optional<char32_t> c = DecodeUtf8(text, &pos);
    if (!c.has_value()) {
      changes = true;  // a bad byte goes
      break;
    }
    changes = table.contains(*c);
  }
  if (!changes) return std::string(text);

  std::string out;
  out.reserve(text.size());
  pos = 0;
  while (pos < text.size()) {
    const std::optional<char32_t> c = DecodeUtf8(text, &pos);
    if (!c.has_value()) {
      ++pos;
      continue;
    }
    const auto simplified = table.find(*c);
    AppendUtf8(simplified != table.end() ? simplified->second : *c, &out);
  }
  return out;
}

}  // namespace crm::customer
