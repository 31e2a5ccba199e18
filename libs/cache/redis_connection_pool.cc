#include "libs/cache/redis_connection_pool.h"

#include <sys/time.h>

#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"

namespace crm::cache {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

}  // namespace

RedisConnectionPool::RedisConnectionPool(RedisOptions options)
    : options_(std::move(options)),
      address_(crm::StrCat(options_.host, ":", options_.port)),
      availability_(address_) {}

bool RedisConnectionPool::available() const {
  absl::MutexLock lock(&mu_);
  return absl::Now() >= retry_after_;
}

void RedisConnectionPool::MarkFailed(std::string_view why) {
  {
    absl::MutexLock lock(&mu_);
    retry_after_ = absl::Now() + options_.retry_interval;
    // Siblings of a failed connection are likely broken too (server restarted).
    idle_.clear();
  }
  availability_.RecordFailure(why);
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
      availability_.Skipped();
      return absl::UnavailableError("redis: backing off after a failure");
    }
  }
  const timeval connect_timeout = AsTimeval(options_.connect_timeout);
  Connection c(redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout));
  if (c == nullptr || c->err != 0) {
    std::string why = c == nullptr ? "out of memory" : c->errstr;
    MarkFailed(why);
    return absl::UnavailableError(crm::StrCat("redis ", address_, ": ", why));
  }
  // A connection is no sign that Redis is back: a hung (SIGSTOPped) server's
  // kernel still accepts them. Only a reply is (Command).
  const timeval command_timeout = AsTimeval(options_.command_timeout);
  redisSetTimeout(c.get(), command_timeout);
  return c;
}

void RedisConnectionPool::Release(Connection connection) {
  absl::MutexLock lock(&mu_);
  if (static_cast<int>(idle_.size()) < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  }
}

absl::StatusOr<RedisReplyPtr> RedisConnectionPool::Command(const std::vector<std::string>& args) {
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
  availability_.RecordSuccess();  // an error reply is an answer too
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::UnavailableError(crm::StrCat("redis: ", std::string(reply->str, reply->len)));
  }
  return reply;
}

}  // namespace crm::cache
