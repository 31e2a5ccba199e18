#include "services/contract/contract_module.h"

#include <optional>
#include <string>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_signer.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/feed_publisher.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "services/contract/approvals/approval_handlers.h"
#include "services/contract/contract_service.h"
#include "services/contract/contracts/contract_handlers.h"
#include "services/contract/contracts/merge_follow.h"
#include "services/contract/contracts/opportunity_lookup.h"
#include "services/contract/core/contract_context.h"
#include "services/contract/core/contract_database.h"
#include "services/contract/core/contract_events.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/expiry/contract_jobs.h"
#include "services/contract/expiry/expiry_handlers.h"
#include "services/contract/receivables/receivable_handlers.h"

namespace crm::contract {
namespace {

constexpr char kServicePrincipal[] = "services/contract";

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

class ContractModuleImpl final : public ContractModule {
 public:
  explicit ContractModuleImpl(const ContractConfig& config)
      : clock_(config.clock != nullptr ? *config.clock : clock::RealClock()),
        request_log_(kContractSchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key) {
    if (!config.opportunity_address.empty()) {
      opportunities_.emplace(ChannelTo(config.opportunity_address),
                             auth::PrincipalSigner(config.principal_key));
    }
  }

  absl::Status Init(const ContractConfig& config) {
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.application_name = "crm-contract";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        OpenContractDatabase(std::move(options), request_log_, Statements(), config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, ContractFeed(config.events_settle, config.events_retention));
    if (absl::Status s = StartEventStream(config); !s.ok()) return s;
    if (!config.hierarchy_address.empty()) {
      groups_ = std::make_unique<replicas::GroupReplica>(
          *pool_, ChannelTo(config.hierarchy_address), auth::PrincipalSigner(config.principal_key),
          replicas::GroupReplicaOptions{.schema = kContractSchema,
                                        .principal = kServicePrincipal,
                                        .follow_interval = config.group_follow_interval});
      if (config.group_follow_interval > absl::ZeroDuration()) groups_->Start();
    }
    customers_ = std::make_unique<replicas::CustomerReplica>(
        *pool_, ChannelTo(config.customer_address), auth::PrincipalSigner(config.principal_key),
        replicas::CustomerReplicaOptions{.schema = kContractSchema,
                                         .service = kServicePrincipal,
                                         .error_domain = kDomain,
                                         .interval = config.customer_follow_interval},
        MergeFollowHooks(*outbox_, groups_.get()));
    if (config.customer_follow_interval > absl::ZeroDuration()) customers_->Start();
    context_ = ContractContext{.pool = pool_.get(),
                               .request_log = &request_log_,
                               .outbox = outbox_.get(),
                               .clock = &clock_,
                               .page_tokens = &page_tokens_,
                               .customers = customers_.get(),
                               .groups = groups_.get(),
                               .expiry_reminder_days = config.expiry_reminder_days};
    jobs_ = std::make_unique<jobs::JobScheduler>(*pool_, kContractSchema, clock_);
    ContractServiceDeps deps{.verifier = &verifier_,
                             .outbox = outbox_.get(),
                             .watches = feed_.watches(),
                             .event_cursors = &event_cursors_};
    contracts_ = std::make_unique<ContractHandlers>(
        context_, opportunities_.has_value() ? &*opportunities_ : nullptr);
    deps.contracts = contracts_.get();
    approvals_ = std::make_unique<ApprovalHandlers>(context_);
    deps.approvals = approvals_.get();
    receivables_ = std::make_unique<ReceivableHandlers>(context_);
    deps.receivables = receivables_.get();
    expiry_ = std::make_unique<ExpiryHandlers>(context_);
    deps.expiry = expiry_.get();
    contract_jobs_ = std::make_unique<ContractJobs>(context_);
    if (absl::Status s = contract_jobs_->Register(*jobs_, config.contract_jobs_period); !s.ok()) {
      return s;
    }
    if (config.jobs_poll > absl::ZeroDuration()) jobs_->Start();
    service_ = std::make_unique<ContractService>(deps);
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  replicas::CustomerReplica& customer_replica() override { return *customers_; }
  replicas::GroupReplica* group_replica() override { return groups_.get(); }
  jobs::JobScheduler& jobs() override { return *jobs_; }
  pg::ConnectionPool& pool() override { return *pool_; }
  events::FollowerHealth customer_follower_health() const override { return customers_->Health(); }
  void ExportMetrics(prometheus::Registry& registry) override {
    customers_->ExportMetrics(registry);
    if (groups_ != nullptr) groups_->ExportMetrics(registry);
    jobs_->ExportMetrics(registry);
  }

 private:
  // Every capability's statements, prepared on each connection.
  static std::vector<pg::PreparedStatement> Statements() {
    std::vector<pg::PreparedStatement> statements;
    const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
      statements.insert(statements.end(), more.begin(), more.end());
    };
    add(ContractHandlers::Statements());
    add(MergeFollowStatements());
    add(ApprovalHandlers::Statements());
    add(ReceivableHandlers::Statements());
    add(ExpiryHandlers::Statements());
    add(ContractJobs::Statements());
    return statements;
  }

  // Serves the feed to watches, through the Redis stream when there is one.
  absl::Status StartEventStream(const ContractConfig& config) {
    return feed_.Start(*outbox_, {.redis_address = config.redis_address,
                                  .relay = config.events_relay,
                                  .stream_max_length = config.events_stream_max_length,
                                  .watches = {.max_watches = config.max_event_watches,
                                              .heartbeat = config.event_watch_heartbeat,
                                              .domain = kDomain,
                                              .list_method = "ListContractEvents"}});
  }

  // Destroyed bottom-up: the service first, the pool it borrows from late.
  const clock::Clock& clock_;
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  events::EventCursorCodec event_cursors_{page_tokens_, "ListContractEvents", kDomain};
  std::optional<OpportunityLookup> opportunities_;  // none without an opportunity address
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<events::Outbox> outbox_;
  events::FeedPublisher feed_;                      // the relay and the watches
  std::unique_ptr<replicas::GroupReplica> groups_;  // null without a hierarchy address
  // Its thread (and merge hooks, which use groups_) stops before the pool.
  std::unique_ptr<replicas::CustomerReplica> customers_;
  ContractContext context_;
  std::unique_ptr<ContractJobs> contract_jobs_;  // outlives the scheduler
  std::unique_ptr<jobs::JobScheduler> jobs_;     // joins its thread first
  std::unique_ptr<ContractHandlers> contracts_;
  std::unique_ptr<ApprovalHandlers> approvals_;
  std::unique_ptr<ReceivableHandlers> receivables_;
  std::unique_ptr<ExpiryHandlers> expiry_;
  std::unique_ptr<ContractService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ContractModule>> ContractModule::Create(
    const ContractConfig& config) {
  if (config.customer_address.empty()) {
    return absl::InvalidArgumentError("contract: no customer service address");
  }
  auto module = std::make_unique<ContractModuleImpl>(config);
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::contract
