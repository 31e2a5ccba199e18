#ifndef CRM_LIBS_PG_POOL_H_
#define CRM_LIBS_PG_POOL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/connection"

namespace crm::pg {

struct PoolOptions {
  // libpq connection string or postgresql:// URI. The pool adds
  // application_name, connect_timeout and statement_timeout to it.
  std::string dsn;
  // Most connections open at once; they are opened on demand.
  int size = 4;
  // How long Acquire() waits for a connection another caller holds.
  absl::Duration acquire_timeout = absl::Milliseconds(500);
  // Rounded up to whole seconds, at least 2 (libpq's granularity).
  absl::Duration connect_timeout = absl::Seconds(2);
  // Server-side limit for every statement; zero means none.
  absl::Duration statement_timeout = absl::Seconds(5);
  // Known by name on every connection (see prepared_statement.h). Names must
  // be unique; a repeated name must repeat the same SQL.
  std::vector<PreparedStatement> statements;
  std::string application_name = "crm";
};

// A bounded set of PostgreSQL connections handed out one caller at a time
// (a pqxx::connection is not thread-safe). Connections are opened lazily up
// to `size`, reused LIFO, and replaced when a lease reports them broken.
// Thread-safe. Every Lease must be gone before the pool is destroyed.
class ConnectionPool final {
 public:
  // Exclusive use of one connection; returns it to the pool when destroyed.
  class Lease final {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection& conn() { return *conn_; }

    // The connection is closed instead of reused when the lease ends: after
    // it was lost, or when it carries session state (locks, SET) that the
    // next user must not inherit.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn);
    void Release();

    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
  };

  struct Stats {
    int size = 0;    // the configured maximum
    int in_use = 0;  // leased out
    int idle = 0;    // open and waiting in the pool
    int64_t acquire_timeouts = 0;
  };

 private:
  // Lets Create() use std::make_unique while keeping the constructor private
  // in effect.
  struct Token {
    explicit Token() = default;
  };

 public:
  // Validates `options` (INVALID_ARGUMENT) and opens one connection so a
  // wrong address or password fails at start-up: UNAVAILABLE naming
  // host:port (never the password).
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(PoolOptions options);

  ConnectionPool(Token, PoolOptions options, std::string conninfo, std::string address);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  ~ConnectionPool();

  // An idle connection, a new one while fewer than `size` are open, or one
  // released within acquire_timeout. RESOURCE_EXHAUSTED (DB_POOL_EXHAUSTED)
  // on timeout; UNAVAILABLE (DB_UNAVAILABLE) when a new connection cannot be
  // opened, after at most connect_timeout.
  absl::StatusOr<Lease> Acquire();

  Stats stats() const;

  // "host:port" of the server, for messages.
  const std::string& address() const { return address_; }

 private:
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect() const;
  void Return(std::unique_ptr<pqxx::connection> conn, bool broken);

  const PoolOptions options_;
  const std::string conninfo_;  // holds the password: never log it
  const std::string address_;

  mutable absl::Mutex mu_;
  absl::CondVar released_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle + leased + being opened
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t acquire_timeouts_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_POOL_H_
