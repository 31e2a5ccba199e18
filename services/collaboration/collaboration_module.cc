#include "services/collaboration/collaboration_module.h"

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
#include "services/collaboration/attribution/attribution_handlers.h"
#include "services/collaboration/attribution/attribution_jobs.h"
#include "services/collaboration/board/board_handlers.h"
#include "services/collaboration/collaboration_service.h"
#include "services/collaboration/core/collaboration_context.h"
#include "services/collaboration/core/collaboration_database.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/credit/credit_handlers.h"
#include "services/collaboration/deals/deal_followers.h"
#include "services/collaboration/requests/merge_follow.h"
#include "services/collaboration/requests/request_handlers.h"
#include "services/collaboration/sla/sla_handlers.h"
#include "services/collaboration/sla/sla_jobs.h"

namespace crm::collaboration {
namespace {

constexpr char kServicePrincipal[] = "services/collaboration";

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

class CollaborationModuleImpl final : public CollaborationModule {
 public:
  explicit CollaborationModuleImpl(const CollaborationConfig& config)
      : clock_(config.clock != nullptr ? *config.clock : clock::RealClock()),
        request_log_(kCollaborationSchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key) {}

  absl::Status Init(const CollaborationConfig& config) {
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.application_name = "crm-collaboration";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        OpenCollaborationDatabase(std::move(options), request_log_, Statements(), config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, CollaborationFeed(config.events_settle, config.events_retention));
    if (absl::Status s = StartEventStream(config); !s.ok()) return s;
    if (!config.hierarchy_address.empty()) {
      groups_ = std::make_unique<replicas::GroupReplica>(
          *pool_, ChannelTo(config.hierarchy_address), auth::PrincipalSigner(config.principal_key),
          replicas::GroupReplicaOptions{.schema = kCollaborationSchema,
                                        .principal = kServicePrincipal,
                                        .follow_interval = config.group_follow_interval});
      if (config.group_follow_interval > absl::ZeroDuration()) groups_->Start();
    }
    customers_ = std::make_unique<replicas::CustomerReplica>(
        *pool_, ChannelTo(config.customer_address), auth::PrincipalSigner(config.principal_key),
        replicas::CustomerReplicaOptions{.schema = kCollaborationSchema,
                                         .service = kServicePrincipal,
                                         .error_domain = kDomain,
                                         .interval = config.customer_follow_interval},
        MergeFollowHooks(*outbox_, groups_.get()));
    if (config.customer_follow_interval > absl::ZeroDuration()) customers_->Start();
    context_ = CollaborationContext{.pool = pool_.get(),
                                    .request_log = &request_log_,
                                    .outbox = outbox_.get(),
                                    .clock = &clock_,
                                    .page_tokens = &page_tokens_,
                                    .customers = customers_.get(),
                                    .groups = groups_.get()};
    jobs_ = std::make_unique<jobs::JobScheduler>(*pool_, kCollaborationSchema, clock_);
    CollaborationServiceDeps deps{.verifier = &verifier_,
                                  .outbox = outbox_.get(),
                                  .watches = feed_.watches(),
                                  .event_cursors = &event_cursors_};
    requests_ = std::make_unique<RequestHandlers>(context_);
    deps.requests = requests_.get();
    sla_ = std::make_unique<SlaHandlers>(context_);
    deps.sla = sla_.get();
    credit_ = std::make_unique<CreditHandlers>(context_);
    deps.credit = credit_.get();
    sla_jobs_ = std::make_unique<SlaJobs>(context_);
    if (absl::Status s = sla_jobs_->Register(*jobs_, config.sla_job_period); !s.ok()) return s;
    board_ = std::make_unique<BoardHandlers>(context_);
    deps.board = board_.get();
    attribution_ = std::make_unique<AttributionHandlers>(context_);
    deps.attribution = attribution_.get();
    attribution_jobs_ = std::make_unique<AttributionJobs>(context_);
    if (absl::Status s = attribution_jobs_->Register(*jobs_, config.attribution_job_period);
        !s.ok()) {
      return s;
    }
    if (!config.opportunity_address.empty() || !config.contract_address.empty()) {
      deals_ = std::make_unique<DealFollowers>(
          *pool_, context_,
          config.opportunity_address.empty() ? nullptr : ChannelTo(config.opportunity_address),
          config.contract_address.empty() ? nullptr : ChannelTo(config.contract_address),
          auth::PrincipalSigner(config.principal_key),
          DealFollowerOptions{.interval = config.deal_follow_interval});
      if (config.deal_follow_interval > absl::ZeroDuration()) deals_->Start();
    }
    if (config.jobs_poll > absl::ZeroDuration()) jobs_->Start();
    service_ = std::make_unique<CollaborationService>(deps);
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  replicas::CustomerReplica& customer_replica() override { return *customers_; }
  replicas::GroupReplica* group_replica() override { return groups_.get(); }
  jobs::JobScheduler& jobs() override { return *jobs_; }
  pg::ConnectionPool& pool() override { return *pool_; }
  absl::StatusOr<int64_t> FollowDealsOnce() override {
    if (deals_ == nullptr) return 0;
    return deals_->FollowOnce();
  }
  events::FollowerHealth customer_follower_health() const override { return customers_->Health(); }
  void ExportMetrics(prometheus::Registry& registry) override {
    customers_->ExportMetrics(registry);
    if (groups_ != nullptr) groups_->ExportMetrics(registry);
    if (deals_ != nullptr) deals_->ExportMetrics(registry);
    jobs_->ExportMetrics(registry);
  }

 private:
  // Every capability's statements, prepared on each connection.
  static std::vector<pg::PreparedStatement> Statements() {
    std::vector<pg::PreparedStatement> statements;
    const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
      statements.insert(statements.end(), more.begin(), more.end());
    };
    add(RequestHandlers::Statements());
    add(MergeFollowStatements());
    add(SlaHandlers::Statements());
    add(SlaJobs::Statements());
    add(CreditHandlers::Statements());
    add(BoardHandlers::Statements());
    add(AttributionHandlers::Statements());
    add(AttributionJobs::Statements());
    add(DealFollowers::Statements());
    return statements;
  }

