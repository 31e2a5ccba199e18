#include "services/customer/rules/homophones.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "libs/strings/utf8.h"
#include "services/customer/rules/chinese_readings.h"

namespace crm::customer {
namespace {

std::u32string Characters(std::string_view utf8) {
  std::u32string text;
  size_t pos = 0;
  while (pos < utf8.size()) {
    const std::optional<char32_t> c = DecodeUtf8(utf8, &pos);
    if (!c.has_value()) break;
    text.push_back(*c);
  }
  return text;
}

// The one position where two keys of the same length differ, or -1.
int OnlyDifference(const std::u32string& x, const std::u32string& y) {
  if (x.size() != y.size()) return -1;
  int at = -1;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    if (at >= 0) return -1;
    at = static_cast<int>(i);
  }
  return at;
}

}  // namespace

bool SoundAlike(char32_t a, char32_t b) {
  if (a == b) return true;
  const std::vector<std::string_view> x = MandarinReadings(a);
  if (x.empty()) return false;
  for (const std::string_view reading : MandarinReadings(b)) {
    if (std::find(x.begin(), x.end(), reading) != x.end()) return true;
  }
  return false;
}

bool DifferByOneSubstitution(std::string_view a, std::string_view b) {
  return OnlyDifference(Characters(a), Characters(b)) >= 0;
}

bool DifferByOneHomophone(std::string_view a, std::string_view b) {
  const std::u32string x = Characters(a), y = Characters(b);
  const int at = OnlyDifference(x, y);
  return at >= 0 && SoundAlike(x[at], y[at]);
}

}  // namespace crm::customer
