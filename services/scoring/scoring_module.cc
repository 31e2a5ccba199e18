#include "services/scoring/scoring_module.h"

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
#include "services/scoring/core/peer_clients.h"
#include "services/scoring/core/scoring_context.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/facts/facts_handlers.h"
#include "services/scoring/facts/facts_refresher.h"
#include "services/scoring/facts/feed_followers.h"
#include "services/scoring/overview/overview_handlers.h"
#include "services/scoring/scorecard/scorecard_handlers.h"
#include "services/scoring/scores/customer_scoring.h"
#include "services/scoring/scores/rescore_job.h"
#include "services/scoring/scores/scoring_policy_handlers.h"
#include "services/scoring/scores/scoring_policy_store.h"
#include "services/scoring/scoring_service.h"
#include "services/scoring/surveys/survey_handlers.h"
#include "services/scoring/tiers/tier_handlers.h"
#include "services/scoring/warnings/churn_warnings.h"
#include "services/scoring/warnings/warning_handlers.h"

namespace crm::scoring {
namespace {

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  if (address.empty()) return nullptr;
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

class ScoringModuleImpl final : public ScoringModule {
 public:
  explicit ScoringModuleImpl(const ScoringConfig& config)
      : clock_(config.clock != nullptr ? *config.clock : clock::RealClock()),
        request_log_(kScoringSchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key) {}

