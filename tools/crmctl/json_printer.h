#ifndef CRM_TOOLS_CRMCTL_JSON_PRINTER_H_
#define CRM_TOOLS_CRMCTL_JSON_PRINTER_H_

#include <ostream>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace crm::crmctl {

// Prints `message` as one JSON document for scripts, with the proto field
// names (legal_name, not legalName) that filters and update masks use.
// Fields at their default value are left out, as proto3 JSON does.
absl::Status PrintJson(const google::protobuf::Message& message, std::ostream& out);

// The same on one line, for JSON lines (one document per line) that a script
// reads as they come.
absl::Status PrintJsonLine(const google::protobuf::Message& message, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_JSON_PRINTER_H_
