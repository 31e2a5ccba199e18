#ifndef CRM_SERVICES_CUSTOMER_RULES_TEXT_RULES_H_
#define CRM_SERVICES_CUSTOMER_RULES_TEXT_RULES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Checks for the free-text fields of customers and contacts. Lengths are in
// characters (code points), because that is what a person counts.
namespace crm::customer {

// Number of code points in `text`, or nullopt when it is not valid UTF-8.
std::optional<size_t> Utf8Length(std::string_view text);

// `text` without leading and trailing ASCII white space and full-width
// spaces (U+3000), which Chinese input methods insert.
std::string TrimSpace(std::string_view text);

// Why `value` is not acceptable for `field`, or nullopt when it is: invalid
// UTF-8, a control character (C0, DEL, C1; not even a newline), or a length
// outside [min_chars, max_chars]. Messages start with "<field>: ".
std::optional<std::string> TextError(std::string_view field, std::string_view value,
                                     size_t min_chars, size_t max_chars);

// Why `legal_name` is not a registered full name (法定全称), or nullopt: 2–100
// characters with at least one letter, and a name in Chinese must end with an
// organisation form (有限公司, 集团, 医院, 委员会, ...) so that short names such
// as 华信能源 are caught. Names in Latin script pass with two characters.
std::optional<std::string> LegalNameError(std::string_view legal_name);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_TEXT_RULES_H_
