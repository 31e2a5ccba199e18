#ifndef CRM_SERVICES_CUSTOMER_RULES_CODES_H_
#define CRM_SERVICES_CUSTOMER_RULES_CODES_H_

#include <optional>
#include <string>
#include <string_view>

// National classification codes a customer record carries.
namespace crm::customer {

// True when `code` is one GB/T 4754-2017 section letter, "A" to "T"
// (upper case, as stored).
bool IsIndustrySection(std::string_view code);

// The Chinese name of a GB/T 4754-2017 section, e.g. 'C' -> 制造业; empty
// for anything else.
std::string_view IndustryName(char section);

// Why `code` is not a GB/T 2260 administrative division code, or nullopt.
// The check is structural plus the province level, because the county-level
// list changes every year and is not shipped with the service: 6 ASCII
// digits; the first two one of the 34 province-level codes; then xx0000 (a
// province), xxyy00 (a prefecture) or xxyyzz (a county, yy not 00). Taiwan,
// Hong Kong and Macao (71, 81, 82) have only their province-level code.
std::optional<std::string> RegionError(std::string_view code);

// Why `prefix` cannot start a region code, or nullopt: 1–6 digits, and when
// there are two or more, the first two a province-level code.
std::optional<std::string> RegionPrefixError(std::string_view prefix);

// The name of the province-level division of a region code, e.g. "310115"
// -> 上海市; empty when the first two characters are not one of the 34.
std::string_view ProvinceName(std::string_view code);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_CODES_H_
