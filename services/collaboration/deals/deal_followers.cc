#include "services/collaboration/deals/deal_followers.h"

#include <chrono>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "grpcpp/client_context.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_database.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/deals/deal_facts.h"

namespace crm::collaboration {
namespace {

using contract::v1::ContractEvent;
using google::protobuf::util::TimeUtil;
using opportunity::v1::OpportunityEvent;

constexpr char kServicePrincipal[] = "services/collaboration";
constexpr char kOpportunityFeed[] = "opportunity";
constexpr char kContractFeed[] = "contract";
constexpr auto kCallTimeout = std::chrono::seconds(10);

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

}  // namespace

DealFollowers::DealFollowers(pg::ConnectionPool& pool, const CollaborationContext& context,
                             std::shared_ptr<grpc::Channel> opportunities,
                             std::shared_ptr<grpc::Channel> contracts, auth::PrincipalSigner signer,
                             DealFollowerOptions options)
    : pool_(pool), context_(context), signer_(std::move(signer)), options_(options) {
  if (opportunities != nullptr) {
    opportunities_ = opportunity::v1::OpportunityService::NewStub(std::move(opportunities));
    opportunity_follower_ = std::make_unique<events::Follower>(
        pool_,
        events::FollowerOptions{.schema = kCollaborationSchema,
                                .feed = kOpportunityFeed,
                                .interval = options_.interval,
                                .max_pages_per_round = options_.max_pages_per_round},
        [this](const std::string& token) { return ReadOpportunities(token); });
  }
  if (contracts != nullptr) {
    contracts_ = contract::v1::ContractService::NewStub(std::move(contracts));
    contract_follower_ = std::make_unique<events::Follower>(
        pool_,
        events::FollowerOptions{.schema = kCollaborationSchema,
                                .feed = kContractFeed,
                                .interval = options_.interval,
                                .max_pages_per_round = options_.max_pages_per_round},
        [this](const std::string& token) { return ReadContracts(token); });
  }
}

std::vector<pg::PreparedStatement> DealFollowers::Statements() {
  std::vector<pg::PreparedStatement> statements =
      events::Follower::Statements(kCollaborationSchema);
  for (const pg::PreparedStatement& statement : OpeningStatements()) {
    statements.push_back(statement);
  }
  return statements;
}

void DealFollowers::Start() {
  if (opportunity_follower_ != nullptr) opportunity_follower_->Start();
  if (contract_follower_ != nullptr) contract_follower_->Start();
}

absl::StatusOr<int64_t> DealFollowers::FollowOnce() {
  int64_t applied = 0;
  absl::Status first_error;
  for (events::Follower* follower : {opportunity_follower_.get(), contract_follower_.get()}) {
    if (follower == nullptr) continue;
    absl::StatusOr<int64_t> round = follower->FollowOnce();
    if (round.ok()) {
      applied += *round;
    } else if (first_error.ok()) {
      first_error = round.status();
    }
  }
  if (!first_error.ok()) return first_error;
  return applied;
}

std::vector<DealFeedHealth> DealFollowers::Health() const {
  std::vector<DealFeedHealth> health;
  if (opportunity_follower_ != nullptr) {
    health.push_back({.feed = kOpportunityFeed, .health = opportunity_follower_->Health()});
  }
  if (contract_follower_ != nullptr) {
    health.push_back({.feed = kContractFeed, .health = contract_follower_->Health()});
  }
  return health;
}

void DealFollowers::ExportMetrics(prometheus::Registry& registry) {
  if (opportunity_follower_ != nullptr) opportunity_follower_->ExportMetrics(registry);
  if (contract_follower_ != nullptr) contract_follower_->ExportMetrics(registry);
  prometheus::Family<prometheus::Counter>& family =
      prometheus::BuildCounter()
          .Name("crm_deal_follower_skipped_events_total")
          .Help("Won-opportunity and signed-contract events that could not open an attribution")
          .Register(registry);
  skipped_opportunities_.store(&family.Add({{"feed", kOpportunityFeed}}));
  skipped_contracts_.store(&family.Add({{"feed", kContractFeed}}));
}

std::unique_ptr<grpc::ClientContext> DealFollowers::AsService() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal(kServicePrincipal));
  return context;
}

absl::StatusOr<std::optional<opportunity::v1::Opportunity>> DealFollowers::GetOpportunity(
    const std::string& name) const {
  opportunity::v1::GetOpportunityRequest request;
  request.set_name(name);
  opportunity::v1::Opportunity found;
  const grpc::Status status = opportunities_->GetOpportunity(AsService().get(), request, &found);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  if (!status.ok()) return status::FromGrpc(status);
  return found;
}

absl::StatusOr<std::optional<contract::v1::Contract>> DealFollowers::GetContract(
    const std::string& name) const {
  contract::v1::GetContractRequest request;
  request.set_name(name);
  contract::v1::Contract found;
  const grpc::Status status = contracts_->GetContract(AsService().get(), request, &found);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  if (!status.ok()) return status::FromGrpc(status);
  return found;
}

