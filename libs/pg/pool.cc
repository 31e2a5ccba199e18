#include "libs/pg/pool.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/log/log.h"
#include "libs/pg/conninfo.h"
#include "libs/pg/error.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::pg {
namespace {

// libpq treats connect_timeout=1 as 2 and has whole-second resolution.
constexpr int64_t kMinConnectTimeoutSeconds = 2;

absl::Status InvalidOptions(std::string_view message) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_POOL_OPTIONS",
                       message);
}

absl::Status ValidateOptions(const PoolOptions& options) {
  if (options.dsn.empty()) return InvalidOptions("PoolOptions.dsn is empty");
  if (options.size < 1) return InvalidOptions("PoolOptions.size must be >= 1");
  if (options.acquire_timeout < absl::ZeroDuration() ||
      options.connect_timeout < absl::ZeroDuration() ||
      options.statement_timeout < absl::ZeroDuration()) {
    return InvalidOptions("PoolOptions timeouts must not be negative");
  }
  std::map<std::string_view, std::string_view> sql_by_name;
  for (const PreparedStatement& statement : options.statements) {
    if (statement.name.empty() || statement.sql.empty()) {
      return InvalidOptions("a prepared statement has no name or no SQL");
    }
    auto [it, inserted] = sql_by_name.emplace(statement.name, statement.sql);
    if (!inserted && it->second != statement.sql) {
      return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "DB_BAD_POOL_OPTIONS",
                           crm::StrCat("prepared statement \"", statement.name,
                                       "\" is defined twice with different SQL; rename one"),
                           {{"statement", std::string(statement.name)}});
    }
  }
  return absl::OkStatus();
}

// The statement list without repeats (stores may share a helper's list).
std::vector<PreparedStatement> Deduplicated(std::vector<PreparedStatement> statements) {
  std::vector<PreparedStatement> out;
  std::map<std::string_view, bool> seen;
  for (const PreparedStatement& statement : statements) {
    if (seen.emplace(statement.name, true).second) out.push_back(statement);
  }
  return out;
}

absl::Status Unavailable(const std::string& address) {
  return status::WithRetryDelay(
      status::Error(absl::StatusCode::kUnavailable, kErrorDomain, "DB_UNAVAILABLE",
                    crm::StrCat("cannot connect to PostgreSQL at ", address,
                                "; check that it is running and that the "
                                "connection settings are right"),
                    {{"address", address}}),
      absl::Seconds(1));
}

}  // namespace

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      conn_(std::move(other.conn_)),
      broken_(other.broken_) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    conn_ = std::move(other.conn_);
    broken_ = other.broken_;
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { Release(); }

void ConnectionPool::Lease::Release() {
  if (pool_ != nullptr) {
    pool_->Return(std::move(conn_), broken_);
    pool_ = nullptr;
  }
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(PoolOptions options) {
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) return valid;
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse(options.dsn);
  if (!info.ok()) return info.status();

  const int64_t connect_seconds = std::max<int64_t>(
      kMinConnectTimeoutSeconds,
      static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(options.connect_timeout))));
  info->Set("connect_timeout", crm::StrCat(connect_seconds));
  info->Set("application_name", options.application_name);
  // Server-side settings travel in the startup packet, so they also hold
  // after libpqxx silently reconnects.
  std::string server_options = info->Get("options");
  crm::StrAppend(&server_options, server_options.empty() ? "" : " ",
                 "-c statement_timeout=", absl::ToInt64Milliseconds(options.statement_timeout));
  info->Set("options", std::move(server_options));

  options.statements = Deduplicated(std::move(options.statements));
  std::string address = info->Address();
  auto pool = std::make_unique<ConnectionPool>(Token{}, std::move(options), info->ToString(),
                                               std::move(address));
  // Fail fast; the connection stays in the pool for the first caller.
  absl::StatusOr<Lease> first = pool->Acquire();
  if (!first.ok()) return first.status();
  return pool;
}

ConnectionPool::ConnectionPool(Token, PoolOptions options, std::string conninfo,
                               std::string address)
    : options_(std::move(options)), conninfo_(std::move(conninfo)), address_(std::move(address)) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  if (in_use_ > 0) {
    log::Error("connection pool destroyed while connections are leased",
               {{"in_use", crm::StrCat(in_use_)}});
  }
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::Connect() const {
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo_);
    for (const PreparedStatement& statement : options_.statements) {
      // Lazy: registered here, sent to the server on first use.
      conn->prepare(std::string(statement.name), std::string(statement.sql));
    }
    return conn;
  } catch (const std::exception& e) {
    // libpq's message names host and user, never the password.
    log::Error("cannot connect to PostgreSQL", {{"address", address_}, {"error", e.what()}});
    return Unavailable(address_);
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  const absl::Time deadline = absl::Now() + options_.acquire_timeout;
  {
    absl::MutexLock lock(&mu_);
    while (true) {
      if (!idle_.empty()) {
        std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        return Lease(this, std::move(conn));
      }
      if (open_ < options_.size) {
        ++open_;  // reserve the slot, then connect without holding the lock
        break;
      }
      if (released_.WaitWithDeadline(&mu_, deadline) && idle_.empty() && open_ >= options_.size) {
        ++acquire_timeouts_;
        return status::WithRetryDelay(
            status::Error(absl::StatusCode::kResourceExhausted, kErrorDomain, "DB_POOL_EXHAUSTED",
                          "connection pool exhausted",
                          {{"poolSize", crm::StrCat(options_.size)},
                           {"acquireTimeout", absl::FormatDuration(options_.acquire_timeout)}}),
            options_.acquire_timeout);
      }
    }
  }
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = Connect();
  absl::MutexLock lock(&mu_);
  if (!conn.ok()) {
    --open_;
    released_.Signal();  // the slot is free again for another waiter
    return conn.status();
  }
  ++in_use_;
  return Lease(this, *std::move(conn));
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> conn, bool broken) {
  if (broken || conn == nullptr || !conn->is_open()) {
    conn.reset();  // closes the socket before taking the lock
    absl::MutexLock lock(&mu_);
    --open_;
    --in_use_;
    released_.Signal();
    return;
  }
  absl::MutexLock lock(&mu_);
  --in_use_;
  idle_.push_back(std::move(conn));
  released_.Signal();
}

ConnectionPool::Stats ConnectionPool::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{.size = options_.size,
               .in_use = in_use_,
               .idle = static_cast<int>(idle_.size()),
               .acquire_timeouts = acquire_timeouts_};
}

}  // namespace crm::pg
