#ifndef CRM_LIBS_STRINGS_STR_CAT_H_
#define CRM_LIBS_STRINGS_STR_CAT_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

// Debian's Abseil (20220623) is built without the std aliases, so
// absl::string_view is its own type and absl::StrCat does not accept a
// std::string_view. These wrappers convert std::string_view arguments and
// pass everything else through unchanged.
namespace crm {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

namespace strings_internal {
template <typename T>
decltype(auto) Adapt(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return ToAbsl(value);
  } else {
    return (value);
  }
}
}  // namespace strings_internal

template <typename... Parts>
std::string StrCat(const Parts&... parts) {
  return absl::StrCat(strings_internal::Adapt(parts)...);
}

template <typename... Parts>
void StrAppend(std::string* out, const Parts&... parts) {
  absl::StrAppend(out, strings_internal::Adapt(parts)...);
}

}  // namespace crm

#endif  // CRM_LIBS_STRINGS_STR_CAT_H_
