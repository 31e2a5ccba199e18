#ifndef CRM_LIBS_CACHE_VERSIONED_CACHE_H_
#define CRM_LIBS_CACHE_VERSIONED_CACHE_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/cache/redis_connection_pool.h"
#include "libs/cache/redis_options.h"

namespace crm::cache {

// A cache-aside store for resources that carry a version (their etag), kept
// in Redis so every replica shares it. It never returns an entry older than
// a write this process committed:
//
//  * Put(key, v, payload) stores only when Redis holds nothing newer than v,
//    neither an entry nor a tombstone; a reader that loaded version 4 before
//    a writer committed 5 cannot overwrite the writer's tombstone.
//  * Invalidate(key, v) after a commit leaves a tombstone "v" (for ttl), so a
//    late Put of an older version is refused.
//  * An Invalidate that cannot reach Redis is queued and replayed before any
//    later Get or Put; while any is queued, Get misses (reads go to
//    PostgreSQL) and Put stores nothing. A Redis that hangs and comes back
//    with an old entry thus never serves it through this process.
//
// Other replicas learn of a write only through Redis, so a write whose
// invalidation Redis never received may be served stale by *another* replica
// until the writer's replay lands or the entry's ttl ends: keep ttl short.
//
// Every Redis failure is a miss, never an error: the cache only accelerates.
// Thread-safe.
class VersionedCache {
 public:
  // Keys are stored in Redis as key_prefix + key.
  VersionedCache(RedisOptions options, std::string key_prefix, absl::Duration ttl);

  std::optional<std::string> Get(std::string_view key);
  void Put(std::string_view key, int64_t version, std::string_view payload);
  void Invalidate(std::string_view key, int64_t committed_version);

  // A plain GET of a full Redis key, no prefix and no version logic; the
  // benchmark's baseline for "one Redis round trip".
  std::optional<std::string> RawGet(std::string_view full_key);

  // False while Redis is unreachable or invalidations are still queued.
  bool available();

  // Invalidations waiting for Redis (for tests and metrics).
  size_t pending_invalidations();

 private:
  // Sends the queued invalidations; true when none is left.
  bool ReplayPending();
  bool SendInvalidate(const std::string& full_key, int64_t version);

  RedisConnectionPool redis_;
  const std::string key_prefix_;
  const std::string ttl_ms_;
  absl::Mutex mu_;
  // full key -> highest committed version not yet confirmed by Redis
  absl::flat_hash_map<std::string, int64_t> pending_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> has_pending_{false};
};

}  // namespace crm::cache

#endif  // CRM_LIBS_CACHE_VERSIONED_CACHE_H_
