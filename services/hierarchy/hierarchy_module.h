#ifndef CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_
#define CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/impl/codegen/service_type.h"

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
};

// The hierarchy service with its pool, cache, store and customer client:
// built once, served by the binary, the all-in-one suite and the tests.
class HierarchyModule {
 public:
  static absl::StatusOr<std::unique_ptr<HierarchyModule>> Create(const HierarchyConfig& config);
  virtual ~HierarchyModule() = default;

  virtual grpc::Service* service() = 0;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_HIERARCHY_MODULE_H_
