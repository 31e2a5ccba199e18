#ifndef CRM_SERVICES_CUSTOMER_RULES_HOMOPHONES_H_
#define CRM_SERVICES_CUSTOMER_RULES_HOMOPHONES_H_

#include <string_view>

namespace crm::customer {

// Whether two characters share a Mandarin reading, tones aside (信/鑫/新
// xin, 华/骅 hua, 祎/易 yi), so that a clerk typing pinyin picks one for the
// other. Any CJK ideograph the Unihan readings cover (MandarinReadings); a
// polyphone (行 xing/hang) sounds like both readings. A character sounds like
// itself; one without a reading only like itself.
bool SoundAlike(char32_t a, char32_t b);

// The two trade-name keys differ by exactly one substituted character, and
// those two sound alike. False for any other pair (equal, an insertion or a
// deletion, two or more edits).
bool DifferByOneHomophone(std::string_view a, std::string_view b);

// The two keys differ by exactly one substituted character (any).
bool DifferByOneSubstitution(std::string_view a, std::string_view b);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_HOMOPHONES_H_
