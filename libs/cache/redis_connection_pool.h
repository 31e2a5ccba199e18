#ifndef CRM_LIBS_CACHE_REDIS_CONNECTION_POOL_H_
#define CRM_LIBS_CACHE_REDIS_CONNECTION_POOL_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hiredis/hiredis.h"
#include "libs/cache/availability_log.h"
#include "libs/cache/redis_options.h"

namespace crm::cache {

struct RedisContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct RedisReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

// Blocking hiredis connections shared by many threads. A connection that saw
// an error (timeout, reset) is discarded, never reused: hiredis leaves it in
// an undefined state. After a failure no connection is attempted for
// retry_interval, so an outage costs callers nothing but a cache miss. An
// outage is logged once when it begins and once when a command completes
// again (AvailabilityLog), however many commands fail in between.
class RedisConnectionPool {
 public:
  explicit RedisConnectionPool(RedisOptions options);

  // Runs one command (binary-safe arguments). UNAVAILABLE when Redis cannot
  // be reached or answers with an error.
  absl::StatusOr<RedisReplyPtr> Command(const std::vector<std::string>& args);

  // False while inside the back-off window after a failure.
  bool available() const;

 private:
  using Connection = std::unique_ptr<redisContext, RedisContextDeleter>;

  absl::StatusOr<Connection> Acquire();
  void Release(Connection connection);
  void MarkFailed(std::string_view why);

  const RedisOptions options_;
  const std::string address_;  // host:port, for messages
  mutable absl::Mutex mu_;
  std::vector<Connection> idle_ ABSL_GUARDED_BY(mu_);
  absl::Time retry_after_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  AvailabilityLog availability_;
};

}  // namespace crm::cache

#endif  // CRM_LIBS_CACHE_REDIS_CONNECTION_POOL_H_
