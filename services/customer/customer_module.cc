#include "services/customer/customer_module.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_publisher.h"
#include "libs/events/migrations.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log_migrations.h"
#include "libs/log/log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "services/customer/contacts/contact_store.h"
#include "services/customer/core/change_record.h"
#include "services/customer/core/customer_cache.h"
#include "services/customer/core/customer_store.h"
#include "services/customer/core/personal_info_audit.h"
#include "services/customer/core/personal_info_cipher.h"
#include "services/customer/core/store_support.h"
#include "services/customer/customer_service.h"
#include "services/customer/duplicates/duplicate_scanner.h"
#include "services/customer/operations/operations_service.h"

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
    for (const auto& s : MergeStore::Statements()) statements.push_back(s);
    for (const auto& s : PersonalInfoAudit::Statements()) statements.push_back(s);
    for (const auto& s : request_log_.statements()) statements.push_back(s);
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.statements = std::move(statements);
    options.application_name = "crm-customer";
    const pg::LibraryMigrations libraries[] = {idempotency::RequestLogMigrations(),
                                               events::OutboxMigrations()};
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        pg::OpenServiceDatabase(std::move(options), kSchema,
                                absl::MakeConstSpan(kCustomerMigrations, kCustomerMigrations_count),
                                libraries, config.migrate);
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
    changes_ = std::make_unique<events::Outbox>(
        *pool_, CustomerFeed(config.change_feed_settle, config.change_feed_retention));
    if (absl::Status s = StartChangeStream(config); !s.ok()) return s;
    operations_ = std::make_unique<OperationStore>(*pool_, request_log_);
    if (absl::Status s = operations_->AbandonRunning(); !s.ok()) return s;
    scanner_ = std::make_unique<DuplicateScanner>(*pool_);
    scans_ = std::make_unique<ScanRunner>(*operations_, *scanner_);
    operations_service_ =
        std::make_unique<OperationsService>(*operations_, verifier_, page_tokens_);
    customers_ = std::make_unique<CustomerStore>(*pool_, request_log_);
    customer_cache_ = std::make_unique<CustomerCache>(cache_.get(), *customers_);
    audit_ = std::make_unique<PersonalInfoAudit>(*pool_);
    importer_ = std::make_unique<CustomerImporter>(*pool_, cipher_);
    contacts_ = std::make_unique<ContactStore>(*pool_, request_log_);
    merges_ = std::make_unique<MergeStore>(*pool_, request_log_, config.trusted_source_systems);
    StartHandlers();
    return absl::OkStatus();
  }

  // Serves the change feed to watches, through the Redis stream when there
  // is one.
  absl::Status StartChangeStream(const CustomerConfig& config) {
    return feed_.Start(*changes_, {.redis_address = config.redis_address,
                                   .relay = config.change_relay,
                                   .stream_max_length = config.change_stream_max_length,
                                   .watches = {.max_watches = config.max_change_watches,
                                               .heartbeat = config.change_watch_heartbeat,
                                               .domain = kDomain,
                                               .list_method = "ListCustomerChanges"}});
  }

  // One handler per capability, each given only what it uses, behind the
  // one gRPC service.
  void StartHandlers() {
    records_ = std::make_unique<RecordsHandler>(RecordsDeps{
        .customers = customers_.get(),
        .cache = customer_cache_.get(),
        .verifier = &verifier_,
        .page_tokens = &page_tokens_,
        .possible_duplicates = [finder = duplicates_.get()](const v1::Customer& created) {
          return PossibleDuplicatesOf(*finder, created);
        }});
    contacts_handler_ =
        std::make_unique<ContactsHandler>(ContactsDeps{.contacts = contacts_.get(),
                                                       .cache = customer_cache_.get(),
                                                       .audit = audit_.get(),
                                                       .verifier = &verifier_,
                                                       .cipher = &cipher_,
                                                       .page_tokens = &page_tokens_});
    duplicates_handler_ = std::make_unique<DuplicatesHandler>(
        DuplicatesDeps{.duplicates = duplicates_.get(),
                       .customers = customers_.get(),
                       .audit = audit_.get(),
                       .operations = operations_.get(),
                       .scans = scans_.get(),
                       .verifier = &verifier_,
                       .cipher = &cipher_,
                       .personal_info_lookups = &personal_info_lookups_});
    quality_handler_ = std::make_unique<QualityHandler>(
        QualityDeps{.quality = quality_.get(), .verifier = &verifier_});
    merge_handler_ = std::make_unique<MergeHandler>(MergeDeps{.merges = merges_.get(),
                                                              .merge_guard = &merge_guard_,
                                                              .cache = customer_cache_.get(),
                                                              .verifier = &verifier_});
    import_handler_ = std::make_unique<ImportHandler>(ImportDeps{
        .importer = importer_.get(), .cache = customer_cache_.get(), .verifier = &verifier_});
    changes_handler_ = std::make_unique<ChangesHandler>(
        ChangesDeps{.outbox = changes_.get(), .verifier = &verifier_, .cursors = &change_cursors_});
    watch_handler_ = std::make_unique<WatchHandler>(
        WatchDeps{.watches = feed_.watches(), .verifier = &verifier_, .cursors = &change_cursors_});
    service_ =
        std::make_unique<CustomerService>(CustomerHandlers{.records = records_.get(),
                                                           .contacts = contacts_handler_.get(),
                                                           .duplicates = duplicates_handler_.get(),
                                                           .quality = quality_handler_.get(),
                                                           .merge = merge_handler_.get(),
                                                           .import = import_handler_.get(),
                                                           .changes = changes_handler_.get(),
                                                           .watch = watch_handler_.get()});
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
  // ListCustomerChanges' own fingerprint, kept for the tokens it already
  // handed out; WatchCustomerChanges takes the same.
  events::EventCursorCodec change_cursors_{page_tokens_, "ListCustomerChanges", kDomain};
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<cache::VersionedCache> cache_;
  std::unique_ptr<DuplicateFinder> duplicates_;
  std::unique_ptr<QualityReporter> quality_;
  std::unique_ptr<events::Outbox> changes_;
  events::FeedPublisher feed_;  // the relay (stops before the feed goes) and the watches
  std::unique_ptr<OperationStore> operations_;
  std::unique_ptr<DuplicateScanner> scanner_;
  std::unique_ptr<ScanRunner> scans_;  // stops its scans before what they use goes
  std::unique_ptr<OperationsService> operations_service_;
  std::unique_ptr<CustomerStore> customers_;
  std::unique_ptr<CustomerCache> customer_cache_;
  std::unique_ptr<PersonalInfoAudit> audit_;
  std::unique_ptr<CustomerImporter> importer_;
  std::unique_ptr<ContactStore> contacts_;
  std::unique_ptr<MergeStore> merges_;
  MergeGuard merge_guard_;
  rate_limit::TokenBucketLimiter personal_info_lookups_;
  std::unique_ptr<RecordsHandler> records_;
  std::unique_ptr<ContactsHandler> contacts_handler_;
  std::unique_ptr<DuplicatesHandler> duplicates_handler_;
  std::unique_ptr<QualityHandler> quality_handler_;
  std::unique_ptr<MergeHandler> merge_handler_;
  std::unique_ptr<ImportHandler> import_handler_;
  std::unique_ptr<ChangesHandler> changes_handler_;
  std::unique_ptr<WatchHandler> watch_handler_;
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
