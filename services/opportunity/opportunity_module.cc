#include "services/opportunity/opportunity_module.h"

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
#include "libs/jobs/job_scheduler.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/replicas/group/group_replica.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/activities/activity_handlers.h"
#include "services/opportunity/activities/activity_store.h"
#include "services/opportunity/core/customer_contacts.h"
#include "services/opportunity/core/opportunity_database.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/funnel/funnel_handlers.h"
#include "services/opportunity/funnel/funnel_store.h"
#include "services/opportunity/opportunity_service.h"
#include "services/opportunity/pipeline/committee_contacts.h"
#include "services/opportunity/pipeline/merge_follow.h"
#include "services/opportunity/pipeline/opportunity_store.h"
#include "services/opportunity/pipeline/pipeline_handlers.h"
#include "services/opportunity/stale/stale_handlers.h"
#include "services/opportunity/stale/stale_job.h"
#include "services/opportunity/stale/stale_store.h"

namespace crm::opportunity {
namespace {

constexpr char kServicePrincipal[] = "services/opportunity";

class OpportunityModuleImpl final : public OpportunityModule {
 public:
  explicit OpportunityModuleImpl(const OpportunityConfig& config)
      : clock_(config.clock != nullptr ? *config.clock : clock::RealClock()),
        request_log_(kOpportunitySchema),
        verifier_(config.principal_key),
        page_tokens_(config.page_token_key),
        customer_channel_(
            grpc::CreateChannel(config.customer_address, grpc::InsecureChannelCredentials())),
        contacts_(customer_channel_, auth::PrincipalSigner(config.principal_key)),
        committee_(contacts_) {}

  absl::Status Init(const OpportunityConfig& config) {
    pg::PoolOptions options;
    options.dsn = config.pg_dsn;
    options.size = config.pg_pool_size;
    options.application_name = "crm-opportunity";
    std::vector<pg::PreparedStatement> statements;
    for (const std::vector<pg::PreparedStatement>& more :
         {OpportunityStore::Statements(), MergeFollowStatements(), ActivityStore::Statements(),
          StaleStore::Statements(), StaleJob::Statements(), FunnelStore::Statements()}) {
      statements.insert(statements.end(), more.begin(), more.end());
    }
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = OpenOpportunityDatabase(
        std::move(options), request_log_, std::move(statements), config.migrate);
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, OpportunityFeed(config.events_settle, config.events_retention));
    if (absl::Status s = StartEventStream(config); !s.ok()) return s;
    if (!config.hierarchy_address.empty()) {
      groups_ = std::make_unique<replicas::GroupReplica>(
          *pool_, grpc::CreateChannel(config.hierarchy_address, grpc::InsecureChannelCredentials()),
          auth::PrincipalSigner(config.principal_key),
          replicas::GroupReplicaOptions{.schema = kOpportunitySchema,
                                        .principal = kServicePrincipal,
                                        .follow_interval = config.group_follow_interval});
      if (config.group_follow_interval > absl::ZeroDuration()) groups_->Start();
    }
    customers_ = std::make_unique<replicas::CustomerReplica>(
        *pool_, customer_channel_, auth::PrincipalSigner(config.principal_key),
        replicas::CustomerReplicaOptions{.schema = kOpportunitySchema,
                                         .service = kServicePrincipal,
                                         .error_domain = kDomain,
                                         .interval = config.customer_follow_interval},
        MergeFollowHooks(*outbox_, groups_.get()));
    if (config.customer_follow_interval > absl::ZeroDuration()) customers_->Start();
    jobs_ = std::make_unique<jobs::JobScheduler>(*pool_, kOpportunitySchema, clock_);
    stale_job_ = std::make_unique<StaleJob>(*outbox_);
    if (absl::Status s = stale_job_->Register(*jobs_, config.stale_job_period); !s.ok()) return s;
    if (config.jobs_poll > absl::ZeroDuration()) jobs_->Start();
    store_ = std::make_unique<OpportunityStore>(*pool_, request_log_, *outbox_, clock_);
    pipeline_ = std::make_unique<PipelineHandlers>(PipelineDeps{.store = store_.get(),
                                                                .customers = customers_.get(),
                                                                .contacts = &committee_,
                                                                .page_tokens = &page_tokens_});
    activity_store_ = std::make_unique<ActivityStore>(*pool_, request_log_, *outbox_);
    activities_ = std::make_unique<ActivityHandlers>(ActivityDeps{
        .store = activity_store_.get(),
        .customers = customers_.get(),
        .page_tokens = &page_tokens_,
        .clock = &clock_,
        .check_contacts = [this](const request::Actor& actor, const std::string& customer_id,
                                 const std::vector<std::string>& contacts) {
          return CheckActivityContacts(actor, customer_id, contacts);
        }});
    stale_store_ = std::make_unique<StaleStore>(*pool_);
    stale_ = std::make_unique<StaleHandlers>(
        StaleDeps{.store = stale_store_.get(), .page_tokens = &page_tokens_, .clock = &clock_});
    funnel_store_ = std::make_unique<FunnelStore>(*pool_);
    funnel_ = std::make_unique<FunnelHandlers>(
        FunnelDeps{.store = funnel_store_.get(), .clock = &clock_});
    service_ = std::make_unique<OpportunityService>(
        OpportunityServiceDeps{.verifier = &verifier_,
                               .pipeline = pipeline_.get(),
                               .activities = activities_.get(),
                               .stale = stale_.get(),
                               .funnel = funnel_.get(),
                               .outbox = outbox_.get(),
                               .watches = feed_.watches(),
                               .event_cursors = &event_cursors_});
    return absl::OkStatus();
  }

