#include "libs/cache/versioned_cache.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::cache {
namespace {

// Values are "V<version>:<payload>", tombstones "T<version>:". Both scripts
// read the stored version and only ever move it forward.
constexpr char kPutScript[] = R"lua(
local current = redis.call('GET', KEYS[1])
if current then
  local kind, version = string.match(current, '^([VT])(%d+):')
  if version then
    version = tonumber(version)
    local wanted = tonumber(ARGV[1])
    if (kind == 'V' and version >= wanted) or (kind == 'T' and version > wanted) then
      return 0
    end
  end
end
redis.call('SET', KEYS[1], 'V' .. ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
)lua";

constexpr char kInvalidateScript[] = R"lua(
local current = redis.call('GET', KEYS[1])
if current then
  local kind, version = string.match(current, '^([VT])(%d+):')
  if kind == 'T' and tonumber(version) >= tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], 'T' .. ARGV[1] .. ':', 'PX', ARGV[2])
return 1
)lua";

// The payload of a "V<version>:<payload>" value, or nothing for tombstones
// and anything we did not write.
std::optional<std::string> PayloadOf(std::string_view stored) {
  if (stored.empty() || stored[0] != 'V') return std::nullopt;
  const size_t colon = stored.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  int64_t version;
  if (!absl::SimpleAtoi(absl::string_view(stored.data() + 1, colon - 1), &version)) {
    return std::nullopt;
  }
  return std::string(stored.substr(colon + 1));
}

}  // namespace

VersionedCache::VersionedCache(RedisOptions options, std::string key_prefix, absl::Duration ttl)
    : redis_(std::move(options)),
      key_prefix_(std::move(key_prefix)),
      ttl_ms_(crm::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(ttl)))) {}

bool VersionedCache::SendInvalidate(const std::string& full_key, int64_t version) {
  return redis_.Command({"EVAL", kInvalidateScript, "1", full_key, crm::StrCat(version), ttl_ms_})
      .ok();
}

bool VersionedCache::ReplayPending() {
  // The common case, nothing queued, takes no lock.
  if (!has_pending_.load(std::memory_order_acquire)) return true;
  absl::MutexLock lock(&mu_);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!SendInvalidate(it->first, it->second)) return false;
    pending_.erase(it++);
  }
  has_pending_.store(false, std::memory_order_release);
  return true;
}

std::optional<std::string> VersionedCache::Get(std::string_view key) {
  if (!ReplayPending()) return std::nullopt;
  absl::StatusOr<RedisReplyPtr> reply =
      redis_.Command({"GET", crm::StrCat(key_prefix_, absl::string_view(key.data(), key.size()))});
  if (!reply.ok() || (*reply)->type != REDIS_REPLY_STRING) return std::nullopt;
  return PayloadOf(std::string_view((*reply)->str, (*reply)->len));
}

void VersionedCache::Put(std::string_view key, int64_t version, std::string_view payload) {
  if (!ReplayPending()) return;
  (void)redis_.Command({"EVAL", kPutScript, "1",
                        crm::StrCat(key_prefix_, absl::string_view(key.data(), key.size())),
                        crm::StrCat(version), std::string(payload), ttl_ms_});
}

void VersionedCache::Invalidate(std::string_view key, int64_t committed_version) {
  std::string full_key = crm::StrCat(key_prefix_, absl::string_view(key.data(), key.size()));
  if (ReplayPending() && SendInvalidate(full_key, committed_version)) return;
  absl::MutexLock lock(&mu_);
  int64_t& queued = pending_[full_key];
  queued = std::max(queued, committed_version);
  has_pending_.store(true, std::memory_order_release);
}

std::optional<std::string> VersionedCache::RawGet(std::string_view full_key) {
  absl::StatusOr<RedisReplyPtr> reply = redis_.Command({"GET", std::string(full_key)});
  if (!reply.ok() || (*reply)->type != REDIS_REPLY_STRING) return std::nullopt;
  return std::string((*reply)->str, (*reply)->len);
}

bool VersionedCache::available() { return ReplayPending() && redis_.available(); }

size_t VersionedCache::pending_invalidations() {
  absl::MutexLock lock(&mu_);
  return pending_.size();
}

}  // namespace crm::cache
