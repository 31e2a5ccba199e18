#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "libs/events/follower.h"
#include "prometheus/registry.h"

namespace crm::hierarchy {

// Everything the hierarchy service needs to run, from flags or tests.
struct HierarchyConfig {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string redis_address;  // host:port; empty disables the subtree cache
  absl::Duration cache_ttl = absl::Seconds(300);
  std::string customer_address;  // host:port of the customer service
  std::string principal_key;     // HMAC key the gateway signs principals with
  std::string page_token_key;    // HMAC key for page tokens
  bool migrate = true;
  // How often the copied customer facts follow the customer service's change
  // feed; zero: never (tests that drive it themselves).
  absl::Duration customer_sync_interval = absl::Seconds(2);
  // The hierarchy's own feed (ListHierarchyEvents, WatchHierarchyEvents):
  // how old an event must be before it is served (longer than any write
  // transaction), how long it is kept, and the relay to the Redis stream
  // crm:hierarchy:v1:events (when redis_address is set).
  absl::Duration events_settle = absl::Seconds(5);
  absl::Duration events_retention = absl::Hours(24 * 30);
  bool events_relay = true;
  int64_t events_stream_max_length = 1000000;
  int max_event_watches = 64;                                // concurrent watches
  absl::Duration event_watch_heartbeat = absl::Seconds(15);  // of silence
};

// The hierarchy service with its pool, cache, store and customer client:
// built once, served by the binary, the all-in-one suite and the tests.
class HierarchyModule {
 public:
  static absl::StatusOr<std::unique_ptr<HierarchyModule>> Create(const HierarchyConfig& config);
  virtual ~HierarchyModule() = default;

  virtual grpc::Service* service() = 0;

  // The customer follower's lag and last error (its health detail).
  virtual events::FollowerHealth customer_follower_health() const = 0;
  // Registers the module's own figures (the follower's lag) in `registry`,
  // e.g. the server's metrics().
  virtual void ExportMetrics(prometheus::Registry& registry) = 0;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_
