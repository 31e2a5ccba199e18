#ifndef CRM_SERVICES_CONTRACT_CONTRACT_MODULE_H_
#define CRM_SERVICES_CONTRACT_CONTRACT_MODULE_H_

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

namespace crm::contract {

// Everything the contract service needs to run, from flags or tests.
struct ContractConfig {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string redis_address;     // host:port; empty: no Redis stream (watches read PostgreSQL)
  std::string customer_address;  // host:port of the customer service
  std::string
      hierarchy_address;  // host:port of the hierarchy service (group replica); may be empty
  // host:port of the opportunity service, asked whether
  // CreateContract.opportunity is a won opportunity of the same customer;
  // empty: the field is checked for its form only.
  std::string opportunity_address;
  std::string principal_key;   // HMAC key the gateway signs principals with
  std::string page_token_key;  // HMAC key for page tokens
  bool migrate = true;
  // How often the customer replica follows the customer feed; zero: never
  // (tests drive it with customer_replica().SyncOnce()).
  absl::Duration customer_follow_interval = absl::Seconds(2);
  // How often the group replica follows the hierarchy feed (when
  // hierarchy_address is set); zero: never.
  absl::Duration group_follow_interval = absl::Seconds(2);
  // How often the job scheduler (contract.scheduled_jobs) looks for due jobs;
  // zero: never (tests run jobs().RunDueOnce()). The contract jobs
  // (activation, expiry, expiring reminders, overdue milestones) run every
  // contract_jobs_period.
  absl::Duration jobs_poll = absl::Seconds(1);
  absl::Duration contract_jobs_period = absl::Minutes(10);
  // CONTRACT_EXPIRING is announced this many days before the end date.
  int expiry_reminder_days = 60;
  // The contract feed (ListContractEvents, WatchContractEvents): how old an
  // event must be before it is served (longer than any write transaction),
  // how long it is kept, and the relay to the Redis stream
  // crm:contract:v1:events (when redis_address is set).
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

// The contract service with its pool, feed, customer and group replicas, job
// scheduler and handlers: built once, served by the binary, the all-in-one
// suite and the tests.
class ContractModule {
 public:
  static absl::StatusOr<std::unique_ptr<ContractModule>> Create(const ContractConfig& config);
  virtual ~ContractModule() = default;

  virtual grpc::Service* service() = 0;

  // The customer read model (for tests: SyncOnce follows the feed now).
  virtual replicas::CustomerReplica& customer_replica() = 0;
  // The group read model; null without a hierarchy address.
  virtual replicas::GroupReplica* group_replica() = 0;
  // The scheduler of the service's periodic jobs.
  virtual jobs::JobScheduler& jobs() = 0;
  // The pool (for tests and benchmarks that seed rows directly).
  virtual pg::ConnectionPool& pool() = 0;
  // The customer follower's lag and last error (its health detail).
  virtual events::FollowerHealth customer_follower_health() const = 0;
  // Registers the module's own figures (the followers' lag) in `registry`.
  virtual void ExportMetrics(prometheus::Registry& registry) = 0;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACT_MODULE_H_
