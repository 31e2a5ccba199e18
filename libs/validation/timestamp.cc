#include "libs/validation/timestamp.h"

#include <cstdint>

#include "libs/strings/str_cat.h"

namespace crm::validation {
namespace {

constexpr int64_t kMinSeconds = -62'135'596'800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z
constexpr int32_t kMaxNanos = 999'999'999;

}  // namespace

void CheckTimestamp(const google::protobuf::Timestamp& time, std::string_view field,
                    status::FieldViolations& violations) {
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": seconds ", time.seconds(),
                               " is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z (",
                               kMinSeconds, "..", kMaxSeconds, ")"));
  }
  if (time.nanos() < 0 || time.nanos() > kMaxNanos) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": nanos ", time.nanos(), " is outside 0..999999999"));
  }
}

}  // namespace crm::validation
