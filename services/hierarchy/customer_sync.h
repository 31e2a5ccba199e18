#ifndef CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_
#define CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_signer.h"
#include "libs/events/follower.h"
#include "libs/pg/pool.h"
#include "prometheus/registry.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::hierarchy {

// Keeps the facts the hierarchy copies from customers (display name,
// region, owner org unit) in step with the customer service by following
// its change feed (ListCustomerChanges) with a libs/events follower: its
// cursor is hierarchy.followed_feeds["customer"], and each page's changes
// are applied in the transaction that advances it. A new owner shows in the
// trees and their roll-ups within about one interval. It calls as the
// service itself ("services/hierarchy", HQ scope), with a principal it
// signs. A new follower starts at the present.
class CustomerSync final {
 public:
  CustomerSync(pg::ConnectionPool& pool, HierarchyStore& store,
               std::shared_ptr<grpc::Channel> customers, auth::PrincipalSigner signer,
               absl::Duration interval);

  // The statements of its follower, for the pool.
  static std::vector<pg::PreparedStatement> Statements();

  // Follows the feed on a thread of its own until destroyed.
  void Start() { follower_.Start(); }

  // One round: the pages after the saved cursor; returns the changes
  // applied.
  absl::StatusOr<int64_t> SyncOnce() { return follower_.FollowOnce(); }

  // Lag and last error: the follower's health detail.
  events::FollowerHealth Health() const { return follower_.Health(); }
  void ExportMetrics(prometheus::Registry& registry) { follower_.ExportMetrics(registry); }

 private:
  // The changes after `token`, each with what applying it takes.
  absl::StatusOr<events::FollowedPage> ReadPage(const std::string& token);
  std::unique_ptr<grpc::ClientContext> AsService() const;
  // The current facts of `ids`, those merged meanwhile left out.
  absl::StatusOr<std::vector<CustomerFacts>> FetchFacts(std::vector<std::string> ids);

  HierarchyStore& store_;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers_;
  const auth::PrincipalSigner signer_;
  events::Follower follower_;  // last: its thread uses everything above
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_
