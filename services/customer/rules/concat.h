#ifndef CRM_SERVICES_CUSTOMER_RULES_CONCAT_H_
#define CRM_SERVICES_CUSTOMER_RULES_CONCAT_H_

#include <concepts>
#include <string>
#include <string_view>

// Debian's Abseil is built without std aliases, so absl::StrCat does not take
// std::string_view. The rules build their messages with this instead.
namespace crm::customer {

inline void AppendPart(std::string* out, std::string_view part) { out->append(part); }

inline void AppendPart(std::string* out, char part) { out->push_back(part); }

template <std::integral Int>
requires(!std::same_as<Int, char> && !std::same_as<Int, bool>) void AppendPart(std::string* out,
                                                                               Int part) {
  out->append(std::to_string(part));
}

// Concatenates strings, string views, characters and integers.
template <typename... Parts>
std::string Concat(const Parts&... parts) {
  std::string out;
  (AppendPart(&out, parts), ...);
  return out;
}

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_CONCAT_H_
