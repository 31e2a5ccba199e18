#ifndef CRM_SERVICES_COLLABORATION_COLLABORATION_MODULE_H_
#define CRM_SERVICES_COLLABORATION_COLLABORATION_MODULE_H_

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

namespace crm::collaboration {

// Everything the collaboration service needs to run, from flags or tests.
struct CollaborationConfig {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string redis_address;     // host:port; empty: no Redis stream (watches read PostgreSQL)
  std::string customer_address;  // host:port of the customer service
  // host:port of the hierarchy service (group replica, the customer_group
  // filters); may be empty.
  std::string hierarchy_address;
  // host:port of the opportunity and contract services, whose feeds the deal
  // followers follow to open attributions (won opportunities, signed
  // contracts); each may be empty: that feed is not followed.
  std::string opportunity_address;
  std::string contract_address;
  std::string principal_key;   // HMAC key the gateway signs principals with
  std::string page_token_key;  // HMAC key for page tokens
  bool migrate = true;
  // How often the customer replica follows the customer feed; zero: never
  // (tests drive it with customer_replica().SyncOnce()).
  absl::Duration customer_follow_interval = absl::Seconds(2);
  // How often the group replica follows the hierarchy feed (when
  // hierarchy_address is set); zero: never.
  absl::Duration group_follow_interval = absl::Seconds(2);
  // How often the deal followers follow the opportunity and contract feeds;
  // zero: never (tests call FollowDealsOnce()).
  absl::Duration deal_follow_interval = absl::Seconds(2);
  // How often the job scheduler (collaboration.scheduled_jobs) looks for due
  // jobs; zero: never (tests run jobs().RunDueOnce()). The SLA job (breaches,
  // escalations) runs every sla_job_period, the attribution job (approved
  // attributions whose dispute window closed become final) every
  // attribution_job_period.
  absl::Duration jobs_poll = absl::Seconds(1);
  absl::Duration sla_job_period = absl::Minutes(1);
  absl::Duration attribution_job_period = absl::Minutes(10);
  // The collaboration feed (ListCollaborationEvents,
  // WatchCollaborationEvents): how old an event must be before it is served
  // (longer than any write transaction), how long it is kept, and the relay
  // to the Redis stream crm:collaboration:v1:events (when redis_address is
  // set).
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

// The collaboration service with its pool, feed, customer and group
// replicas, deal followers, job scheduler and handlers: built once, served by
// the binary, the all-in-one suite and the tests.
class CollaborationModule {
 public:
  static absl::StatusOr<std::unique_ptr<CollaborationModule>> Create(
      const CollaborationConfig& config);
  virtual ~CollaborationModule() = default;

  virtual grpc::Service* service() = 0;

  // The customer read model (for tests: SyncOnce follows the feed now).
  virtual replicas::CustomerReplica& customer_replica() = 0;
  // The group read model; null without a hierarchy address.
  virtual replicas::GroupReplica* group_replica() = 0;
  // The scheduler of the service's periodic jobs (SLA, attribution).
  virtual jobs::JobScheduler& jobs() = 0;
  // The pool (for tests and benchmarks that seed rows directly).
  virtual pg::ConnectionPool& pool() = 0;
  // One round of the deal followers (the opportunity feed, then the
  // contract feed); the deal events applied. Zero without addresses.
  virtual absl::StatusOr<int64_t> FollowDealsOnce() = 0;
  // The customer follower's lag and last error (its health detail).
  virtual events::FollowerHealth customer_follower_health() const = 0;
  // Registers the module's own figures (the followers' lag, the jobs) in
  // `registry`.
  virtual void ExportMetrics(prometheus::Registry& registry) = 0;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_COLLABORATION_MODULE_H_
