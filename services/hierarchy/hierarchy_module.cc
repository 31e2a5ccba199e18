#include "services/hierarchy/hierarchy_module.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_signer.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_publisher.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "services/hierarchy/customer_facts.h"
#include "services/hierarchy/customer_sync.h"
#include "services/hierarchy/hierarchy_database.h"
#include "services/hierarchy/hierarchy_events.h"
#include "services/hierarchy/hierarchy_rules.h"
#include "services/hierarchy/hierarchy_service.h"
#include "services/hierarchy/hierarchy_store.h"
#include "services/hierarchy/subtree_cache.h"

namespace crm::hierarchy {
namespace {

class HierarchyModuleImpl final : public HierarchyModule {
 public:
  explicit HierarchyModuleImpl(const HierarchyConfig& config)
      : request_log_(kHierarchySchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key),
        customer_channel_(
            grpc::CreateChannel(config.customer_address, grpc::InsecureChannelCredentials())),
        customers_(customer_channel_) {}

  absl::Status Init(const HierarchyConfig& config) {
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.application_name = "crm-hierarchy";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        OpenHierarchyDatabase(std::move(options), request_log_, config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    if (!config.redis_address.empty()) {
      absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(config.redis_address);
      if (!redis.ok()) return redis.status();
      redis_ =
          std::make_unique<cache::VersionedCache>(*redis, "crm:hierarchy:v1:", config.cache_ttl);
      subtree_cache_ = std::make_unique<SubtreeCache>(*redis_);
    }
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, HierarchyFeed(config.events_settle, config.events_retention));
    if (absl::Status s = StartEventStream(config); !s.ok()) return s;
    store_ = std::make_unique<HierarchyStore>(*pool_, request_log_, *outbox_);
    sync_ = std::make_unique<CustomerSync>(*pool_, *store_, customer_channel_,
                                           auth::PrincipalSigner(config.principal_key),
                                           config.customer_sync_interval);
    if (config.customer_sync_interval > absl::ZeroDuration()) sync_->Start();
    service_ =
        std::make_unique<HierarchyService>(HierarchyServiceDeps{.store = store_.get(),
                                                                .customers = &customers_,
                                                                .cache = subtree_cache_.get(),
                                                                .verifier = &verifier_,
                                                                .page_tokens = &page_tokens_,
                                                                .outbox = outbox_.get(),
                                                                .watches = feed_.watches(),
                                                                .event_cursors = &event_cursors_});
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }

  events::FollowerHealth customer_follower_health() const override { return sync_->Health(); }

  void ExportMetrics(prometheus::Registry& registry) override { sync_->ExportMetrics(registry); }

 private:
  // Serves the feed to watches, through the Redis stream when there is one.
  absl::Status StartEventStream(const HierarchyConfig& config) {
    return feed_.Start(*outbox_, {.redis_address = config.redis_address,
                                  .relay = config.events_relay,
                                  .stream_max_length = config.events_stream_max_length,
                                  .watches = {.max_watches = config.max_event_watches,
                                              .heartbeat = config.event_watch_heartbeat,
                                              .domain = kDomain,
                                              .list_method = "ListHierarchyEvents"}});
  }

  // Destroyed bottom-up: the service first, the pool it borrows from late.
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  events::EventCursorCodec event_cursors_{page_tokens_, "ListHierarchyEvents", kDomain};
  std::shared_ptr<grpc::Channel> customer_channel_;
  CustomerFactsClient customers_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<cache::VersionedCache> redis_;
  std::unique_ptr<SubtreeCache> subtree_cache_;
  std::unique_ptr<events::Outbox> outbox_;
  events::FeedPublisher feed_;  // the relay and the watches
  std::unique_ptr<HierarchyStore> store_;
  std::unique_ptr<CustomerSync> sync_;  // stops before the store goes
  std::unique_ptr<HierarchyService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<HierarchyModule>> HierarchyModule::Create(
    const HierarchyConfig& config) {
  if (config.customer_address.empty()) {
    return absl::InvalidArgumentError("hierarchy: no customer service address");
  }
  auto module = std::make_unique<HierarchyModuleImpl>(config);
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::hierarchy
