#include "services/customer/customer_module.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/log/log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/migrate.h"
#include "libs/pg/pool.h"
#include "services/customer/contact_store.h"
#include "services/customer/customer_service.h"
#include "services/customer/operations_service.h"
#include "services/customer/customer_store.h"
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
        page_tokens_(config.page_token_key) {}

  absl::Status Init(const CustomerConfig& config) {
    std::vector<pg::PreparedStatement> statements = CustomerStore::Statements();
    for (const auto& s : ContactStore::Statements()) statements.push_back(s);
    for (const auto& s : DuplicateFinder::Statements()) statements.push_back(s);
    for (const auto& s : QualityReporter::Statements()) statements.push_back(s);
    for (const auto& s : OperationStore::Statements()) statements.push_back(s);
    for (const auto& s : DuplicateScanner::Statements()) statements.push_back(s);
    for (const auto& s : ChangeFeed::Statements()) statements.push_back(s);
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
      absl::StatusOr<cache::RedisOptions> redis =
          cache::ParseRedisAddress(config.redis_address);
      if (!redis.ok()) return redis.status();
      cache_ = std::make_unique<cache::VersionedCache>(*redis, "crm:customer:v1:",
                                                       config.cache_ttl);
    }
    duplicates_ = std::make_unique<DuplicateFinder>(*pool_);
    if (absl::Status s = duplicates_->Backfill(); !s.ok()) return s;
    quality_ = std::make_unique<QualityReporter>(*pool_);
    changes_ = std::make_unique<ChangeFeed>(*pool_, config.change_feed_settle,
                                            config.change_feed_retention);
    operations_ = std::make_unique<OperationStore>(*pool_, request_log_);
    if (absl::Status s = operations_->AbandonRunning(); !s.ok()) return s;
    scanner_ = std::make_unique<DuplicateScanner>(*pool_);
    scans_ = std::make_unique<ScanRunner>(*operations_, *scanner_);
    operations_service_ =
        std::make_unique<OperationsService>(*operations_, verifier_, page_tokens_);
    customers_ = std::make_unique<CustomerStore>(*pool_, request_log_);
    contacts_ = std::make_unique<ContactStore>(*pool_, request_log_);
    service_ = std::make_unique<CustomerService>(CustomerServiceDeps{
        customers_.get(), contacts_.get(), cache_.get(), &verifier_, &cipher_,
        &page_tokens_, duplicates_.get(), quality_.get(), operations_.get(), scans_.get(),
        changes_.get()});
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  grpc::Service* operations_service() override { return operations_service_.get(); }

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
  std::unique_ptr<OperationStore> operations_;
  std::unique_ptr<DuplicateScanner> scanner_;
  std::unique_ptr<ScanRunner> scans_;  // stops its scans before what they use goes
  std::unique_ptr<OperationsService> operations_service_;
  std::unique_ptr<CustomerStore> customers_;
  std::unique_ptr<ContactStore> contacts_;
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
