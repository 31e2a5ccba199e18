// The company-name normaliser and its match keys on any input: every key
// holds only the characters a key keeps (a-z, 0-9, CJK ideographs) and is
// valid UTF-8, normalising a result again changes nothing, spellings that
// differ only in spaces, full-width forms or letter case give the same keys,
// and the one-edit keys and the distance agree with each other. Traditional
// characters key as their simplified forms; the region code is a GB/T 2260
// code or empty, the industry ends the trade name, and a trade name of two
// or more characters has a sound key.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/customer/rules/name_normalizer.h"
#include "services/customer/rules/traditional_chinese.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::fuzz::DecodeStrictUtf8;
namespace rules = crm::customer;

bool IsKeyCharacter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

void CheckKey(std::string_view key, const char* what) {
  const std::optional<std::u32string> text = DecodeStrictUtf8(key);
  FUZZ_CHECK(text.has_value(), "%s is not valid UTF-8", what);
  for (const char32_t c : *text) {
    FUZZ_CHECK(IsKeyCharacter(c), "%s holds U+%04X", what, static_cast<unsigned>(c));
  }
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The same name as typed another way: Latin letters and digits full-width
// or in the other case, a space or an ideographic space between characters
// (never inside a bracket, whose content names a region).
std::string Respelled(const std::u32string& name, uint8_t seed) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    char32_t c = name[i];
    const bool flip = ((seed >> (i % 8)) & 1) != 0;
    if (c == U'(' || c == 0xFF08) ++depth;
    if (c == U')' || c == 0xFF09) depth = std::max(0, depth - 1);
    if (flip && c >= U'a' && c <= U'z')
      c = c - U'a' + U'A';
    else if (flip && c >= U'A' && c <= U'Z')
      c = c - U'A' + U'a';
    if (!flip &&
        ((c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z'))) {
      c = c - 0x21 + 0xFF01;  // full-width form
    }
    AppendUtf8(c, out);
    if (depth == 0 && flip) out += (i % 2 == 0) ? " " : "\u3000";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A legal name has at most 100 characters (400 bytes); keys of much longer
  // text are quadratic to check and never indexed.
  if (size > 1024) return 0;
  const std::string_view name = crm::fuzz::AsText(data, size);
  const rules::NormalizedName normalized = rules::NormalizeCompanyName(name);
  CheckKey(normalized.full, "full");
  CheckKey(normalized.trade, "trade");
  CheckKey(normalized.region, "region");
  CheckKey(normalized.head, "head");
  FUZZ_CHECK(normalized.branch || normalized.head.empty());
  FUZZ_CHECK(!normalized.branch || normalized.legal_form);
  FUZZ_CHECK(normalized.region_code.empty() ||
                 (normalized.region_code.size() == 6 &&
                  std::all_of(normalized.region_code.begin(), normalized.region_code.end(),
                              [](char c) { return c >= '0' && c <= '9'; })),
             "region code '%s'", normalized.region_code.c_str());
  CheckKey(normalized.industry, "industry");
  FUZZ_CHECK(normalized.industry.size() < normalized.trade.size() || normalized.industry.empty());
  FUZZ_CHECK(std::string_view(normalized.trade).ends_with(normalized.industry));

  // Normalising what came out changes nothing (unless it names a branch,
  // whose marker then comes off).
  const rules::NormalizedName again = rules::NormalizeCompanyName(normalized.full);
  if (!normalized.branch && !again.branch) {
    FUZZ_CHECK(again.full == normalized.full, "'%s' became '%s'", normalized.full.c_str(),
               again.full.c_str());
  }

  const rules::MatchKeys keys = rules::MatchKeysOf(name);
  FUZZ_CHECK(keys.name == normalized.full && keys.trade == normalized.trade);
  const size_t trade_length = rules::KeyLength(keys.trade);
  FUZZ_CHECK(keys.sound.empty() == (trade_length < 2), "trade '%s' sound '%s'", keys.trade.c_str(),
             keys.sound.c_str());
  // Every edit key is a reading's trade name or that with one character less
  // (a region that reads two ways keys both readings).
  std::vector<std::string> trades = {keys.trade};
  if (!normalized.other_trade.empty()) {
    CheckKey(normalized.other_trade, "other trade");
    FUZZ_CHECK(normalized.other_trade != normalized.trade);
    trades.push_back(normalized.other_trade);
  }
  FUZZ_CHECK(std::is_sorted(keys.edit_keys.begin(), keys.edit_keys.end()));
  FUZZ_CHECK(std::adjacent_find(keys.edit_keys.begin(), keys.edit_keys.end()) ==
             keys.edit_keys.end());
  for (const std::string& trade : trades) {
    const bool keyed =
        std::find(keys.edit_keys.begin(), keys.edit_keys.end(), trade) != keys.edit_keys.end();
    FUZZ_CHECK(keyed == (rules::KeyLength(trade) >= 3), "trade '%s'", trade.c_str());
  }
  for (const std::string& key : keys.edit_keys) {
    CheckKey(key, "edit key");
    const size_t length = rules::KeyLength(key);
    bool near_a_trade = false;
    for (const std::string& trade : trades) {
      const size_t characters = rules::KeyLength(trade);
      if (characters < 3 || (length != characters && length + 1 != characters)) continue;
      // Quadratic per key: only for names as long as a legal name may be.
      near_a_trade = near_a_trade || characters > 100 ||
                     rules::KeyDistance(trade, key) == (key == trade ? 0 : 1);
    }
    FUZZ_CHECK(near_a_trade, "edit key '%s'", key.c_str());
  }

  // Distances: zero to itself, symmetric, capped. Keys are names of at most
  // 100 characters; longer ones only make this quadratic check slow.
  const std::string_view keyish = name.substr(0, 512);
  const size_t half = keyish.size() / 2;
  const std::string_view a = keyish.substr(0, half), b = keyish.substr(half);
  FUZZ_CHECK(rules::KeyDistance(a, a) == 0);
  const int ab = rules::KeyDistance(a, b), ba = rules::KeyDistance(b, a);
  FUZZ_CHECK(ab == ba, "%d vs %d", ab, ba);
  FUZZ_CHECK(ab >= 0 && ab <= 3);

  // Its simplified spelling keys the same, and simplifying twice changes nothing.
  const std::string simplified = rules::ToSimplifiedChinese(name);
  FUZZ_CHECK(rules::ToSimplifiedChinese(simplified) == simplified);
  const rules::MatchKeys simple = rules::MatchKeysOf(simplified);
  FUZZ_CHECK(simple.name == keys.name && simple.trade == keys.trade && simple.sound == keys.sound,
             "'%s' keys '%s', simplified '%s' keys '%s'", std::string(name).c_str(),
             keys.name.c_str(), simplified.c_str(), simple.name.c_str());

  // Another spelling of a valid name keys the same.
  if (const std::optional<std::u32string> text = DecodeStrictUtf8(name); text.has_value()) {
    const std::string respelled = Respelled(*text, size > 0 ? data[0] : 0);
    const rules::MatchKeys other = rules::MatchKeysOf(respelled);
    FUZZ_CHECK(other.name == keys.name && other.trade == keys.trade && other.head == keys.head &&
                   other.sound == keys.sound,
               "'%s' keys '%s'/'%s', '%s' keys '%s'/'%s'", std::string(name).c_str(),
               keys.name.c_str(), keys.trade.c_str(), respelled.c_str(), other.name.c_str(),
               other.trade.c_str());
  }
  return 0;
}
