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

// Tables a library defines once for every schema that uses it (the request
// log of libs/idempotency, an event outbox): its own NNNN_description.sql
// files, which write the schema as {schema} (replaced by the quoted schema
// name). Should a library's table already exist in some schema (it was once a
// service's own), its files create it IF NOT EXISTS.
struct LibraryMigrations {
  std::string_view library;  // [a-z0-9_], 1-63 characters, e.g. "request_log"
  absl::Span<const EmbeddedFile> files;
};

// As above, with the libraries' migrations applied first, in the order given
// (a service's migration may use a library's table, never the reverse), under
// the same lock, each recorded by library in <schema>.library_migrations
// (library, version, name, checksum, applied_at) with the same checks.
absl::Status Migrate(ConnectionPool& pool, std::string_view schema,
                     absl::Span<const EmbeddedFile> files,
                     absl::Span<const LibraryMigrations> libraries);

// A service's database: the pool (see ConnectionPool::Create) with the
// service's migrations applied to `schema` first when `migrate` is set.
absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    bool migrate);

// The same, with the tables of `libraries` in the schema too.
absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    absl::Span<const LibraryMigrations> libraries, bool migrate);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_MIGRATE_H_
