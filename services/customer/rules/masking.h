#ifndef CRM_SERVICES_CUSTOMER_RULES_MASKING_H_
#define CRM_SERVICES_CUSTOMER_RULES_MASKING_H_

#include <string>
#include <string_view>

// How contacts' personal information is shown to callers who may not see it
// (PIPL). Masks count characters, not bytes, so they never split a UTF-8
// sequence, and use a fixed number of stars so the length is not revealed.
// Empty input gives empty output.
namespace crm::customer {

// "13812341234" -> "138****1234": at most the first 3 and last 4 characters
// stay, and never more than 7 of 11; shorter values show proportionally less
// and values under 4 characters are fully masked.
std::string MaskPhone(std::string_view phone);

// "zhang.san@example.com" -> "z***@example.com": the first character of the
// local part stays (none when it has only one), the domain stays. Without an
// '@' the value is masked like a WeChat id.
std::string MaskEmail(std::string_view email);

// "wxid_abc123" -> "wx****23": at most 2 leading and 2 trailing characters
// stay (one fifth of the length each), values under 5 characters become
// "****".
std::string MaskWechat(std::string_view wechat);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_MASKING_H_
