#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_FEED_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_FEED_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/pg/pool.h"
#include "pqxx/pqxx"

namespace crm::customer {

// The customer change feed in customer.changes, read in sequence order by
// whoever keeps a cursor. Each changing transaction writes it through
// RecordChange (core/change_record.h).
class ChangeFeed final {
 public:
  // `settle`: how old a change must be before it is served (see
  // migrations/0007_change_feed.sql); `retention`: how long it is kept.
  ChangeFeed(pg::ConnectionPool& pool, absl::Duration settle, absl::Duration retention)
      : pool_(pool), settle_(settle), retention_(retention) {}

  static std::vector<pg::PreparedStatement> Statements();

  struct Page {
    std::vector<v1::CustomerChange> changes;
    int64_t last_sequence = 0;       // where to continue
    std::vector<int64_t> sequences;  // of each change (the Redis stream's ids)
  };
  // Up to `limit` settled changes after `after_sequence`, oldest first.
  absl::StatusOr<Page> After(int64_t after_sequence, int limit);
  // The sequence just before the first change at or after `time`.
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time);
  // Deletes changes older than the retention; at most once an hour, so
  // readers may call it on every page.
  absl::Status MaybePrune();

 private:
  pg::ConnectionPool& pool_;
  const absl::Duration settle_;
  const absl::Duration retention_;
  std::atomic<int64_t> next_prune_unix_seconds_{0};
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGE_FEED_H_
