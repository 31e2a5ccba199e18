#include "libs/events/feed_publisher.h"

#include <utility>

#include "libs/cache/redis_options.h"

namespace crm::events {

absl::Status FeedPublisher::Start(Outbox& outbox, FeedPublisherOptions options) {
  if (options.relay && !options.redis_address.empty()) {
    absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(options.redis_address);
    if (!redis.ok()) return redis.status();
    stream_ =
        std::make_unique<EventStream>(*redis, outbox.options().StreamKey(),
                                      options.stream_max_length, options.watches.stream_block);
    relay_ = std::make_unique<Relay>(outbox, *stream_,
                                     RelayOptions{.backfill = options.stream_max_length});
    relay_->Start();
  }
  watches_ = std::make_unique<Watches>(outbox, stream_.get(), std::move(options.watches));
  return absl::OkStatus();
}

}  // namespace crm::events
