#include "libs/money/format.h"

#include <algorithm>
#include <array>

#include "libs/strings/str_cat.h"

namespace crm::money {
namespace {

// Whole units with a comma every three digits, and `digits` decimals.
std::string Grouped(unsigned __int128 magnitude, bool negative, int digits) {
  unsigned __int128 scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  unsigned __int128 whole = magnitude / scale;
  unsigned __int128 fraction = magnitude % scale;

  std::string text;  // built backwards
  for (int i = 0; i < digits; ++i) {
    text.push_back(static_cast<char>('0' + static_cast<int>(fraction % 10)));
    fraction /= 10;
  }
  if (digits > 0) text.push_back('.');
  int count = 0;
  do {
    if (count > 0 && count % 3 == 0) text.push_back(',');
    text.push_back(static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
    ++count;
  } while (whole > 0);
  if (negative) text.push_back('-');
  std::reverse(text.begin(), text.end());
  return text;
}

unsigned __int128 Magnitude(int64_t value) {
  // Negating in 128 bits: −INT64_MIN does not fit in int64.
  return static_cast<unsigned __int128>(value < 0 ? -static_cast<__int128>(value) : value);
}

}  // namespace

int MinorUnitDigits(std::string_view currency_code) {
  static constexpr std::array<std::string_view, 16> kNone = {
      "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
      "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF"};
  static constexpr std::array<std::string_view, 7> kThree = {"BHD", "IQD", "JOD", "KWD",
                                                             "LYD", "OMR", "TND"};
  if (std::find(kNone.begin(), kNone.end(), currency_code) != kNone.end()) return 0;
  if (std::find(kThree.begin(), kThree.end(), currency_code) != kThree.end()) return 3;
  return 2;
}

std::string FormatMoney(const common::v1::Money& money) {
  return crm::StrCat(Grouped(Magnitude(money.minor_units()), money.minor_units() < 0,
                             MinorUnitDigits(money.currency_code())),
                     " ", money.currency_code());
}

std::string FormatWanYuan(int64_t fen) {
  // 1万元 is 1,000,000 fen; two decimals of it are 10,000 fen each.
  constexpr unsigned __int128 kFenPerHundredth = 10000;
  const unsigned __int128 hundredths = (Magnitude(fen) + kFenPerHundredth / 2) / kFenPerHundredth;
  return crm::StrCat(Grouped(hundredths, fen < 0 && hundredths > 0, 2), "万");
}

}  // namespace crm::money
