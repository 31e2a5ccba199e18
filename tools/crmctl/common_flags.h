#ifndef CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_
#define CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/command_spec.h"

namespace crm::crmctl {

// Flags several commands share, so they read and behave the same everywhere.

// --etag E: make a change conditional on the version last read.
FlagSpec EtagFlag();

// --page-size N, --page-token T, --all; with `show_deleted`, --show-deleted.
std::vector<FlagSpec> ListFlags(bool show_deleted);

// --page-size N as an integer; 0 when not given (the server's default).
absl::Status ParsePageSize(const FlagValues& flags, int32_t* page_size);

// --FLAG VALUE, required and not empty; else the usage error "--FLAG is
// required".
absl::StatusOr<std::string> RequiredFlag(const FlagValues& flags, std::string_view flag);

// What a report covers (a funnel, receivables, an aging report): exactly one
// of the flags `allowed`, each of "org-unit", "customer", "group" and
// "contract", and its value as a resource name (orgUnits/…, customers/…,
// nodes/…, contracts/…).
struct ReportSubject {
  std::string flag;  // "group"
  std::string name;  // "nodes/17"
};
absl::StatusOr<ReportSubject> ParseReportSubject(const FlagValues& flags,
                                                 const std::vector<std::string>& allowed);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_
