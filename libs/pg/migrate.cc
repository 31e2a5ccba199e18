#include "libs/pg/migrate.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "libs/crypto/crypto.h"
#include "libs/log/log.h"
#include "libs/pg/error.h"
#include "libs/pg/migration_file.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/nontransaction"
#include "pqxx/result"
#include "pqxx/transaction"

namespace crm::pg {
namespace {

// Long migrations of another starter are waited for, hung ones are not.
constexpr absl::Duration kLockWait = absl::Minutes(10);
constexpr size_t kMaxIdentifierLength = 63;

// $0 is the quoted schema name.
constexpr char kSchemaExists[] = "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1";
constexpr char kCreateSchema[] = "CREATE SCHEMA IF NOT EXISTS $0";
constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS $0.schema_migrations ("
    "version integer PRIMARY KEY, "
    "name text NOT NULL, "
    "checksum text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now())";
constexpr char kSelectApplied[] =
    "SELECT version, name, checksum FROM $0.schema_migrations ORDER BY version";
constexpr char kInsertApplied[] =
    "INSERT INTO $0.schema_migrations (version, name, checksum) "
    "VALUES ($$1, $$2, $$3)";
constexpr char kCreateLibraryTable[] =
    "CREATE TABLE IF NOT EXISTS $0.library_migrations ("
    "library text NOT NULL, "
    "version integer NOT NULL, "
    "name text NOT NULL, "
    "checksum text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now(), "
    "PRIMARY KEY (library, version))";
constexpr char kSelectLibraryApplied[] =
    "SELECT version, name, checksum FROM $0.library_migrations WHERE library = $$1 "
    "ORDER BY version";
constexpr char kInsertLibraryApplied[] =
    "INSERT INTO $0.library_migrations (library, version, name, checksum) "
    "VALUES ($$1, $$2, $$3, $$4)";
// How a library's file names the schema it is applied to.
constexpr char kSchemaPlaceholder[] = "{schema}";
constexpr char kLock[] = "SELECT pg_catalog.pg_advisory_lock($1)";
constexpr char kUnlock[] = "SELECT pg_catalog.pg_advisory_unlock($1)";

struct AppliedMigration {
  std::string name;
  std::string checksum;
};

// One numbered sequence of files in a schema: the service's own, or one
// library's.
struct Track {
  std::string library;  // "" for the service's own files
  std::vector<MigrationFile> files;

  // "0001_x.sql" for the service's own, "request_log/0001_x.sql" for a library's.
  std::string Label(const MigrationFile& file) const {
    return library.empty() ? std::string(file.name) : crm::StrCat(library, "/", file.name);
  }
};

bool IsValidSchemaName(std::string_view schema) {
  if (schema.empty() || schema.size() > kMaxIdentifierLength) return false;
  if (absl::ascii_isdigit(static_cast<unsigned char>(schema[0]))) return false;
  for (char c : schema) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

// A stable 64-bit key per schema, the same in every process.
int64_t LockKey(std::string_view schema) {
  const std::string hex = crypto::Sha256Hex(crm::StrCat("crm.migrate:", schema));
  uint64_t key = 0;
  std::from_chars(hex.data(), hex.data() + 16, key, 16);
  return static_cast<int64_t>(key);
}

// Runs the steps of one Migrate() call on one connection.
class Migrator final {
 public:
  Migrator(pqxx::connection& conn, std::string_view schema)
      : conn_(conn),
        schema_(schema),
        quoted_(crm::StrCat("\"", schema, "\"")),
        lock_key_(LockKey(schema)) {}

  absl::Status Run(const std::vector<Track>& tracks) {
    if (absl::Status s = Lock(); !s.ok()) return s;
    if (absl::Status s = EnsureTables(tracks.size() > 1); !s.ok()) return s;
    std::vector<std::map<int, AppliedMigration>> applied;
    for (const Track& track : tracks) {
      absl::StatusOr<std::map<int, AppliedMigration>> done = ReadApplied(track);
      if (!done.ok()) return done.status();
      if (absl::Status s = Check(track, *done); !s.ok()) return s;
      applied.push_back(*std::move(done));
    }
    int count = 0;
    for (size_t i = 0; i < tracks.size(); ++i) {
      for (const MigrationFile& file : tracks[i].files) {
        if (applied[i].contains(file.version)) continue;
        if (absl::Status s = Apply(tracks[i], file); !s.ok()) return s;
        ++count;
      }
    }
    Unlock();
    log::Info("schema up to date", {{"schema", schema_}, {"applied_now", crm::StrCat(count)}});
    return absl::OkStatus();
  }

 private:
  absl::Status Lock() {
    try {
      pqxx::nontransaction session(conn_);
      session.exec0(crm::StrCat("SET statement_timeout = ", absl::ToInt64Milliseconds(kLockWait)));
      session.exec_params(kLock, lock_key_);
      // Migrations may rightly run long (a backfill, an index build).
      session.exec0("SET statement_timeout = 0");
      locked_pid_ = conn_.backendpid();
      return absl::OkStatus();
    } catch (const std::exception& e) {
      absl::Status status = ToStatus(e, crm::StrCat("migrate ", schema_, ": lock"));
      if (status.code() != absl::StatusCode::kDeadlineExceeded) return status;
      return status::Error(absl::StatusCode::kDeadlineExceeded, kErrorDomain,
                           "DB_MIGRATION_LOCK_TIMEOUT",
                           crm::StrCat("timed out waiting for another migration of schema ",
                                       schema_, "; check for a stuck migrator"),
                           {{"schema", schema_}});
    }
  }

  void Unlock() {
    try {
      pqxx::nontransaction session(conn_);
      session.exec_params(kUnlock, lock_key_);
    } catch (const std::exception& e) {
      // Closing the connection (the caller's lease is marked broken) frees it.
      log::Warn("advisory unlock failed", {{"schema", schema_}, {"error", e.what()}});
    }
  }

  absl::Status EnsureTables(bool with_libraries) {
    try {
      pqxx::work tx(conn_);
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs the database's
      // CREATE privilege even when the schema exists.
      if (tx.exec_params(kSchemaExists, schema_).empty()) {
        tx.exec0(absl::Substitute(kCreateSchema, quoted_));
      }
      tx.exec0(absl::Substitute(kCreateTable, quoted_));
      if (with_libraries) tx.exec0(absl::Substitute(kCreateLibraryTable, quoted_));
      tx.commit();
      return absl::OkStatus();
    } catch (const std::exception& e) {
      return ToStatus(e, crm::StrCat("migrate ", schema_, ": create table"));
    }
  }

  absl::StatusOr<std::map<int, AppliedMigration>> ReadApplied(const Track& track) {
    try {
      pqxx::nontransaction tx(conn_);
      std::map<int, AppliedMigration> applied;
      const pqxx::result rows =
          track.library.empty()
              ? tx.exec(absl::Substitute(kSelectApplied, quoted_))
              : tx.exec_params(absl::Substitute(kSelectLibraryApplied, quoted_), track.library);
      for (const pqxx::row& row : rows) {
        applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
      }
      return applied;
    } catch (const std::exception& e) {
      return ToStatus(e, crm::StrCat("migrate ", schema_, ": read applied"));
    }
  }

  // Everything is checked before anything is applied.
  absl::Status Check(const Track& track, const std::map<int, AppliedMigration>& applied) const {
    const int newest_applied = applied.empty() ? -1 : applied.rbegin()->first;
    for (const MigrationFile& file : track.files) {
      auto it = applied.find(file.version);
      const std::string label = track.Label(file);
      const status::Metadata metadata = {
          {"schema", schema_}, {"file", label}, {"version", crm::StrCat(file.version)}};
      if (it == applied.end()) {
        if (file.version < newest_applied) {
          return status::Error(
              absl::StatusCode::kFailedPrecondition, kErrorDomain, "DB_MIGRATION_OUT_OF_ORDER",
              crm::StrCat("migration ", label, " is numbered below ", applied.rbegin()->second.name,
                          ", which is already applied; renumber it above"),
              metadata);
        }
        continue;
      }
      const std::string& recorded = it->second.checksum;
      if (recorded != crypto::Sha256Hex(file.contents) &&
          std::find(file.replaced_checksums.begin(), file.replaced_checksums.end(), recorded) ==
              file.replaced_checksums.end()) {
        return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                             "DB_MIGRATION_EDITED",
                             crm::StrCat("migration ", label,
                                         " was edited after it was applied; add a new "
                                         "migration instead"),
                             metadata);
      }
    }
    for (const auto& [version, migration] : applied) {
      const bool known =
          std::any_of(track.files.begin(), track.files.end(),
                      [version = version](const MigrationFile& f) { return f.version == version; });
      if (!known) {
        log::Info("schema has a migration this build does not know",
                  {{"schema", schema_}, {"library", track.library}, {"file", migration.name}});
      }
    }
    return absl::OkStatus();
  }

  absl::Status Apply(const Track& track, const MigrationFile& file) {
    const absl::Time start = absl::Now();
    const std::string label = track.Label(file);
    const std::string operation = crm::StrCat("migrate ", schema_, "/", label);
    try {
      pqxx::work tx(conn_);
      // libpqxx reconnects silently; a new backend no longer holds the lock.
      if (conn_.backendpid() != locked_pid_) {
        return status::Error(absl::StatusCode::kUnavailable, kErrorDomain, "DB_UNAVAILABLE",
                             crm::StrCat("lost the database connection before migration ", label,
                                         "; run the migrations again"),
                             {{"schema", schema_}, {"file", label}});
      }
      const std::string checksum = crypto::Sha256Hex(file.contents);
      if (track.library.empty()) {
        tx.exec(std::string(file.contents));
        tx.exec_params0(absl::Substitute(kInsertApplied, quoted_), file.version,
                        std::string(file.name), checksum);
      } else {
        tx.exec(absl::StrReplaceAll(crm::ToAbsl(file.contents), {{kSchemaPlaceholder, quoted_}}));
        tx.exec_params0(absl::Substitute(kInsertLibraryApplied, quoted_), track.library,
                        file.version, std::string(file.name), checksum);
      }
      tx.commit();
    } catch (const std::exception& e) {
      const absl::Status mapped = ToStatus(e, operation);
      const std::string state = SqlState(e);
      status::Metadata metadata = {{"schema", schema_}, {"file", label}};
      if (!state.empty()) metadata.emplace_back("sqlstate", state);
      return status::Error(mapped.code(), kErrorDomain, "DB_MIGRATION_FAILED",
                           crm::StrCat("migration ", label, " failed",
                                       state.empty() ? "" : crm::StrCat(" (sqlstate ", state, ")"),
                                       " and was rolled back; fix it and start again"),
                           std::move(metadata));
    }
    log::Info("migration applied", {{"schema", schema_},
                                    {"file", label},
                                    {"duration", absl::FormatDuration(absl::Now() - start)}});
    return absl::OkStatus();
  }

  pqxx::connection& conn_;
  const std::string schema_;
  const std::string quoted_;
  const int64_t lock_key_;
  int locked_pid_ = 0;
};

}  // namespace

absl::Status Migrate(ConnectionPool& pool, std::string_view schema,
                     absl::Span<const EmbeddedFile> files) {
  return Migrate(pool, schema, files, {});
}

absl::Status Migrate(ConnectionPool& pool, std::string_view schema,
                     absl::Span<const EmbeddedFile> files,
                     absl::Span<const LibraryMigrations> libraries) {
  if (!IsValidSchemaName(schema)) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_SCHEMA_NAME",
                         crm::StrCat("schema name \"", schema,
                                     "\" must be 1-63 characters of [a-z0-9_], not starting "
                                     "with a digit"),
                         {{"schema", std::string(schema)}});
  }
  std::vector<Track> tracks;
  for (const LibraryMigrations& library : libraries) {
    const bool repeated = std::any_of(tracks.begin(), tracks.end(), [&](const Track& track) {
      return track.library == library.library;
    });
    if (!IsValidSchemaName(library.library) || repeated) {
      return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_LIBRARY_NAME",
                           crm::StrCat("library name \"", library.library,
                                       "\" must be 1-63 characters of [a-z0-9_], not starting "
                                       "with a digit, and given once"),
                           {{"library", std::string(library.library)}});
    }
    absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(library.files);
    if (!ordered.ok()) return ordered.status();
    tracks.push_back({std::string(library.library), *std::move(ordered)});
  }
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(files);
  if (!ordered.ok()) return ordered.status();
  tracks.push_back({"", *std::move(ordered)});
  absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  // Closing this connection afterwards drops the session lock and settings
  // even when a step below fails.
  lease->MarkBroken();
  return Migrator(lease->conn(), schema).Run(tracks);
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    bool migrate) {
  return OpenServiceDatabase(std::move(options), schema, files, {}, migrate);
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    absl::Span<const LibraryMigrations> libraries, bool migrate) {
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(std::move(options));
  if (!pool.ok()) return pool.status();
  if (migrate) {
    if (absl::Status migrated = Migrate(**pool, schema, files, libraries); !migrated.ok()) {
      return migrated;
    }
  }
  return pool;
}

}  // namespace crm::pg