events::FollowedEvent DealFollowers::Opening(const std::string& event_id,
                                             absl::StatusOr<DealFacts> deal, const char* feed) {
  if (!deal.ok()) {
    return {
        .event_id = event_id,
        .apply = [this, feed, event_id, why = std::string(deal.status().message())](pqxx::work&) {
          Skip(feed, event_id, why);
          return absl::OkStatus();
        }};
  }
  return {.event_id = event_id,
          .apply = [this, feed, event_id, deal = *std::move(deal)](pqxx::work& tx) {
            absl::StatusOr<bool> opened =
                OpenAttribution(tx, *context_.outbox, deal, context_.clock->Now());
            // A deal the attribution rules refuse would stop the feed for
            // good: it is skipped, like a malformed event.
            if (opened.status().code() == absl::StatusCode::kInvalidArgument) {
              Skip(feed, event_id, std::string(opened.status().message()));
              return absl::OkStatus();
            }
            return opened.status();
          }};
}

absl::Status DealFollowers::StoreCustomerOf(const absl::StatusOr<DealFacts>& deal) {
  if (!deal.ok() || context_.customers == nullptr) return absl::OkStatus();
  absl::StatusOr<replicas::ReplicatedCustomer> customer =
      context_.customers->Get(deal->customer_id);
  // A customer the customer service no longer knows proposes no owner.
  if (customer.ok() || absl::IsNotFound(customer.status())) return absl::OkStatus();
  return customer.status();
}

void DealFollowers::Skip(const char* feed, const std::string& event_id, const std::string& why) {
  log::Error("deal follower skips an event that cannot open an attribution",
             {{"feed", feed}, {"event_id", event_id}, {"error", why}});
  std::atomic<prometheus::Counter*>& counter =
      std::string_view(feed) == kOpportunityFeed ? skipped_opportunities_ : skipped_contracts_;
  if (prometheus::Counter* skipped = counter.load()) skipped->Increment();
}

absl::StatusOr<events::FollowedPage> DealFollowers::ReadOpportunities(const std::string& token) {
  opportunity::v1::ListOpportunityEventsRequest request;
  request.set_page_size(options_.page_size);
  if (token.empty()) {
    // A new follower takes every deal the feed still has.
    *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  opportunity::v1::ListOpportunityEventsResponse page;
  const grpc::Status listed =
      opportunities_->ListOpportunityEvents(AsService().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);

  events::FollowedPage followed{.next_token = page.next_page_token(),
                                .at_end = page.events_size() < options_.page_size};
  for (const OpportunityEvent& event : page.events()) {
    if (event.type() != OpportunityEvent::OPPORTUNITY_WON) continue;
    if (!names::ParseOpportunityName(event.resource()).has_value()) {
      followed.events.push_back(
          Opening(event.event_id(),
                  status::Error(absl::StatusCode::kInvalidArgument, kDomain, "DEAL_FACTS_INVALID",
                                crm::StrCat(event.resource(), " is not an opportunity name")),
                  kOpportunityFeed));
      continue;
    }
    absl::StatusOr<std::optional<opportunity::v1::Opportunity>> found =
        GetOpportunity(event.resource());
    if (!found.ok()) return found.status();  // the page waits for the next round
    if (!found->has_value()) {
      followed.events.push_back(Opening(
          event.event_id(),
          status::Error(absl::StatusCode::kNotFound, kDomain, "OPPORTUNITY_NOT_FOUND",
                        crm::StrCat(event.resource(), " is not known to the opportunity service")),
          kOpportunityFeed));
      continue;
    }
    if ((*found)->stage() != opportunity::v1::WON) {
      log::Info("deal follower passes over a win since reopened",
                {{"opportunity", event.resource()}, {"event_id", event.event_id()}});
      continue;
    }
    absl::StatusOr<DealFacts> deal = OpportunityDeal(**found, TimeOf(event.time()));
    if (absl::Status stored = StoreCustomerOf(deal); !stored.ok()) return stored;
    followed.events.push_back(Opening(event.event_id(), std::move(deal), kOpportunityFeed));
  }
  return followed;
}

absl::StatusOr<events::FollowedPage> DealFollowers::ReadContracts(const std::string& token) {
  contract::v1::ListContractEventsRequest request;
  request.set_page_size(options_.page_size);
  if (token.empty()) {
    *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  contract::v1::ListContractEventsResponse page;
  const grpc::Status listed = contracts_->ListContractEvents(AsService().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);

  events::FollowedPage followed{.next_token = page.next_page_token(),
                                .at_end = page.events_size() < options_.page_size};
  for (const ContractEvent& event : page.events()) {
    if (event.type() != ContractEvent::CONTRACT_SIGNED) continue;
    if (!names::ParseContractName(event.resource()).has_value()) {
      followed.events.push_back(
          Opening(event.event_id(), ContractDeal(event, nullptr, nullptr), kContractFeed));
      continue;
    }
    absl::StatusOr<std::optional<contract::v1::Contract>> contract = GetContract(event.resource());
    if (!contract.ok()) return contract.status();
    if (contract->has_value() && (*contract)->kind() == contract::v1::FRAMEWORK) continue;
    std::optional<opportunity::v1::Opportunity> won;
    if (opportunities_ != nullptr && names::ParseOpportunityName(event.opportunity()).has_value()) {
      absl::StatusOr<std::optional<opportunity::v1::Opportunity>> found =
          GetOpportunity(event.opportunity());
      if (!found.ok()) return found.status();
      if (found->has_value() && (*found)->stage() == opportunity::v1::WON) won = **found;
    }
    absl::StatusOr<DealFacts> deal = ContractDeal(
        event, contract->has_value() ? &**contract : nullptr, won.has_value() ? &*won : nullptr);
    if (absl::Status stored = StoreCustomerOf(deal); !stored.ok()) return stored;
    followed.events.push_back(Opening(event.event_id(), std::move(deal), kContractFeed));
  }
  return followed;
}

}  // namespace crm::collaboration
