#ifndef CRM_SERVICES_CUSTOMER_CUSTOMER_MODULE_H_
#define CRM_SERVICES_CUSTOMER_CUSTOMER_MODULE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "libs/rate_limit/token_bucket_limiter.h"

namespace crm::customer {

// Keys for local runs only: the binaries' flag defaults; production sets both.
inline constexpr char kDevelopmentPiiKey[] = "crm-local-development-pii-key";
inline constexpr char kDevelopmentPageTokenKey[] = "crm-local-development-page-token-key";

// Everything the customer service needs to run, from flags or tests.
struct CustomerConfig {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string redis_address;  // host:port; empty disables the cache
  absl::Duration cache_ttl = absl::Seconds(60);
  std::string principal_key;   // HMAC key the gateway signs principals with
  std::string pii_key;         // secret for contacts' personal fields
  std::string page_token_key;  // HMAC key for page tokens
  bool migrate = true;         // apply migrations at start-up
  // The change feed serves a change once it is this old (longer than any
  // write transaction), and keeps it this long.
  absl::Duration change_feed_settle = absl::Seconds(5);
  absl::Duration change_feed_retention = absl::Hours(24 * 30);
  // Relay the change feed to the Redis stream crm:customer:v1:events (needs
  // redis_address), trimmed to about this many entries; WatchCustomerChanges
  // reads it, or PostgreSQL without it.
  bool change_relay = true;
  int64_t change_stream_max_length = 1000000;
  int max_change_watches = 64;  // concurrent WatchCustomerChanges calls
  absl::Duration change_watch_heartbeat = absl::Seconds(15);  // of silence
  // Source systems whose values win a merge, most trusted first.
  std::vector<std::string> trusted_source_systems;
  // Lookups by personal data (SearchDuplicates with contact phones or
  // e-mails) per caller: a person checking a new customer needs a few a
  // minute, never thousands.
  rate_limit::RateLimit personal_info_lookup_limit = {.per_second = 0.5, .burst = 20};
};

// The customer service with its pool, cache, stores and keys: built once,
// added to a gRPC server by the binary, the all-in-one suite and the tests.
class CustomerModule {
 public:
  static absl::StatusOr<std::unique_ptr<CustomerModule>> Create(const CustomerConfig& config);
  virtual ~CustomerModule() = default;

  virtual grpc::Service* service() = 0;
  // google.longrunning.Operations for its long-running operations; serve it
  // beside service().
  virtual grpc::Service* operations_service() = 0;
  // Where the hierarchy service listens, so merges are checked against the
  // customer group trees first (see MergeGuard); without it merges are not.
  virtual void ConnectHierarchy(const std::string& address) = 0;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CUSTOMER_MODULE_H_