  absl::Status Init(const ScoringConfig& config) {
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.application_name = "crm-scoring";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        OpenScoringDatabase(std::move(options), request_log_, Statements(), config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, ScoringFeed(config.events_settle, config.events_retention));
    if (absl::Status s = StartEventStream(config); !s.ok()) return s;
    if (!config.hierarchy_address.empty()) {
      groups_ = std::make_unique<replicas::GroupReplica>(
          *pool_, ChannelTo(config.hierarchy_address), auth::PrincipalSigner(config.principal_key),
          replicas::GroupReplicaOptions{.schema = kScoringSchema,
                                        .principal = kServicePrincipal,
                                        .follow_interval = config.group_follow_interval});
      if (config.group_follow_interval > absl::ZeroDuration()) groups_->Start();
    }
    customers_ = std::make_unique<replicas::CustomerReplica>(
        *pool_, ChannelTo(config.customer_address), auth::PrincipalSigner(config.principal_key),
        replicas::CustomerReplicaOptions{.schema = kScoringSchema,
                                         .service = kServicePrincipal,
                                         .error_domain = kErrorDomain,
                                         .interval = config.customer_follow_interval},
        CustomerHooks());
    peers_ = std::make_unique<PeerClients>(
        PeerChannels{.customers = ChannelTo(config.customer_address),
                     .opportunities = ChannelTo(config.opportunity_address),
                     .contracts = ChannelTo(config.contract_address),
                     .collaboration = ChannelTo(config.collaboration_address)},
        auth::PrincipalSigner(config.principal_key), config.peer_call_timeout);
    context_ = ScoringContext{.pool = pool_.get(),
                              .request_log = &request_log_,
                              .outbox = outbox_.get(),
                              .clock = &clock_,
                              .page_tokens = &page_tokens_,
                              .customers = customers_.get(),
                              .groups = groups_.get(),
                              .peers = peers_.get()};
    if (config.customer_follow_interval > absl::ZeroDuration()) customers_->Start();
    jobs_ = std::make_unique<jobs::JobScheduler>(*pool_, kScoringSchema, clock_);
    ScoringServiceDeps deps{.verifier = &verifier_,
                            .outbox = outbox_.get(),
                            .watches = feed_.watches(),
                            .event_cursors = &event_cursors_};
    overview_ = std::make_unique<OverviewHandlers>(context_);
    deps.overview = overview_.get();
    facts_ = std::make_unique<FactsHandlers>(context_);
    deps.facts = facts_.get();
    feed_followers_ = std::make_unique<FeedFollowers>(
        context_, FeedFollowerOptions{.interval = config.feed_follow_interval});
    if (config.feed_follow_interval > absl::ZeroDuration()) feed_followers_->Start();
    refresher_ = std::make_unique<FactsRefresher>(
        context_, FactsRefresherOptions{.interval = config.refresh_interval});
    if (config.refresh_interval > absl::ZeroDuration()) refresher_->Start();
    policy_ = std::make_unique<ScoringPolicyHandlers>(context_);
    deps.policy = policy_.get();
    rescore_job_ = std::make_unique<RescoreJob>(context_);
    if (absl::Status s = rescore_job_->Register(*jobs_, config.rescore_job_period); !s.ok()) {
      return s;
    }
    tiers_ = std::make_unique<TierHandlers>(context_);
    deps.tiers = tiers_.get();
    warnings_ = std::make_unique<WarningHandlers>(context_);
    deps.warnings = warnings_.get();
    surveys_ = std::make_unique<SurveyHandlers>(context_);
    deps.surveys = surveys_.get();
    scorecard_ = std::make_unique<ScorecardHandlers>(context_);
    deps.scorecard = scorecard_.get();
    if (config.jobs_poll > absl::ZeroDuration()) jobs_->Start();
    service_ = std::make_unique<ScoringService>(deps);
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  replicas::CustomerReplica& customer_replica() override { return *customers_; }
  replicas::GroupReplica* group_replica() override { return groups_.get(); }
  jobs::JobScheduler& jobs() override { return *jobs_; }
  pg::ConnectionPool& pool() override { return *pool_; }
  const ScoringContext& context() const override { return context_; }
  absl::StatusOr<int64_t> FollowFeedsOnce() override { return feed_followers_->FollowOnce(); }
  absl::StatusOr<int64_t> RefreshOnce() override { return refresher_->RefreshOnce(); }
  events::FollowerHealth customer_follower_health() const override { return customers_->Health(); }
  void ExportMetrics(prometheus::Registry& registry) override {
    customers_->ExportMetrics(registry);
    if (groups_ != nullptr) groups_->ExportMetrics(registry);
    feed_followers_->ExportMetrics(registry);
    jobs_->ExportMetrics(registry);
  }

 private:
  // Every capability's statements, prepared on each connection.
  static std::vector<pg::PreparedStatement> Statements() {
    std::vector<pg::PreparedStatement> statements;
    const auto add = [&](const std::vector<pg::PreparedStatement>& more) {
      statements.insert(statements.end(), more.begin(), more.end());
    };
    add(OverviewHandlers::Statements());
    add(FactsHandlers::Statements());
    add(FeedFollowers::Statements());
    add(FactsRefresher::Statements());
    add(ScoringPolicyHandlers::Statements());
    add(ScoringPolicyStoreStatements());
    add(CustomerScoringStatements());
    add(TierHandlers::Statements());
    add(WarningHandlers::Statements());
    add(ChurnWarningStatements());
    add(SurveyHandlers::Statements());
    add(ScorecardHandlers::Statements());
    return statements;
  }

  // What a customer merge or unmerge does to the facts: both customers are
  // marked dirty in the replica's transaction, so the refresher moves the
  // facts and scores to the survivor.
  replicas::CustomerReplicaHooks CustomerHooks() const { return FactsCustomerHooks(clock_); }

  // Serves the feed to watches, through the Redis stream when there is one.
  absl::Status StartEventStream(const ScoringConfig& config) {
    return feed_.Start(*outbox_, {.redis_address = config.redis_address,
                                  .relay = config.events_relay,
                                  .stream_max_length = config.events_stream_max_length,
                                  .watches = {.max_watches = config.max_event_watches,
                                              .heartbeat = config.event_watch_heartbeat,
                                              .domain = kErrorDomain,
                                              .list_method = "ListScoringEvents"}});
  }

  // Destroyed bottom-up: the service first, the pool it borrows from late.
  const clock::Clock& clock_;
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  events::EventCursorCodec event_cursors_{page_tokens_, "ListScoringEvents", kErrorDomain};
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<events::Outbox> outbox_;
  events::FeedPublisher feed_;                      // the relay and the watches
  std::unique_ptr<replicas::GroupReplica> groups_;  // null without a hierarchy address
  // Its thread (and merge hooks) stops before the pool.
  std::unique_ptr<replicas::CustomerReplica> customers_;
  std::unique_ptr<PeerClients> peers_;
  ScoringContext context_;
  std::unique_ptr<RescoreJob> rescore_job_;   // the job outlives the scheduler
  std::unique_ptr<jobs::JobScheduler> jobs_;  // joins its thread first
  // Their threads stop before the context they use.
  std::unique_ptr<FeedFollowers> feed_followers_;
  std::unique_ptr<FactsRefresher> refresher_;
  std::unique_ptr<FactsHandlers> facts_;
  std::unique_ptr<OverviewHandlers> overview_;
  std::unique_ptr<ScoringPolicyHandlers> policy_;
  std::unique_ptr<TierHandlers> tiers_;
  std::unique_ptr<WarningHandlers> warnings_;
  std::unique_ptr<SurveyHandlers> surveys_;
  std::unique_ptr<ScorecardHandlers> scorecard_;
  std::unique_ptr<ScoringService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ScoringModule>> ScoringModule::Create(const ScoringConfig& config) {
  if (config.customer_address.empty()) {
    return absl::InvalidArgumentError("scoring: no customer service address");
  }
  auto module = std::make_unique<ScoringModuleImpl>(config);
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::scoring
