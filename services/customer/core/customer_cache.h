#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_CACHE_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_CACHE_H_

// The read-through cache of customers in Redis (libs/cache, keyed by id and
// versioned by the etag), as every capability that changes a customer must
// keep it: a write invalidates the version it wrote, so no reader is served
// an older one. Without Redis every call reads PostgreSQL.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/cache/versioned_cache.h"
#include "services/customer/core/customer_store.h"

namespace crm::customer {

class CustomerCache final {
 public:
  // `cache` null: no cache.
  CustomerCache(cache::VersionedCache* cache, CustomerStore& customers)
      : cache_(cache), customers_(customers) {}

  // The customer from the cache, or from the store (then cached).
  absl::Status Fetch(const std::string& id, v1::Customer& customer);

  // `customer` was written: cached versions older than it are stale.
  void AfterChange(const v1::Customer& customer);
  // Customer `id` was written at `version` (a contact change bumps it).
  void AfterChange(const std::string& id, std::optional<int64_t> version);
  // A merged customer's cached record is stale (the merge's response names
  // the merged customers, not their new versions).
  void AfterMerge(const std::string& merged_id);

 private:
  cache::VersionedCache* const cache_;
  CustomerStore& customers_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_CACHE_H_
