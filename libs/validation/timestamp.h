#ifndef CRM_LIBS_VALIDATION_TIMESTAMP_H_
#define CRM_LIBS_VALIDATION_TIMESTAMP_H_

#include <string_view>

#include "google/protobuf/timestamp.pb.h"
#include "libs/status/status.h"

namespace crm::validation {

// Adds a violation under `field` unless `time` is a valid
// google.protobuf.Timestamp: seconds from 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z and nanos from 0 to 999,999,999 (timestamp.proto's own
// rule; PostgreSQL and absl::Time agree on nothing outside it).
void CheckTimestamp(const google::protobuf::Timestamp& time, std::string_view field,
                    status::FieldViolations& violations);

}  // namespace crm::validation

#endif  // CRM_LIBS_VALIDATION_TIMESTAMP_H_
