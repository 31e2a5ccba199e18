#ifndef CRM_SERVICES_CUSTOMER_RULES_TRADITIONAL_CHINESE_H_
#define CRM_SERVICES_CUSTOMER_RULES_TRADITIONAL_CHINESE_H_

#include <string>
#include <string_view>

namespace crm::customer {

// `text` with traditional characters written as simplified ones (華信能源 ->
// 华信能源), character by character, by OpenCC's t2s conversion (Debian's
// libopencc; its dictionaries are read once, on first use). Bytes that are
// not UTF-8 are dropped first. Thread-safe. Returns the text unchanged when
// OpenCC cannot be opened (its data missing): matching then misses
// traditional spellings rather than failing.
std::string ToSimplifiedChinese(std::string_view text);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_TRADITIONAL_CHINESE_H_
