#ifndef CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_
#define CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_

#include <memory>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_signer.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::hierarchy {

// Keeps the facts the hierarchy copies from customers (display name,
// region, owner org unit) in step with the customer service by following
// its change feed (ListCustomerChanges), so a new owner shows in the trees
// and their roll-ups within about one interval. It calls as the service
// itself ("services/hierarchy", HQ scope), with a principal it signs.
class CustomerSync final {
 public:
  CustomerSync(HierarchyStore& store, std::shared_ptr<grpc::Channel> customers,
               auth::PrincipalSigner signer)
      : store_(store),
        customers_(customer::v1::CustomerService::NewStub(std::move(customers))),
        signer_(std::move(signer)) {}
  ~CustomerSync();

  // Follows the feed on a thread of its own until destroyed.
  void Start(absl::Duration interval);

  // One round: the changes after the saved cursor, a page at a time; returns
  // the nodes refreshed. The first round starts at the present.
  absl::StatusOr<int64_t> SyncOnce();

 private:
  std::unique_ptr<grpc::ClientContext> AsService() const;
  // The current facts of those of `changed` that sit in a tree.
  absl::StatusOr<std::vector<CustomerFacts>> FetchPlacedFacts(
      absl::flat_hash_set<std::string> changed);

  HierarchyStore& store_;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers_;
  const auth::PrincipalSigner signer_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_CUSTOMER_SYNC_H_