  // Serves the feed to watches, through the Redis stream when there is one.
  absl::Status StartEventStream(const CollaborationConfig& config) {
    return feed_.Start(*outbox_, {.redis_address = config.redis_address,
                                  .relay = config.events_relay,
                                  .stream_max_length = config.events_stream_max_length,
                                  .watches = {.max_watches = config.max_event_watches,
                                              .heartbeat = config.event_watch_heartbeat,
                                              .domain = kDomain,
                                              .list_method = "ListCollaborationEvents"}});
  }

  // Destroyed bottom-up: the service first, the pool it borrows from late.
  const clock::Clock& clock_;
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  events::EventCursorCodec event_cursors_{page_tokens_, "ListCollaborationEvents", kDomain};
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<events::Outbox> outbox_;
  events::FeedPublisher feed_;                      // the relay and the watches
  std::unique_ptr<replicas::GroupReplica> groups_;  // null without a hierarchy address
  // Its thread (and merge hooks, which use groups_) stops before the pool.
  std::unique_ptr<replicas::CustomerReplica> customers_;
  CollaborationContext context_;
  std::unique_ptr<SlaJobs> sla_jobs_;  // the jobs outlive the scheduler
  std::unique_ptr<AttributionJobs> attribution_jobs_;
  std::unique_ptr<jobs::JobScheduler> jobs_;  // joins its thread first
  // Null without an opportunity or contract address; its threads stop
  // before the context they use.
  std::unique_ptr<DealFollowers> deals_;
  std::unique_ptr<RequestHandlers> requests_;
  std::unique_ptr<SlaHandlers> sla_;
  std::unique_ptr<CreditHandlers> credit_;
  std::unique_ptr<BoardHandlers> board_;
  std::unique_ptr<AttributionHandlers> attribution_;
  std::unique_ptr<CollaborationService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CollaborationModule>> CollaborationModule::Create(
    const CollaborationConfig& config) {
  if (config.customer_address.empty()) {
    return absl::InvalidArgumentError("collaboration: no customer service address");
  }
  auto module = std::make_unique<CollaborationModuleImpl>(config);
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::collaboration
