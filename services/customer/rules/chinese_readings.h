#ifndef CRM_SERVICES_CUSTOMER_RULES_CHINESE_READINGS_H_
#define CRM_SERVICES_CUSTOMER_RULES_CHINESE_READINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace crm::customer {

// Mandarin readings of CJK characters, tones dropped, generated at build
// time from the Unicode Character Database's Unihan_Readings.txt (field
// kMandarin; Debian's unicode-data package) by gen_chinese_readings.py.

// The readings of `c`, the most common first ("xing", "hang" for 行);
// empty for a character Unihan gives none (or not a CJK ideograph).
std::vector<std::string_view> MandarinReadings(char32_t c);

// A key that sounds the same for names a clerk typing pinyin may confuse:
// each character of `key` (a folded key, UTF-8) replaced by its first
// reading followed by '.', characters without a reading kept as they are.
// 华信 -> "hua.xin.", 骅鑫 -> "hua.xin.", 柳钛 and 柳太 -> "liu.tai.".
std::string SoundKey(std::string_view key);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_CHINESE_READINGS_H_
