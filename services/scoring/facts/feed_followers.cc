#include "services/scoring/facts/feed_followers.h"

#include <optional>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/facts/dirty_customers.h"

namespace crm::scoring {
namespace {

using google::protobuf::util::TimeUtil;

// The event that marks `customer` (a customer name) dirty; nullopt when it
// names none (passed over).
std::optional<events::FollowedEvent> Marking(const ScoringContext& context,
                                             const std::string& event_id,
                                             const std::string& customer, const char* feed) {
  std::optional<std::string> customer_id = names::ParseCustomerName(customer);
  if (!customer_id.has_value()) {
    if (!customer.empty()) {
      log::Error("facts follower passes over an event naming no customer",
                 {{"feed", feed}, {"event_id", event_id}, {"customer", customer}});
    }
    return std::nullopt;
  }
  return events::FollowedEvent{.event_id = event_id,
                               .apply = [&context, id = *std::move(customer_id)](pqxx::work& tx) {
                                 return MarkDirty(tx, id, context.clock->Now());
                               }};
}

// The events of one page of a feed, each marking its customer.
template <typename Event>
events::FollowedPage MarkingPage(const ScoringContext& context,
                                 const google::protobuf::RepeatedPtrField<Event>& events,
                                 std::string next_token, int page_size, const char* feed) {
  events::FollowedPage page{.next_token = std::move(next_token),
                            .at_end = events.size() < page_size};
  for (const Event& event : events) {
    std::optional<events::FollowedEvent> marking =
        Marking(context, event.event_id(), event.customer(), feed);
    if (marking.has_value()) page.events.push_back(*std::move(marking));
  }
  return page;
}

}  // namespace

FeedFollowers::FeedFollowers(const ScoringContext& context, FeedFollowerOptions options)
    : context_(context), options_(options) {
  const PeerClients* peers = context_.peers;
  if (peers == nullptr) return;
  auto follower = [this](const char* feed, events::Follower::ReadPage read) {
    return std::make_unique<events::Follower>(
        *context_.pool,
        events::FollowerOptions{.schema = kScoringSchema,
                                .feed = feed,
                                .interval = options_.interval,
                                .max_pages_per_round = options_.max_pages_per_round},
        std::move(read));
  };
  if (peers->opportunities() != nullptr) {
    opportunity_follower_ = follower(kOpportunityFeed, [this](const std::string& token) {
      return ReadOpportunityEvents(token);
    });
  }
  if (peers->contracts() != nullptr) {
    contract_follower_ = follower(
        kContractFeed, [this](const std::string& token) { return ReadContractEvents(token); });
  }
  if (peers->collaboration() != nullptr) {
    collaboration_follower_ = follower(kCollaborationFeed, [this](const std::string& token) {
      return ReadCollaborationEvents(token);
    });
  }
}

std::vector<pg::PreparedStatement> FeedFollowers::Statements() {
  std::vector<pg::PreparedStatement> statements = events::Follower::Statements(kScoringSchema);
  for (const pg::PreparedStatement& statement : DirtyCustomerStatements()) {
    statements.push_back(statement);
  }
  return statements;
}

void FeedFollowers::Start() {
  for (events::Follower* follower :
       {opportunity_follower_.get(), contract_follower_.get(), collaboration_follower_.get()}) {
    if (follower != nullptr) follower->Start();
  }
}

absl::StatusOr<int64_t> FeedFollowers::FollowOnce() {
  int64_t applied = 0;
  absl::Status first_error;
  for (events::Follower* follower :
       {opportunity_follower_.get(), contract_follower_.get(), collaboration_follower_.get()}) {
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

std::vector<FactsFeedHealth> FeedFollowers::Health() const {
  std::vector<FactsFeedHealth> health;
  if (opportunity_follower_ != nullptr) {
    health.push_back({.feed = kOpportunityFeed, .health = opportunity_follower_->Health()});
  }
  if (contract_follower_ != nullptr) {
    health.push_back({.feed = kContractFeed, .health = contract_follower_->Health()});
  }
  if (collaboration_follower_ != nullptr) {
    health.push_back({.feed = kCollaborationFeed, .health = collaboration_follower_->Health()});
  }
  return health;
}

void FeedFollowers::ExportMetrics(prometheus::Registry& registry) {
  for (events::Follower* follower :
       {opportunity_follower_.get(), contract_follower_.get(), collaboration_follower_.get()}) {
    if (follower != nullptr) follower->ExportMetrics(registry);
  }
}

absl::StatusOr<events::FollowedPage> FeedFollowers::ReadOpportunityEvents(
    const std::string& token) {
  opportunity::v1::ListOpportunityEventsRequest request;
  request.set_page_size(options_.page_size);
  if (token.empty()) {
    // A new (or reset) follower takes every event the feed still has.
    *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  opportunity::v1::ListOpportunityEventsResponse page;
  const grpc::Status listed = context_.peers->opportunities()->ListOpportunityEvents(
      context_.peers->NewContext().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);
  return MarkingPage(context_, page.events(), page.next_page_token(), options_.page_size,
                     kOpportunityFeed);
}

absl::StatusOr<events::FollowedPage> FeedFollowers::ReadContractEvents(const std::string& token) {
  contract::v1::ListContractEventsRequest request;
  request.set_page_size(options_.page_size);
  if (token.empty()) {
    *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  contract::v1::ListContractEventsResponse page;
  const grpc::Status listed = context_.peers->contracts()->ListContractEvents(
      context_.peers->NewContext().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);
  return MarkingPage(context_, page.events(), page.next_page_token(), options_.page_size,
                     kContractFeed);
}

absl::StatusOr<events::FollowedPage> FeedFollowers::ReadCollaborationEvents(
    const std::string& token) {
  collaboration::v1::ListCollaborationEventsRequest request;
  request.set_page_size(options_.page_size);
  if (token.empty()) {
    *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  collaboration::v1::ListCollaborationEventsResponse page;
  const grpc::Status listed = context_.peers->collaboration()->ListCollaborationEvents(
      context_.peers->NewContext().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);
  return MarkingPage(context_, page.events(), page.next_page_token(), options_.page_size,
                     kCollaborationFeed);
}

replicas::CustomerReplicaHooks FactsCustomerHooks(const clock::Clock& clock) {
  return {
      .on_merge = [&clock](pqxx::work& tx, const replicas::CustomerMerge& merge) -> absl::Status {
        if (absl::Status s = MarkDirty(tx, merge.merged_customer_id, clock.Now()); !s.ok()) {
          return s;
        }
        return MarkDirty(tx, merge.survivor_id, clock.Now());
      },
      .on_unmerge = [&clock](pqxx::work& tx,
                             const replicas::CustomerUnmerge& unmerge) -> absl::Status {
        if (absl::Status s = MarkDirty(tx, unmerge.restored_id, clock.Now()); !s.ok()) {
          return s;
        }
        return MarkDirty(tx, unmerge.survivor_id, clock.Now());
      }};
}

}  // namespace crm::scoring
