#ifndef CRM_SERVICES_HIERARCHY_SUBTREE_CACHE_H_
#define CRM_SERVICES_HIERARCHY_SUBTREE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "libs/cache/versioned_cache.h"

namespace crm::hierarchy {

// Pages of ListSubtree in Redis, keyed by the request and tagged with the
// version of the tree they were read from. Every change to a tree gives it a
// new version (unique across trees), so a page read before the change is
// never served after it: a reader asks PostgreSQL for the tree's version (a
// primary-key read) and takes only an entry of that version. Redis failures
// are misses.
class SubtreeCache final {
 public:
  explicit SubtreeCache(cache::VersionedCache& cache) : cache_(cache) {}

  std::optional<v1::ListSubtreeResponse> Get(const v1::ListSubtreeRequest& request,
                                             int64_t tree_version);
  void Put(const v1::ListSubtreeRequest& request, int64_t tree_version,
           const v1::ListSubtreeResponse& page);

 private:
  cache::VersionedCache& cache_;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_SUBTREE_CACHE_H_
