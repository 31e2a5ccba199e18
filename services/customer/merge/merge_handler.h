#ifndef CRM_SERVICES_CUSTOMER_MERGE_MERGE_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_MERGE_MERGE_HANDLER_H_

// MergeCustomers and UnmergeCustomer: golden-record consolidation and its
// undo. MergeStore (merge/merge_store.cc) writes every customer through the
// core write path; MergeGuard asks the hierarchy service first.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "services/customer/core/customer_cache.h"
#include "services/customer/core/request_path.h"
#include "services/customer/merge/merge_guard.h"
#include "services/customer/merge/merge_store.h"

namespace crm::customer {

// All owned elsewhere and outliving the handler.
struct MergeDeps {
  MergeStore* merges;
  const MergeGuard* merge_guard;
  CustomerCache* cache;
  const auth::PrincipalVerifier* verifier;
};

class MergeHandler final {
 public:
  explicit MergeHandler(MergeDeps deps) : deps_(deps) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* MergeCustomers(Context*, const v1::MergeCustomersRequest*, v1::MergeCustomersResponse*);
  Reactor* UnmergeCustomer(Context*, const v1::UnmergeCustomerRequest*,
                           v1::UnmergeCustomerResponse*);

 private:
  const MergeDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_MERGE_MERGE_HANDLER_H_
