#ifndef CRM_LIBS_RATE_LIMIT_TOKEN_BUCKET_LIMITER_H_
#define CRM_LIBS_RATE_LIMIT_TOKEN_BUCKET_LIMITER_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace crm::rate_limit {

struct RateLimit {
  double per_second = 0;  // tokens added per second; <= 0: unlimited
  double burst = 0;       // bucket capacity: calls allowed at one instant
};

// One token bucket per key (the caller's principal, e.g. "users/li.si"):
// a key may make `burst` calls at once and `per_second` on average.
//
//   TokenBucketLimiter limiter({.per_second = 20, .burst = 40});
//   if (absl::Status s = limiter.Admit(principal, absl::Now()); !s.ok()) return s;
//
// The caller passes the time, so tests need no clock. Thread-safe: keys are
// spread over shards with a lock each. Memory is bounded by `max_keys`: a
// full shard forgets idle keys (their bucket would be full anyway) and, when
// none is idle, the one nearest to full. A call is never refused because the
// table is full.
class TokenBucketLimiter final {
 public:
  explicit TokenBucketLimiter(RateLimit limit, size_t max_keys = 100000);

  TokenBucketLimiter(const TokenBucketLimiter&) = delete;
  TokenBucketLimiter& operator=(const TokenBucketLimiter&) = delete;

  // Takes one token of `key`'s bucket. Without one: RESOURCE_EXHAUSTED with
  // ErrorInfo {domain "gateway.crm", reason RATE_LIMITED, metadata principal,
  // limit (calls per second), burst} and a RetryInfo saying when the next
  // token is there (whole milliseconds, rounded up).
  absl::Status Admit(std::string_view key, absl::Time now);

  // Keys currently tracked.
  size_t size() const;

 private:
  static constexpr int kShardBits = 4;
  static constexpr size_t kShards = size_t{1} << kShardBits;

  struct Bucket {
    double tokens;
    absl::Time updated;
  };

  // Own cache line each, so threads on different shards do not contend.
  struct alignas(64) Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
  };

  Shard& ShardOf(std::string_view key);
  // Tokens `bucket` holds at `now`, capped at the burst.
  double TokensAt(const Bucket& bucket, absl::Time now) const;
  // Makes room for one more key in a full shard.
  void Evict(Shard& shard, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  absl::Status Refusal(std::string_view key, double tokens) const;

  const RateLimit limit_;
  const size_t max_keys_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace crm::rate_limit

#endif  // CRM_LIBS_RATE_LIMIT_TOKEN_BUCKET_LIMITER_H_
