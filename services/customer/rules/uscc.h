#ifndef CRM_SERVICES_CUSTOMER_RULES_USCC_H_
#define CRM_SERVICES_CUSTOMER_RULES_USCC_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// The unified social credit code (统一社会信用代码), GB 32100-2015:
//   position 1      registration authority (登记管理部门), e.g. 9 = market regulation
//   position 2      organisation category within that authority, e.g. 1 = enterprise
//   positions 3–8   GB/T 2260 region of the registering office
//   positions 9–17  organisation code (主体标识码)
//   position 18     check character over positions 1–17
// Positions in messages count from 1, as the standard does.
namespace crm::customer {

inline constexpr size_t kUsccLength = 18;

// The 31 characters a code may contain: digits and letters without I O Z S V.
inline constexpr std::string_view kUsccCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Trims white space (ASCII and U+3000), folds full-width digits and letters
// to ASCII and upper-cases, so 91110000600037341l and ９１１… both validate.
std::string NormalizeUscc(std::string_view raw);

// The check character for the first 17 characters of a code:
// 31 - (sum of value(c_i) * 3^i mod 31) mod 31, with 31 written as '0'.
// Returns '\0' when `first17` is not 17 characters of kUsccCharacters.
char ExpectedCheckCharacter(std::string_view first17);

// Why `uscc` (already normalised) is not a valid code, or nullopt when it is.
// Checks length, characters, registration authority and category, region
// digits and the check character, in that order, and reports the first
// problem, e.g. "uscc: check character is 'X', expected '7'".
std::optional<std::string> UsccError(std::string_view uscc);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_USCC_H_
