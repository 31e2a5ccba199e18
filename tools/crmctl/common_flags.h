#ifndef CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_
#define CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
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

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_COMMON_FLAGS_H_
