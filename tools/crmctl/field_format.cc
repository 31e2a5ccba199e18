#include "tools/crmctl/field_format.h"

#include <cstdio>

#include "absl/time/time.h"

namespace crm::crmctl {

std::string FormatTimestamp(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  const absl::Time instant =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  return absl::FormatTime(absl::RFC3339_sec, instant, absl::LocalTimeZone());
}

std::string WithoutPrefix(std::string_view name, std::string_view prefix) {
  if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  return std::string(name);
}

std::string GroupDigits(int64_t count) {
  const std::string digits = std::to_string(count);
  const size_t first = digits.front() == '-' ? 1 : 0;
  std::string grouped = digits.substr(0, first);
  for (size_t i = first; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

std::string FormatDecimal(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string FormatPercent(double percent) { return FormatDecimal(percent, 1) + "%"; }

}  // namespace crm::crmctl
