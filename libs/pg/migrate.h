#ifndef CRM_LIBS_PG_MIGRATE_H_
#define CRM_LIBS_PG_MIGRATE_H_

#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/pool.h"

namespace crm::pg {

// Brings `schema` up to date with `files` (NNNN_description.sql, see
// migration_file.h), recording each in <schema>.schema_migrations(version,
// name, checksum, applied_at). Safe to call from many processes at once:
// callers serialise on a session advisory lock derived from the schema name
// (waiting up to 10 minutes), held on a pooled connection that is closed
// afterwards so neither the lock nor its session settings outlive the call.
//
// Each pending file runs in its own transaction together with its row, with
// no statement timeout, so it must not use statements that refuse to run in a
// transaction (CREATE INDEX CONCURRENTLY); tables must be schema-qualified.
//
//   INVALID_ARGUMENT     bad schema or file name, two files with one version
//   FAILED_PRECONDITION  an applied file was edited (its SHA-256 differs), or
//                        a new file is numbered below an applied one
//   other codes          a file failed: that file is rolled back and named
//                        with its SQLSTATE (the server's text is only logged)
//
// Applied versions without a file (a newer release ran first) are accepted.
absl::Status Migrate(ConnectionPool& pool, std::string_view schema,
                     absl::Span<const EmbeddedFile> files);

// A service's database: the pool (see ConnectionPool::Create) with the
// service's migrations applied to `schema` first when `migrate` is set.
absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    bool migrate);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_MIGRATE_H_
