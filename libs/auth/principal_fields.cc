#include "libs/auth/principal_fields.h"

namespace crm::auth {

std::string WithPrefix(std::string_view prefix, std::string_view id) {
  if (id.starts_with(prefix)) return std::string(id);
  std::string name(prefix);
  name.append(id);
  return name;
}

void SetExpireTime(v1::Principal& principal, absl::Time expire) {
  const int64_t seconds = absl::ToUnixSeconds(expire);
  principal.mutable_expire_time()->set_seconds(seconds);
  principal.mutable_expire_time()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(expire - absl::FromUnixSeconds(seconds))));
}

}  // namespace crm::auth
