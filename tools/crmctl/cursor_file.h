#ifndef CRM_TOOLS_CRMCTL_CURSOR_FILE_H_
#define CRM_TOOLS_CRMCTL_CURSOR_FILE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace crm::crmctl {

// The file `customer changes --cursor-file` keeps the change feed's cursor
// in, so a job run from cron resumes where the last run stopped.

// The cursor in `path`, without surrounding blanks and line breaks; nullopt
// when the file does not exist yet (the first run). A file holding no cursor
// is an error rather than a reason to start over.
absl::StatusOr<std::optional<std::string>> ReadCursorFile(const std::string& path);

// Replaces the cursor in `path` in one step: written to a temporary file
// beside it, synced and renamed over it, so a reader (or the next run after
// a crash) sees the old cursor or the new one, never half of one. The file is
// readable by its owner only, as mkstemp creates it.
absl::Status SaveCursorFile(const std::string& path, std::string_view cursor);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CURSOR_FILE_H_
