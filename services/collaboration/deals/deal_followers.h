#ifndef CRM_SERVICES_COLLABORATION_DEALS_DEAL_FOLLOWERS_H_
#define CRM_SERVICES_COLLABORATION_DEALS_DEAL_FOLLOWERS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "libs/auth/principal_signer.h"
#include "libs/events/follower.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"
#include "services/collaboration/attribution/attribution_opening.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

struct DealFollowerOptions {
  // Between rounds of Start()'s threads.
  absl::Duration interval = absl::Seconds(2);
  // Events asked for per read of a feed (1-1000).
  int page_size = 100;
  // A round stops after this many pages of each feed.
  int max_pages_per_round = 100;
};

// One followed feed's lag and last error.
struct DealFeedHealth {
  std::string feed;  // "opportunity" or "contract"
  events::FollowerHealth health;
};

// Opens attributions as deals are won and signed, by following the
// opportunity feed (ListOpportunityEvents) and the contract feed
// (ListContractEvents) with two libs/events followers (feeds "opportunity"
// and "contract" in collaboration.followed_feeds), calling both services as
// the service principal "services/collaboration".
//
// A page is read, and the deals of its events asked for, outside any
// transaction: for OPPORTUNITY_WON the opportunity as GetOpportunity shows
// it (skipped when it is no longer WON: it was reopened, and its next win
// opens it); for CONTRACT_SIGNED the contract (GetContract: its title, kind
// and signing date) and, when it came from an opportunity, that opportunity
// (deal_facts.h). Then the follower applies the page in the transaction that
// moves its cursor: OpenAttribution per deal, so an event delivered again is
// skipped by its id, and one replayed after its id was forgotten finds the
// deal's attribution and opens nothing. Framework contracts (框架协议) are
// not deals: their executions are, and counting both would credit the
// amount twice. Other events are passed over. A service that does not
// answer, or an error reading, stops the round before the page (retried
// next round); an event that cannot make a deal (a malformed name, an
// opportunity gone) is logged, counted (crm_deal_follower_skipped_events_total
// {feed}) and skipped. A new follower starts at the oldest event the feed
// keeps. The opportunity feed is followed before the contract feed in each
// round, so a deal's win is normally seen before its contract; either order
// opens the same attribution. Thread-safe.
class DealFollowers final {
 public:
  // A null channel: that feed is not followed.
  DealFollowers(pg::ConnectionPool& pool, const CollaborationContext& context,
                std::shared_ptr<grpc::Channel> opportunities,
                std::shared_ptr<grpc::Channel> contracts, auth::PrincipalSigner signer,
                DealFollowerOptions options = {});

  // The followers' statements (collaboration schema) and OpenAttribution's.
  static std::vector<pg::PreparedStatement> Statements();

  // Follows both feeds every interval on threads of their own until
  // destroyed.
  void Start();

  // One round of each followed feed, the opportunity feed first; returns the
  // deal events applied (redeliveries and passed-over events not counted).
  // Both feeds are followed even when the first fails; the first error is
  // returned.
  absl::StatusOr<int64_t> FollowOnce();

  // The followed feeds' lag and last error.
  std::vector<DealFeedHealth> Health() const;

  // Registers the followers' lag gauges and the skipped-events counter.
  void ExportMetrics(prometheus::Registry& registry);

 private:
  absl::StatusOr<events::FollowedPage> ReadOpportunities(const std::string& token);
  absl::StatusOr<events::FollowedPage> ReadContracts(const std::string& token);
  // GetOpportunity / GetContract as the service; nullopt when not found.
  absl::StatusOr<std::optional<opportunity::v1::Opportunity>> GetOpportunity(
      const std::string& name) const;
  absl::StatusOr<std::optional<contract::v1::Contract>> GetContract(const std::string& name) const;
  std::unique_ptr<grpc::ClientContext> AsService() const;
  // The event that opens `deal`, or that is skipped with `why`.
  events::FollowedEvent Opening(const std::string& event_id, absl::StatusOr<DealFacts> deal,
                                const char* feed);
  void Skip(const char* feed, const std::string& event_id, const std::string& why);
  // Stores the deal's customer in the replica (asking the customer service
  // when it is not there yet), so the opening can propose its owner org
  // unit; an error keeps the page for the next round.
  absl::Status StoreCustomerOf(const absl::StatusOr<DealFacts>& deal);

  pg::ConnectionPool& pool_;
  const CollaborationContext& context_;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunities_;
  std::unique_ptr<contract::v1::ContractService::Stub> contracts_;
  const auth::PrincipalSigner signer_;
  const DealFollowerOptions options_;
  std::atomic<prometheus::Counter*> skipped_opportunities_ = nullptr;
  std::atomic<prometheus::Counter*> skipped_contracts_ = nullptr;
  // Last: their threads use everything above. Null when not followed.
  std::unique_ptr<events::Follower> opportunity_follower_;
  std::unique_ptr<events::Follower> contract_follower_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_DEALS_DEAL_FOLLOWERS_H_
