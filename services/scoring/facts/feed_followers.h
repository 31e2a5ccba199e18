#ifndef CRM_SERVICES_SCORING_FACTS_FEED_FOLLOWERS_H_
#define CRM_SERVICES_SCORING_FACTS_FEED_FOLLOWERS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"
#include "libs/events/follower.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/customer_replica_hooks.h"
#include "prometheus/registry.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

struct FeedFollowerOptions {
  // Between rounds of Start()'s threads.
  absl::Duration interval = absl::Seconds(1);
  // Events asked for per read of a feed (1-1000).
  int page_size = 500;
  // A round stops after this many pages of each feed.
  int max_pages_per_round = 100;
};

// The feeds' names in scoring.followed_feeds.
inline constexpr char kOpportunityFeed[] = "opportunity";
inline constexpr char kContractFeed[] = "contract";
inline constexpr char kCollaborationFeed[] = "collaboration";

// One followed feed's lag and last error.
struct FactsFeedHealth {
  std::string feed;  // kOpportunityFeed, kContractFeed or kCollaborationFeed
  events::FollowerHealth health;
};

// Keeps the fact table within seconds of the other services: follows the
// opportunity, contract and collaboration feeds (ListOpportunityEvents,
// ListContractEvents, ListCollaborationEvents through context.peers, as the
// service principal) with three libs/events followers and marks each
// event's customer dirty (for a MOVED event, the customer it moved to; the
// one it left is marked by the customer replica's merge hooks), in the
// transaction that moves the follower's cursor. The refresher then fetches
// the customer's facts. A new follower (or one a rebuild reset) starts at
// the oldest event its feed keeps. An event naming no customer is passed
// over. A feed whose peer is not configured is not followed. Thread-safe.
class FeedFollowers final {
 public:
  FeedFollowers(const ScoringContext& context, FeedFollowerOptions options = {});

  // The followers' statements and MarkDirty's, for the pool.
  static std::vector<pg::PreparedStatement> Statements();

  // Follows each feed every interval on a thread of its own until destroyed.
  void Start();

  // One round of each followed feed; returns the events that marked a
  // customer (redeliveries not counted). Every feed is followed even when
  // one fails; the first error is returned.
  absl::StatusOr<int64_t> FollowOnce();

  // The followed feeds' lag and last error.
  std::vector<FactsFeedHealth> Health() const;

  // Registers the followers' lag gauges.
  void ExportMetrics(prometheus::Registry& registry);

 private:
  absl::StatusOr<events::FollowedPage> ReadOpportunityEvents(const std::string& token);
  absl::StatusOr<events::FollowedPage> ReadContractEvents(const std::string& token);
  absl::StatusOr<events::FollowedPage> ReadCollaborationEvents(const std::string& token);

  const ScoringContext& context_;
  const FeedFollowerOptions options_;
  // Last: their threads use everything above. Null when not followed.
  std::unique_ptr<events::Follower> opportunity_follower_;
  std::unique_ptr<events::Follower> contract_follower_;
  std::unique_ptr<events::Follower> collaboration_follower_;
};

// The customer replica's hooks for the facts (give them to the
// CustomerReplica): a merge marks the merged customer and its survivor
// dirty, an unmerge the restored customer and the survivor, in the
// transaction that stores the replica's row, so the refresher moves the
// facts to the survivor (and forgets the merged customer's) at once.
// `clock` must outlive the replica.
replicas::CustomerReplicaHooks FactsCustomerHooks(const clock::Clock& clock);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FEED_FOLLOWERS_H_
