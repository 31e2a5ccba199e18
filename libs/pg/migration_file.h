#ifndef CRM_LIBS_PG_MIGRATION_FILE_H_
#define CRM_LIBS_PG_MIGRATION_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "libs/pg/embedded_file.h"

namespace crm::pg {

// One migration: NNNN_description.sql, where NNNN is 4 to 9 digits (the
// version) and the description is letters, digits, '_' or '-'.
struct MigrationFile {
  int version = 0;
  std::string_view name;      // the file name
  std::string_view contents;  // its SQL
  // Earlier SHA-256s of this file that databases may have recorded, from its
  // "-- replaces checksum <64 hex digits>" lines. Such a line marks an edit
  // that changes nothing for a database that already applied the file (e.g.
  // a table that moved to a library's migrations, created there IF NOT
  // EXISTS), so Migrate accepts the old checksum instead of refusing it.
  std::vector<std::string> replaced_checksums;
};

// The checksums named by `contents`' "-- replaces checksum <hex>" lines.
std::vector<std::string> ReplacedChecksums(std::string_view contents);

// The version in `file_name`; INVALID_ARGUMENT (DB_BAD_MIGRATION_NAME)
// naming the file when it does not follow the pattern.
absl::StatusOr<int> ParseMigrationVersion(std::string_view file_name);

// `files` ordered by version. Gaps between numbers are fine; a bad name or
// two files with one version is INVALID_ARGUMENT.
absl::StatusOr<std::vector<MigrationFile>> OrderMigrations(absl::Span<const EmbeddedFile> files);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_MIGRATION_FILE_H_
