#ifndef CRM_LIBS_EVENTS_OUTBOX_H_
#define CRM_LIBS_EVENTS_OUTBOX_H_

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/events/event.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::events {

// What a service declares about its feed.
struct FeedOptions {
  std::string service;  // "hierarchy": names the stream crm:<service>:v1:events
  std::string schema;   // where the outbox table is (schema_migrations.h)
  // Every type Record() accepts, e.g. {"GROUP_CREATED", "NODE_MOVED"}.
  std::vector<std::string> event_types;
  // How old an event must be before it is served: longer than any
  // transaction that records one, so a late commit is never skipped.
  absl::Duration settle = absl::Seconds(5);
  absl::Duration retention = absl::Hours(24 * 30);  // then pruned
  // The Redis stream; empty: "crm:<service>:v1:events".
  std::string stream_key;

  std::string StreamKey() const;
};

// Records `events` in `tx` in the order given, in one statement: for bulk
// writes (an import) and for write paths that hold no Outbox. Types are
// checked against `feed` as Outbox::Record does. Returns their event ids.
std::vector<std::string> RecordEvents(pqxx::work& tx, const FeedOptions& feed,
                                      std::span<const NewEvent> events);

// A service's transactional outbox, <schema>.events: written in each
// changing transaction (so "changed" and "announced" commit together), read
// in sequence order. Thread-safe.
class Outbox final {
 public:
  Outbox(pg::ConnectionPool& pool, FeedOptions options);

  // The statements to give the pool (PoolOptions::statements); they live as
  // long as the process.
  static std::vector<pg::PreparedStatement> Statements(std::string_view schema);

  // Records `event` in `tx` and returns its event id. An undeclared type is
  // a programming error: it throws, which fails the transaction like a SQL
  // error would.
  std::string Record(pqxx::work& tx, const NewEvent& event) const;

  // Up to `limit` settled events after `after_sequence`, oldest first.
  absl::StatusOr<EventPage> After(int64_t after_sequence, int limit);
  // The sequence just before the first event at or after `time` (the newest
  // sequence when there is none).
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time);
  // Deletes events older than the retention; at most once an hour, so
  // callers may call it often.
  absl::Status MaybePrune();

  const FeedOptions& options() const { return options_; }

 private:
  pg::ConnectionPool& pool_;
  const FeedOptions options_;
  const absl::flat_hash_set<std::string> types_;
  const std::string record_, after_, sequence_before_, prune_;  // statement names
  std::atomic<int64_t> next_prune_unix_seconds_{0};
};

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_OUTBOX_H_
