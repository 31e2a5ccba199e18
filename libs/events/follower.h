#ifndef CRM_LIBS_EVENTS_FOLLOWER_H_
#define CRM_LIBS_EVENTS_FOLLOWER_H_

#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace crm::events {

// One event of a followed feed, as the follower will apply it.
struct FollowedEvent {
  std::string event_id;
  // Applies the event inside the transaction that advances the cursor. Runs
  // at most once per event id: a redelivered id is skipped. It may run again
  // when that transaction is retried, so it keeps its effects inside `tx`.
  std::function<absl::Status(pqxx::work& tx)> apply;
};

// One page read from the followed feed.
struct FollowedPage {
  std::vector<FollowedEvent> events;  // in feed order
  std::string next_token;             // the feed's cursor after them
  bool at_end = false;                // the feed had nothing more
};

struct FollowerOptions {
  std::string schema;                          // the follower's own schema (kFollowerTablesSql)
  std::string feed;                            // names the followed feed there, e.g. "customer"
  absl::Duration interval = absl::Seconds(2);  // between rounds
  // A round stops after this many pages, so a long catch-up reports its lag.
  int max_pages_per_round = 100;
  // How long applied event ids are kept to recognise a redelivery.
  absl::Duration applied_ids_retention = absl::Hours(24 * 7);
  // Lag beyond this is logged (once, until the follower is back in step).
  absl::Duration lag_warning = absl::Minutes(5);
};

// How far behind a follower is: its health detail.
struct FollowerHealth {
  // Since when everything the feed had has been applied: the start of the
  // last read that found the feed's end. The follower's start until then.
  absl::Time in_step_at;
  absl::Duration lag;      // now - in_step_at
  std::string last_error;  // of the last round; empty when it succeeded
};

// Follows another service's feed: reads a page after its cursor, then in one
// transaction of its own schema applies the page's new events and stores the
// cursor after them, so a crash never skips a page or applies one twice, and
// two replicas never apply the same page (the second finds the cursor moved
// and reads again). Its lag is a gauge, crm_event_follower_lag_seconds
// {schema, feed}, and Health(). Thread-safe.
class Follower final {
 public:
  // Reads the page after `token`; "" for a new follower, which decides where
  // to start (e.g. now, or the feed's oldest event).
  using ReadPage = std::function<absl::StatusOr<FollowedPage>(const std::string& token)>;

  Follower(pg::ConnectionPool& pool, FollowerOptions options, ReadPage read);
  // Stops the thread, if started.
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // The statements to give the pool; they live as long as the process.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  // Runs FollowOnce() every interval on a thread of its own until destroyed.
  void Start();

  // One round: pages until the feed's end (or max_pages_per_round); returns
  // the events applied (redeliveries not counted).
  absl::StatusOr<int64_t> FollowOnce();

  // The cursor stored for this feed; "" before the first page.
  absl::StatusOr<std::string> Cursor();

  FollowerHealth Health() const;

  // Registers the lag gauge in `registry` (e.g. the server's metrics()).
  void ExportMetrics(prometheus::Registry& registry);

 private:
  // Applies `page`, read after `token`, and stores its next_token. False
  // when another replica moved the cursor first (nothing applied).
  absl::StatusOr<bool> Apply(const std::string& token, const FollowedPage& page, int64_t& applied);
  void MaybePruneIds();
  void Report(const absl::Status& status);

  pg::ConnectionPool& pool_;
  const FollowerOptions options_;
  const ReadPage read_page_;
  const std::string ensure_, read_, lock_, save_, remember_, prune_;  // statement names
  mutable absl::Mutex mu_;
  absl::Time in_step_at_ ABSL_GUARDED_BY(mu_);
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  bool warned_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time next_prune_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  prometheus::Gauge* lag_gauge_ ABSL_GUARDED_BY(mu_) = nullptr;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_FOLLOWER_H_
