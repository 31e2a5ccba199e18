#ifndef CRM_SERVICES_CUSTOMER_RULES_INDUSTRY_WORDS_H_
#define CRM_SERVICES_CUSTOMER_RULES_INDUSTRY_WORDS_H_

#include <cstddef>
#include <string_view>

namespace crm::customer {

// Words that name a line of business at the end of a trade name (华信能源,
// 哲祥市政工程, 海帆超市): what follows the 字号. A short form such as 华信
// matches 华信能源 better than 华信达物流, since there 能源 is the whole rest.

// Characters of the longest industry word (or chain of them, 信息技术服务)
// that ends `trade`; 0 when none does. Never the whole of `trade`.
size_t TrailingIndustryLength(std::u32string_view trade);

// Whether `text` is one industry word or a chain of them.
bool IsIndustryWords(std::u32string_view text);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_INDUSTRY_WORDS_H_
