#include "services/customer/rules/chinese_readings.h"

#include <algorithm>
#include <optional>

#include "libs/strings/utf8.h"

// The table written at build time by gen_chinese_readings.py.
namespace crm::customer::mandarin_table {
extern const char* const kSyllables[];
extern const int kSyllableCount;
extern const char32_t kCodePoints[];
extern const unsigned short kReadings[][2];  // syllable index + 1; 0: none
extern const int kCount;
}  // namespace crm::customer::mandarin_table

namespace crm::customer {
namespace {

namespace table = mandarin_table;

// The entry of `c` in the sorted table, or -1.
int EntryOf(char32_t c) {
  const char32_t* end = table::kCodePoints + table::kCount;
  const char32_t* found = std::lower_bound(table::kCodePoints, end, c);
  if (found == end || *found != c) return -1;
  return static_cast<int>(found - table::kCodePoints);
}

std::string_view Syllable(unsigned short index_plus_one) {
  return table::kSyllables[index_plus_one - 1];
}

}  // namespace

std::vector<std::string_view> MandarinReadings(char32_t c) {
  std::vector<std::string_view> readings;
  const int entry = EntryOf(c);
  if (entry < 0) return readings;
  for (const unsigned short reading : table::kReadings[entry]) {
    if (reading != 0) readings.push_back(Syllable(reading));
  }
  return readings;
}

std::string SoundKey(std::string_view key) {
  std::string sound;
  sound.reserve(key.size() * 2);
  size_t pos = 0;
  while (pos < key.size()) {
    const size_t start = pos;
    const std::optional<char32_t> c = DecodeUtf8(key, &pos);
    if (!c.has_value()) {  // not UTF-8: kept byte by byte, as it is
      sound.push_back(key[pos++]);
      continue;
    }
    const int entry = EntryOf(*c);
    if (entry < 0) {
      sound.append(key.substr(start, pos - start));
      continue;
    }
    sound.append(Syllable(table::kReadings[entry][0]));
    sound.push_back('.');
  }
  return sound;
}

}  // namespace crm::customer
