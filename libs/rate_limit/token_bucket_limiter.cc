#include "libs/rate_limit/token_bucket_limiter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::rate_limit {
namespace {

// A bucket that cannot hold one token would refuse every call.
RateLimit Normalized(RateLimit limit) {
  limit.burst = std::max(limit.burst, 1.0);
  return limit;
}

}  // namespace

TokenBucketLimiter::TokenBucketLimiter(RateLimit limit, size_t max_keys)
    : limit_(Normalized(limit)), max_keys_per_shard_(std::max<size_t>(max_keys / kShards, 1)) {}

absl::Status TokenBucketLimiter::Admit(std::string_view key, absl::Time now) {
  if (limit_.per_second <= 0) return absl::OkStatus();
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  auto found = shard.buckets.find(ToAbsl(key));
  if (found == shard.buckets.end()) {
    if (shard.buckets.size() >= max_keys_per_shard_) Evict(shard, now);
    found = shard.buckets.emplace(std::string(key), Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = found->second;
  // Callers on other threads may pass a slightly older time; refilling only
  // forward never counts the same interval twice.
  if (now > bucket.updated) {
    bucket.tokens = TokensAt(bucket, now);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::OkStatus();
  }
  return Refusal(key, bucket.tokens);
}

size_t TokenBucketLimiter::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.buckets.size();
  }
  return total;
}

TokenBucketLimiter::Shard& TokenBucketLimiter::ShardOf(std::string_view key) {
  const size_t hash = absl::Hash<absl::string_view>{}(ToAbsl(key));
  // The high bits: each shard's map uses the low ones for its own slots.
  return shards_[hash >> (sizeof(size_t) * 8 - kShardBits)];
}

double TokenBucketLimiter::TokensAt(const Bucket& bucket, absl::Time now) const {
  if (now <= bucket.updated) return bucket.tokens;
  const double refill = absl::ToDoubleSeconds(now - bucket.updated) * limit_.per_second;
  return std::min(limit_.burst, bucket.tokens + refill);
}

void TokenBucketLimiter::Evict(Shard& shard, absl::Time now) {
  // Forgetting a full bucket changes nothing: it would start full again.
  // When no bucket is full, the fullest one loses least by starting over.
  auto fullest = shard.buckets.end();
  double most = -1;
  bool dropped = false;
  for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
    const double tokens = TokensAt(it->second, now);
    if (tokens >= limit_.burst) {
      shard.buckets.erase(it++);
      dropped = true;
      continue;
    }
    if (tokens > most) {
      most = tokens;
      fullest = it;
    }
    ++it;
  }
  if (!dropped && fullest != shard.buckets.end()) shard.buckets.erase(fullest);
}

absl::Status TokenBucketLimiter::Refusal(std::string_view key, double tokens) const {
  // The exact wait for the next whole token, rounded up to a millisecond;
  // the small slack keeps rounding error from adding one.
  const double wait_ms = (1 - tokens) / limit_.per_second * 1000;
  const int64_t retry_ms = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_ms - 1e-6)));
  const absl::Duration retry = absl::Milliseconds(retry_ms);
  return status::WithRetryDelay(
      status::Error(absl::StatusCode::kResourceExhausted, "gateway.crm", "RATE_LIMITED",
                    StrCat(key, ": more than ", limit_.per_second, " calls per second (burst ",
                           limit_.burst, "); retry in ", absl::FormatDuration(retry)),
                    {{"principal", std::string(key)},
                     {"limit", StrCat(limit_.per_second)},
                     {"burst", StrCat(limit_.burst)}}),
      retry);
}

}  // namespace crm::rate_limit
