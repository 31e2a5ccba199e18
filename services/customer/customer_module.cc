#include "services/customer/customer_module.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/log/log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "services/customer/change_relay.h"
#include "services/customer/change_stream.h"
#include "services/customer/contact_store.h"
#include "services/customer/customer_service.h"
#include "services/customer/customer_store.h"
#include "services/customer/operations_service.h"
#include "services/customer/personal_info_cipher.h"

namespace crm {
extern const EmbeddedFile kCustomerMigrations[];
extern const int kCustomerMigrations_count;
}  // namespace crm

namespace crm::customer {
namespace {

constexpr char kSchema[] = "customer";

class CustomerModuleImpl final : public CustomerModule {
 public:
  CustomerModuleImpl(const CustomerConfig& config, PersonalInfoCipher cipher)
      : request_log_(kSchema),
        verifier_(config.principal_key),
        cipher_(std::move(cipher)),
        page_tokens_(config.page_token_key),
        merge_guard_(auth::PrincipalSigner(config.principal_key)),
        personal_info_lookups_(config.personal_info_lookup_limit) {}

  absl::Status Init(const CustomerConfig& config) {
    std::vector<pg::PreparedStatement> statements = CustomerStore::Statements();
    for (const auto& s : ContactStore::Statements()) statements.push_back(s);
    for (const auto& s : DuplicateFinder::Statements()) statements.push_back(s);
    for (const auto& s : QualityReporter::Statements()) statements.push_back(s);
    for (const auto& s : OperationStore::Statements()) statements.push_back(s);
    for (const auto& s : DuplicateScanner::Statements()) statements.push_back(s);
    for (const auto& s : ChangeFeed::Statements()) statements.push_back(s);
    for (const auto& s : MergeStore::Statements()) statements.push_back(s);
    for (const auto& s : request_log_.statements()) statements.push_back(s);
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.statements = std::move(statements);
    options.application_name = "crm-customer";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = pg::OpenServiceDatabase(
        std::move(options), kSchema,
        absl::MakeConstSpan(kCustomerMigrations, kCustomerMigrations_count), config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    if (!config.redis_address.empty()) {
      absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(config.redis_address);
      if (!redis.ok()) return redis.status();
      cache_ =
          std::make_unique<cache::VersionedCache>(*redis, "crm:customer:v1:", config.cache_ttl);
    }
    duplicates_ = std::make_unique<DuplicateFinder>(*pool_);
    if (absl::Status s = duplicates_->Backfill(); !s.ok()) return s;
    quality_ = std::make_unique<QualityReporter>(*pool_);
    changes_ = std::make_unique<ChangeFeed>(*pool_, config.change_feed_settle,
                                            config.change_feed_retention);
    if (absl::Status s = StartChangeStream(config); !s.ok()) return s;
    operations_ = std::make_unique<OperationStore>(*pool_, request_log_);
    if (absl::Status s = operations_->AbandonRunning(); !s.ok()) return s;
    scanner_ = std::make_unique<DuplicateScanner>(*pool_);
    scans_ = std::make_unique<ScanRunner>(*operations_, *scanner_);
    operations_service_ =
        std::make_unique<OperationsService>(*operations_, verifier_, page_tokens_);
    customers_ = std::make_unique<CustomerStore>(*pool_, request_log_);
    importer_ = std::make_unique<CustomerImporter>(*pool_);
    contacts_ = std::make_unique<ContactStore>(*pool_, request_log_);
    merges_ = std::make_unique<MergeStore>(*pool_, request_log_, config.trusted_source_systems);
    service_ = std::make_unique<CustomerService>(
        CustomerServiceDeps{.customers = customers_.get(),
                            .contacts = contacts_.get(),
                            .cache = cache_.get(),
                            .verifier = &verifier_,
                            .cipher = &cipher_,
                            .page_tokens = &page_tokens_,
                            .duplicates = duplicates_.get(),
                            .quality = quality_.get(),
                            .operations = operations_.get(),
                            .scans = scans_.get(),
                            .changes = changes_.get(),
                            .importer = importer_.get(),
                            .merges = merges_.get(),
                            .merge_guard = &merge_guard_,
                            .watches = watches_.get(),
                            .personal_info_lookups = &personal_info_lookups_});
    return absl::OkStatus();
  }

  // The relay to the Redis stream (when Redis is configured and the relay
  // is on) and the watches reading from it or from PostgreSQL.
  absl::Status StartChangeStream(const CustomerConfig& config) {
    ChangeWatchOptions watch_options{.max_watches = config.max_change_watches,
                                     .heartbeat = config.change_watch_heartbeat};
    if (config.change_relay && !config.redis_address.empty()) {
      absl::StatusOr<cache::RedisOptions> redis = cache::ParseRedisAddress(config.redis_address);
      if (!redis.ok()) return redis.status();
      stream_ = std::make_unique<ChangeStream>(
          *redis, kChangeStreamKey, config.change_stream_max_length, watch_options.stream_block);
      relay_ = std::make_unique<ChangeRelay>(
          *changes_, *stream_, ChangeRelayOptions{.backfill = config.change_stream_max_length});
      relay_->Start();
    }
    watches_ = std::make_unique<ChangeWatches>(*changes_, stream_.get(), watch_options);
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  grpc::Service* operations_service() override { return operations_service_.get(); }
  void ConnectHierarchy(const std::string& address) override { merge_guard_.Connect(address); }

 private:
  // Declaration order is destruction order in reverse: the service goes
  // first, the pool it borrows from last but one.
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  PersonalInfoCipher cipher_;
  pagination::PageTokenCodec page_tokens_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<cache::VersionedCache> cache_;
  std::unique_ptr<DuplicateFinder> duplicates_;
  std::unique_ptr<QualityReporter> quality_;
  std::unique_ptr<ChangeFeed> changes_;
  std::unique_ptr<ChangeStream> stream_;    // null without Redis or relay
  std::unique_ptr<ChangeRelay> relay_;      // stops before the feed and stream go
  std::unique_ptr<ChangeWatches> watches_;  // waits for the watches still running
  std::unique_ptr<OperationStore> operations_;
  std::unique_ptr<DuplicateScanner> scanner_;
  std::unique_ptr<ScanRunner> scans_;  // stops its scans before what they use goes
  std::unique_ptr<OperationsService> operations_service_;
  std::unique_ptr<CustomerStore> customers_;
  std::unique_ptr<CustomerImporter> importer_;
  std::unique_ptr<ContactStore> contacts_;
  std::unique_ptr<MergeStore> merges_;
  MergeGuard merge_guard_;
  rate_limit::TokenBucketLimiter personal_info_lookups_;
  std::unique_ptr<CustomerService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CustomerModule>> CustomerModule::Create(
    const CustomerConfig& config) {
  absl::StatusOr<PersonalInfoCipher> cipher = PersonalInfoCipher::Create(config.pii_key);
  if (!cipher.ok()) return cipher.status();
  auto module = std::make_unique<CustomerModuleImpl>(config, *std::move(cipher));
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::customer
