#ifndef CRM_LIBS_CACHE_REDIS_OPTIONS_H_
#define CRM_LIBS_CACHE_REDIS_OPTIONS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace crm::cache {

// Where Redis is and how long we wait for it. The cache is an accelerator, so
// the timeouts are short: a slow Redis must cost a read milliseconds, not
// seconds, before it falls back to PostgreSQL.
struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  absl::Duration connect_timeout = absl::Milliseconds(200);
  absl::Duration command_timeout = absl::Milliseconds(100);
  // After a failure, no new connection is tried for this long; meanwhile
  // reads miss and writes queue their invalidations.
  absl::Duration retry_interval = absl::Milliseconds(200);
  int max_idle_connections = 16;
};

// Parses "host:port" (e.g. "127.0.0.1:6379"). INVALID_ARGUMENT names what is
// wrong.
absl::StatusOr<RedisOptions> ParseRedisAddress(std::string_view address);

}  // namespace crm::cache

#endif  // CRM_LIBS_CACHE_REDIS_OPTIONS_H_
