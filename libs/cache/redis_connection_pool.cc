#include "libs/cache/redis_connection_pool.h"

#include <sys/time.h>

#include "absl/strings/str_cat.h"
#include "libs/log/log.h"
#include "libs/strings/str_cat.h"

namespace crm::cache {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

}  // namespace

RedisConnectionPool::RedisConnectionPool(RedisOptions options)
    : options_(std::move(options)),
      address_(crm::StrCat(options_.host, ":", options_.port)) {}

bool RedisConnectionPool::available() const {
  absl::MutexLock lock(&mu_);
  return absl::Now() >= retry_after_;
}

void RedisConnectionPool::MarkFailed(std::string_view why) {
  absl::MutexLock lock(&mu_);
  retry_after_ = absl::Now() + options_.retry_interval;
  if (!down_) {  // log the outage once, not once per request
    down_ = true;
    log::Warn("redis unavailable; reads fall back to PostgreSQL",
              {{"redis", address_}, {"error", why}});
  }
  // Siblings of a failed connection are likely broken too (server restarted).
  idle_.clear();
}

absl::StatusOr<RedisConnectionPool::Connection> RedisConnectionPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      Connection c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    if (absl::Now() < retry_after_) {
      return absl::UnavailableError("redis: backing off after a failure");
    }
  }
  const timeval connect_timeout = AsTimeval(options_.connect_timeout);
  Connection c(redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout));
  if (c == nullptr || c->err != 0) {
    std::string why = c == nullptr ? "out of memory" : c->errstr;
    MarkFailed(why);
    return absl::UnavailableError(
        crm::StrCat("redis ", address_, ": ", why));
  }
  const timeval command_timeout = AsTimeval(options_.command_timeout);
  redisSetTimeout(c.get(), command_timeout);
  absl::MutexLock lock(&mu_);
  if (down_) {
    down_ = false;
    log::Info("redis reachable again", {{"redis", address_}});
  }
  return c;
}

void RedisConnectionPool::Release(Connection connection) {
  absl::MutexLock lock(&mu_);
  if (static_cast<int>(idle_.size()) < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  }
}

absl::StatusOr<RedisReplyPtr> RedisConnectionPool::Command(
    const std::vector<std::string>& args) {
  absl::StatusOr<Connection> connection = Acquire();
  if (!connection.ok()) return connection.status();
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  RedisReplyPtr reply(static_cast<redisReply*>(redisCommandArgv(
      connection->get(), static_cast<int>(args.size()), argv.data(), lengths.data())));
  if (reply == nullptr) {
    std::string why = (*connection)->errstr;
    MarkFailed(why);  // the connection is dropped with `connection`
    return absl::UnavailableError(crm::StrCat("redis: ", why));
  }
  Release(*std::move(connection));
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::UnavailableError(
        crm::StrCat("redis: ", std::string(reply->str, reply->len)));
  }
  return reply;
}

}  // namespace crm::cache
