#include "services/hierarchy/hierarchy_module.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_signer.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/idempotency/request_log.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/embedded_file.h"
#include "libs/pg/migrate.h"
#include "services/hierarchy/customer_facts.h"
#include "services/hierarchy/customer_sync.h"
#include "services/hierarchy/hierarchy_service.h"
#include "services/hierarchy/hierarchy_store.h"
#include "services/hierarchy/subtree_cache.h"

namespace crm {
extern const EmbeddedFile kHierarchyMigrations[];
extern const int kHierarchyMigrations_count;
}  // namespace crm

namespace crm::hierarchy {
namespace {

constexpr char kSchema[] = "hierarchy";

class HierarchyModuleImpl final : public HierarchyModule {
 public:
  explicit HierarchyModuleImpl(const HierarchyConfig& config)
      : request_log_(kSchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key),
        customer_channel_(
            grpc::CreateChannel(config.customer_address, grpc::InsecureChannelCredentials())),
        customers_(customer_channel_) {}

  absl::Status Init(const HierarchyConfig& config) {
    std::vector<pg::PreparedStatement> statements = HierarchyStore::Statements();
    for (const auto& s : request_log_.statements()) statements.push_back(s);
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.statements = std::move(statements);
    options.application_name = "crm-hierarchy";
    const pg::LibraryMigrations request_log_migrations = idempotency::RequestLogMigrations();
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = pg::OpenServiceDatabase(
        std::move(options), kSchema,
        absl::MakeConstSpan(kHierarchyMigrations, kHierarchyMigrations_count),
        {&request_log_migrations, 1}, config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    if (!config.redis_address.empty()) {
      absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(config.redis_address);
      if (!redis.ok()) return redis.status();
      redis_ =
          std::make_unique<cache::VersionedCache>(*redis, "crm:hierarchy:v1:", config.cache_ttl);
      subtree_cache_ = std::make_unique<SubtreeCache>(*redis_);
    }
    store_ = std::make_unique<HierarchyStore>(*pool_, request_log_);
    sync_ = std::make_unique<CustomerSync>(*store_, customer_channel_,
                                           auth::PrincipalSigner(config.principal_key));
    if (config.customer_sync_interval > absl::ZeroDuration()) {
      sync_->Start(config.customer_sync_interval);
    }
    service_ = std::make_unique<HierarchyService>(HierarchyServiceDeps{
        store_.get(), &customers_, subtree_cache_.get(), &verifier_, &page_tokens_});
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }

 private:
  // Destroyed bottom-up: the service first, the pool it borrows from late.
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  std::shared_ptr<grpc::Channel> customer_channel_;
  CustomerFactsClient customers_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<cache::VersionedCache> redis_;
  std::unique_ptr<SubtreeCache> subtree_cache_;
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
