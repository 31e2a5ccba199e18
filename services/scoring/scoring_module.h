#ifndef CRM_SERVICES_SCORING_SCORING_MODULE_H_
#define CRM_SERVICES_SCORING_SCORING_MODULE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "libs/clock/clock.h"
#include "libs/events/follower.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pg/pool.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/replicas/group/group_replica.h"
#include "prometheus/registry.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

// Everything the scoring service needs to run, from flags or tests.
struct ScoringConfig {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string redis_address;     // host:port; empty: no Redis stream (watches read PostgreSQL)
  std::string customer_address;  // host:port of the customer service
  // host:port of the hierarchy service (group replica, the group
  // overviews); may be empty.
  std::string hierarchy_address;
  // host:port of the services whose feeds and reads make the facts
  // (opportunities and activities; contracts, receipts and receivables;
  // collaboration requests and credit); each may be empty: that feed is not
  // followed and the facts it gives are missing (named in the facts' notes).
  std::string opportunity_address;
  std::string contract_address;
  std::string collaboration_address;
  std::string principal_key;   // HMAC key the gateway signs principals with
  std::string page_token_key;  // HMAC key for page tokens
  bool migrate = true;
  // How often the customer replica follows the customer feed; zero: never
  // (tests drive it with customer_replica().SyncOnce()).
  absl::Duration customer_follow_interval = absl::Seconds(2);
  // How often the group replica follows the hierarchy feed (when
  // hierarchy_address is set); zero: never.
  absl::Duration group_follow_interval = absl::Seconds(2);
  // How often the facts' followers follow the opportunity, contract and
  // collaboration feeds; zero: never (tests call FollowFeedsOnce()).
  absl::Duration feed_follow_interval = absl::Seconds(1);
  // How often the refresher fetches the facts of dirty customers and scores
  // them; zero: never (tests call RefreshOnce()).
  absl::Duration refresh_interval = absl::Milliseconds(500);
  // Deadline of each call to another service.
  absl::Duration peer_call_timeout = absl::Seconds(5);
  // How often the job scheduler (scoring.scheduled_jobs) looks for due jobs;
  // zero: never (tests run jobs().RunDueOnce()). The rescore job (scores
  // computed under an older policy) runs every rescore_job_period.
  absl::Duration jobs_poll = absl::Seconds(1);
  absl::Duration rescore_job_period = absl::Minutes(1);
  // The scoring feed (ListScoringEvents, WatchScoringEvents): how old an
  // event must be before it is served (longer than any write transaction),
  // how long it is kept, and the relay to the Redis stream
  // crm:scoring:v1:events (when redis_address is set).
  absl::Duration events_settle = absl::Seconds(5);
  absl::Duration events_retention = absl::Hours(24 * 30);
  bool events_relay = true;
  int64_t events_stream_max_length = 1000000;
  int max_event_watches = 64;                                // concurrent watches
  absl::Duration event_watch_heartbeat = absl::Seconds(15);  // of silence
  // Where the service reads the time; null: the real clock. Tests pass a
  // clock::FakeClock that outlives the module.
  const clock::Clock* clock = nullptr;
};

// The scoring service with its pool, feed, customer and group replicas,
// peer clients, the facts' feed followers and refresher, job scheduler and
// handlers: built once, served by the binary, the all-in-one suite and the
// tests.
class ScoringModule {
 public:
  static absl::StatusOr<std::unique_ptr<ScoringModule>> Create(const ScoringConfig& config);
  virtual ~ScoringModule() = default;

  virtual grpc::Service* service() = 0;

  // The customer read model (for tests: SyncOnce follows the feed now).
  virtual replicas::CustomerReplica& customer_replica() = 0;
  // The group read model; null without a hierarchy address.
  virtual replicas::GroupReplica* group_replica() = 0;
  // The scheduler of the service's periodic jobs (the rescore).
  virtual jobs::JobScheduler& jobs() = 0;
  // The pool (for tests and benchmarks that seed rows directly).
  virtual pg::ConnectionPool& pool() = 0;
  // What the handlers share (for tests and benchmarks that call the stores
  // and the scorer directly).
  virtual const ScoringContext& context() const = 0;
  // One round of the facts' feed followers (opportunity, contract,
  // collaboration); the events that marked a customer dirty. Zero without
  // their addresses.
  virtual absl::StatusOr<int64_t> FollowFeedsOnce() = 0;
  // One round of the refresher: the dirty customers' facts fetched and
  // scored; the customers refreshed.
  virtual absl::StatusOr<int64_t> RefreshOnce() = 0;
  // The customer follower's lag and last error (its health detail).
  virtual events::FollowerHealth customer_follower_health() const = 0;
  // Registers the module's own figures (the followers' lag, the jobs) in
  // `registry`.
  virtual void ExportMetrics(prometheus::Registry& registry) = 0;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORING_MODULE_H_
