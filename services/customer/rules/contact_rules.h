#ifndef CRM_SERVICES_CUSTOMER_RULES_CONTACT_RULES_H_
#define CRM_SERVICES_CUSTOMER_RULES_CONTACT_RULES_H_

#include <optional>
#include <string>
#include <string_view>

// Checks for a contact's phone, e-mail and WeChat id. Each returns nullopt
// when the value is acceptable, otherwise a message naming what is wrong.
namespace crm::customer {

// The stored form of a mainland mobile number: white space (ASCII and U+3000)
// and '-' removed, full-width digits folded, and a leading +86 / 0086 dropped.
// "+86 138-1234-5678" -> "13812345678". Anything else is kept for the check.
std::string NormalizeMobilePhone(std::string_view raw);

// Mainland China mobile number: after NormalizeMobilePhone, 11 digits, the
// first 1 and the second 3–9.
std::optional<std::string> MobilePhoneError(std::string_view phone);

// Pragmatic RFC 5321 address: one '@'; a local part of at most 64 characters
// of letters, digits, . and !#$%&'*+/=?^_`{|}~- (no leading, trailing or
// double dot; no quoted forms); a domain of at most 253 characters with a dot,
// labels of letters, digits and hyphens (not at either end) up to 63
// characters, a top-level label that is not all digits; at most 254 in all.
// ASCII only: internationalised domains must be written in punycode (xn--).
std::optional<std::string> EmailError(std::string_view email);

// A WeChat id (微信号): 6–20 characters, a letter first, then letters, digits,
// '_' or '-'. A mainland mobile number is also accepted, since WeChat lets
// people use their phone number as their id.
std::optional<std::string> WechatIdError(std::string_view wechat);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_CONTACT_RULES_H_
