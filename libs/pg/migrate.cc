#include "libs/pg/migrate.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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
constexpr char kLock[] = "SELECT pg_catalog.pg_advisory_lock($1)";
constexpr char kUnlock[] = "SELECT pg_catalog.pg_advisory_unlock($1)";

struct AppliedMigration {
  std::string name;
  std::string checksum;
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

  absl::Status Run(const std::vector<MigrationFile>& files) {
    if (absl::Status s = Lock(); !s.ok()) return s;
    if (absl::Status s = EnsureTable(); !s.ok()) return s;
    absl::StatusOr<std::map<int, AppliedMigration>> applied = ReadApplied();
    if (!applied.ok()) return applied.status();
    if (absl::Status s = Check(files, *applied); !s.ok()) return s;
    int count = 0;
    for (const MigrationFile& file : files) {
      if (applied->contains(file.version)) continue;
      if (absl::Status s = Apply(file); !s.ok()) return s;
      ++count;
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

  absl::Status EnsureTable() {
    try {
      pqxx::work tx(conn_);
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs the database's
      // CREATE privilege even when the schema exists.
      if (tx.exec_params(kSchemaExists, schema_).empty()) {
        tx.exec0(absl::Substitute(kCreateSchema, quoted_));
      }
      tx.exec0(absl::Substitute(kCreateTable, quoted_));
      tx.commit();
      return absl::OkStatus();
    } catch (const std::exception& e) {
      return ToStatus(e, crm::StrCat("migrate ", schema_, ": create table"));
    }
  }

  absl::StatusOr<std::map<int, AppliedMigration>> ReadApplied() {
    try {
      pqxx::nontransaction tx(conn_);
      std::map<int, AppliedMigration> applied;
      for (const pqxx::row& row : tx.exec(absl::Substitute(kSelectApplied, quoted_))) {
        applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
      }
      return applied;
    } catch (const std::exception& e) {
      return ToStatus(e, crm::StrCat("migrate ", schema_, ": read applied"));
    }
  }

  // Everything is checked before anything is applied.
  absl::Status Check(const std::vector<MigrationFile>& files,
                     const std::map<int, AppliedMigration>& applied) const {
    const int newest_applied = applied.empty() ? -1 : applied.rbegin()->first;
    for (const MigrationFile& file : files) {
      auto it = applied.find(file.version);
      const status::Metadata metadata = {{"schema", schema_},
                                         {"file", std::string(file.name)},
                                         {"version", crm::StrCat(file.version)}};
      if (it == applied.end()) {
        if (file.version < newest_applied) {
          return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                               "DB_MIGRATION_OUT_OF_ORDER",
                               crm::StrCat("migration ", file.name, " is numbered below ",
                                           applied.rbegin()->second.name,
                                           ", which is already applied; renumber it above"),
                               metadata);
        }
        continue;
      }
      if (it->second.checksum != crypto::Sha256Hex(file.contents)) {
        return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain,
                             "DB_MIGRATION_EDITED",
                             crm::StrCat("migration ", file.name,
                                         " was edited after it was applied; add a new "
                                         "migration instead"),
                             metadata);
      }
    }
    for (const auto& [version, migration] : applied) {
      const bool known =
          std::any_of(files.begin(), files.end(),
                      [version = version](const MigrationFile& f) { return f.version == version; });
      if (!known) {
        log::Info("schema has a migration this build does not know",
                  {{"schema", schema_}, {"file", migration.name}});
      }
    }
    return absl::OkStatus();
  }

  absl::Status Apply(const MigrationFile& file) {
    const absl::Time start = absl::Now();
    const std::string operation = crm::StrCat("migrate ", schema_, "/", file.name);
    try {
      pqxx::work tx(conn_);
      // libpqxx reconnects silently; a new backend no longer holds the lock.
      if (conn_.backendpid() != locked_pid_) {
        return status::Error(absl::StatusCode::kUnavailable, kErrorDomain, "DB_UNAVAILABLE",
                             crm::StrCat("lost the database connection before migration ",
                                         file.name, "; run the migrations again"),
                             {{"schema", schema_}, {"file", std::string(file.name)}});
      }
      tx.exec(std::string(file.contents));
      tx.exec_params0(absl::Substitute(kInsertApplied, quoted_), file.version,
                      std::string(file.name), crypto::Sha256Hex(file.contents));
      tx.commit();
    } catch (const std::exception& e) {
      const absl::Status mapped = ToStatus(e, operation);
      const std::string state = SqlState(e);
      status::Metadata metadata = {{"schema", schema_}, {"file", std::string(file.name)}};
      if (!state.empty()) metadata.emplace_back("sqlstate", state);
      return status::Error(mapped.code(), kErrorDomain, "DB_MIGRATION_FAILED",
                           crm::StrCat("migration ", file.name, " failed",
                                       state.empty() ? "" : crm::StrCat(" (sqlstate ", state, ")"),
                                       " and was rolled back; fix it and start again"),
                           std::move(metadata));
    }
    log::Info("migration applied", {{"schema", schema_},
                                    {"file", file.name},
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
  if (!IsValidSchemaName(schema)) {
    return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_SCHEMA_NAME",
                         crm::StrCat("schema name \"", schema,
                                     "\" must be 1-63 characters of [a-z0-9_], not starting "
                                     "with a digit"),
                         {{"schema", std::string(schema)}});
  }
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(files);
  if (!ordered.ok()) return ordered.status();
  absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  // Closing this connection afterwards drops the session lock and settings
  // even when a step below fails.
  lease->MarkBroken();
  return Migrator(lease->conn(), schema).Run(*ordered);
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenServiceDatabase(
    PoolOptions options, std::string_view schema, absl::Span<const EmbeddedFile> files,
    bool migrate) {
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(std::move(options));
  if (!pool.ok()) return pool.status();
  if (migrate) {
    if (absl::Status migrated = Migrate(**pool, schema, files); !migrated.ok()) return migrated;
  }
  return pool;
}

}  // namespace crm::pg
