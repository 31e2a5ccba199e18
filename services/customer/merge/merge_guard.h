#ifndef CRM_SERVICES_CUSTOMER_MERGE_MERGE_GUARD_H_
#define CRM_SERVICES_CUSTOMER_MERGE_MERGE_GUARD_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "libs/auth/principal_signer.h"

namespace crm::customer {

// Asks the hierarchy service, before a merge, whether the customer group
// trees can follow it. The hierarchy moves a merged customer's node to its
// survivor when it reads the merge from the change feed; that works when at
// most one of the customers sits in a tree, or when they share one tree and
// the survivor is placed and not below any of the others. Anything else is
// refused here, with where each customer sits.
class MergeGuard final {
 public:
  explicit MergeGuard(auth::PrincipalSigner signer) : signer_(std::move(signer)) {}

  // Where the hierarchy service listens; until called (or with ""), no
  // hierarchy is deployed and every merge passes.
  void Connect(const std::string& hierarchy_address);

  // OK, FAILED_PRECONDITION naming the customers and groups, or UNAVAILABLE
  // when the hierarchy cannot be asked (the merge is then refused, so trees
  // never point at merged customers).
  absl::Status Check(const std::string& survivor_id,
                     const std::vector<std::string>& merged_ids) const;

 private:
  const auth::PrincipalSigner signer_;
  mutable absl::Mutex mu_;
  std::shared_ptr<hierarchy::v1::HierarchyService::Stub> stub_ ABSL_GUARDED_BY(mu_);
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_MERGE_MERGE_GUARD_H_
