#include "tools/crmctl/field_format.h"

#include "absl/time/time.h"

namespace crm::crmctl {

std::string FormatTimestamp(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  const absl::Time instant = absl::FromUnixSeconds(time.seconds()) +
                             absl::Nanoseconds(time.nanos());
  return absl::FormatTime(absl::RFC3339_sec, instant, absl::LocalTimeZone());
}

std::string WithoutPrefix(std::string_view name, std::string_view prefix) {
  if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  return std::string(name);
}

}  // namespace crm::crmctl
