#include "libs/pg/transaction.h"

#include <algorithm>
#include <stdexcept>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/log/log.h"
#include "libs/pg/error.h"
#include "libs/strings/str_cat.h"

namespace crm::pg {
namespace {

constexpr int kReadAttempts = 2;
constexpr int64_t kMaxBackoffMs = 20;

// Jittered, growing pause so conflicting transactions stop colliding.
void Backoff(int attempt) {
  thread_local absl::BitGen random;
  const int64_t cap = std::min<int64_t>(kMaxBackoffMs, 2 * attempt);
  absl::SleepFor(absl::Milliseconds(absl::Uniform<int64_t>(random, 0, cap + 1)));
}

void NoteRetry(std::string_view operation, int attempt, const std::exception& e) {
  log::Info("retrying database work", {{"operation", operation},
                                       {"attempt", crm::StrCat(attempt)},
                                       {"sqlstate", SqlState(e)},
                                       {"error", e.what()}});
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, absl::FunctionRef<absl::Status(pqxx::work&)> fn,
                              TxOptions options) {
  const int max_attempts = std::max(1, options.max_attempts);
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    absl::Status fn_status;
    try {
      pqxx::work tx(lease->conn());
      if (options.serializable) {
        tx.exec0("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
      }
      fn_status = fn(tx);
      if (fn_status.ok()) {
        tx.commit();
        return absl::OkStatus();
      }
      tx.abort();
      return fn_status;
    } catch (const std::exception& e) {
      if (IsConnectionLost(e) || !lease->conn().is_open()) lease->MarkBroken();
      // A failed rollback after `fn` said no still returns fn's answer.
      if (!fn_status.ok()) return fn_status;
      if (IsRetryable(e) && attempt < max_attempts) {
        NoteRetry(options.operation, attempt, e);
        lease = absl::CancelledError();  // return the connection first
        Backoff(attempt);
        continue;
      }
      return ToStatus(e, options.operation);
    } catch (...) {
      lease->MarkBroken();  // unknown state: do not reuse
      return ToStatus(std::runtime_error("non-standard exception"), options.operation);
    }
  }
}

absl::Status RunReadOnly(ConnectionPool& pool,
                         absl::FunctionRef<absl::Status(pqxx::nontransaction&)> fn,
                         std::string_view operation) {
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    try {
      pqxx::nontransaction tx(lease->conn());
      return fn(tx);
    } catch (const std::exception& e) {
      const bool lost = IsConnectionLost(e) || !lease->conn().is_open();
      if (lost) lease->MarkBroken();
      if (lost && IsRetryable(e) && attempt < kReadAttempts) {
        NoteRetry(operation, attempt, e);
        continue;
      }
      return ToStatus(e, operation);
    } catch (...) {
      lease->MarkBroken();
      return ToStatus(std::runtime_error("non-standard exception"), operation);
    }
  }
}

}  // namespace crm::pg
