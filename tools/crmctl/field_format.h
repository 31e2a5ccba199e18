#ifndef CRM_TOOLS_CRMCTL_FIELD_FORMAT_H_
#define CRM_TOOLS_CRMCTL_FIELD_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "google/protobuf/timestamp.pb.h"

namespace crm::crmctl {

// RFC 3339 in the terminal's time zone, e.g. 2024-05-06T09:30:00+08:00;
// empty when unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& time);

// `name` without `prefix`, for table columns: "orgUnits/sub-east" ->
// "sub-east". Key-value blocks and JSON keep full names.
std::string WithoutPrefix(std::string_view name, std::string_view prefix);

// A count with thousands separated for people: 50000 -> "50,000".
std::string GroupDigits(int64_t count);

// `value` rounded to `decimals` places: (0.8666, 2) -> "0.87".
std::string FormatDecimal(double value, int decimals);

// A percentage 0-100 with one decimal: 87.54 -> "87.5%".
std::string FormatPercent(double percent);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_FIELD_FORMAT_H_