  grpc::Service* service() override { return service_.get(); }
  replicas::CustomerReplica& customer_replica() override { return *customers_; }
  jobs::JobScheduler& jobs() override { return *jobs_; }
  events::FollowerHealth customer_follower_health() const override { return customers_->Health(); }
  void ExportMetrics(prometheus::Registry& registry) override {
    customers_->ExportMetrics(registry);
    if (groups_ != nullptr) groups_->ExportMetrics(registry);
    jobs_->ExportMetrics(registry);
  }

 private:
  // Serves the feed to watches, through the Redis stream when there is one.
  absl::Status StartEventStream(const OpportunityConfig& config) {
    return feed_.Start(*outbox_, {.redis_address = config.redis_address,
                                  .relay = config.events_relay,
                                  .stream_max_length = config.events_stream_max_length,
                                  .watches = {.max_watches = config.max_event_watches,
                                              .heartbeat = config.event_watch_heartbeat,
                                              .domain = kDomain,
                                              .list_method = "ListOpportunityEvents"}});
  }

  // The people an activity involved must be live contacts the customer
  // service shows the caller (the check the buying committee makes).
  absl::Status CheckActivityContacts(const request::Actor& actor, const std::string& customer_id,
                                     const std::vector<std::string>& contacts) const {
    (void)customer_id;  // the handler checked that each contact names it
    status::FieldViolations violations;
    for (size_t i = 0; i < contacts.size(); ++i) {
      absl::StatusOr<std::optional<customer::v1::Contact>> found =
          contacts_.FindLive(actor.principal, actor.request_id, contacts[i]);
      if (!found.ok()) return found.status();
      if (found->has_value()) continue;
      const std::string field = crm::StrCat("activity.contacts[", i, "]");
      violations.Add(field, crm::StrCat(field, ": ", contacts[i],
                                        " is not a live contact the customer service shows you"));
    }
    return violations.empty() ? absl::OkStatus() : violations.ToStatus(kDomain);
  }

  // Destroyed bottom-up: the service first, the pool it borrows from late.
  const clock::Clock& clock_;
  idempotency::RequestLog request_log_;
  auth::PrincipalVerifier verifier_;
  pagination::PageTokenCodec page_tokens_;
  events::EventCursorCodec event_cursors_{page_tokens_, "ListOpportunityEvents", kDomain};
  std::shared_ptr<grpc::Channel> customer_channel_;
  CustomerContacts contacts_;
  CommitteeContacts committee_;
  std::unique_ptr<pg::ConnectionPool> pool_;
  std::unique_ptr<events::Outbox> outbox_;
  events::FeedPublisher feed_;                      // the relay and the watches
  std::unique_ptr<replicas::GroupReplica> groups_;  // null without a hierarchy address
  // Its thread (and merge hooks, which use groups_) stops before the store.
  std::unique_ptr<replicas::CustomerReplica> customers_;
  std::unique_ptr<StaleJob> stale_job_;       // outlives the scheduler
  std::unique_ptr<jobs::JobScheduler> jobs_;  // joins its thread first
  std::unique_ptr<OpportunityStore> store_;
  std::unique_ptr<PipelineHandlers> pipeline_;
  std::unique_ptr<ActivityStore> activity_store_;
  std::unique_ptr<ActivityHandlers> activities_;
  std::unique_ptr<StaleStore> stale_store_;
  std::unique_ptr<StaleHandlers> stale_;
  std::unique_ptr<FunnelStore> funnel_store_;
  std::unique_ptr<FunnelHandlers> funnel_;
  std::unique_ptr<OpportunityService> service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<OpportunityModule>> OpportunityModule::Create(
    const OpportunityConfig& config) {
  if (config.customer_address.empty()) {
    return absl::InvalidArgumentError("opportunity: no customer service address");
  }
  auto module = std::make_unique<OpportunityModuleImpl>(config);
  if (absl::Status s = module->Init(config); !s.ok()) return s;
  return module;
}

}  // namespace crm::opportunity
