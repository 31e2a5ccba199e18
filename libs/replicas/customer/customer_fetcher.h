#ifndef CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_FETCHER_H_
#define CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_FETCHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/auth/principal_signer.h"
#include "libs/replicas/customer/replicated_customer.h"

namespace crm::replicas {

// The customer service as the replica asks it: as the consuming service
// itself (auth::ServicePrincipal(service), HQ scope, signed with the
// suite's principal key), each call under a deadline. Thread-safe.
class CustomerFetcher final {
 public:
  CustomerFetcher(std::shared_ptr<grpc::Channel> customers, auth::PrincipalSigner signer,
                  std::string service);

  // ListCustomerChanges: the page after `token`, or from the oldest change
  // still kept when `token` is empty.
  absl::StatusOr<customer::v1::ListCustomerChangesResponse> ListChanges(
      const std::string& token, int page_size, absl::Duration timeout) const;

  // BatchGetCustomers for at most 1000 `ids`: the customers as they are now,
  // leaving out those merged (their MERGED change, later in the feed, says
  // so) or unknown since the change that named them.
  absl::StatusOr<std::vector<ReplicatedCustomer>> BatchGet(std::vector<std::string> ids,
                                                           absl::Duration timeout) const;

  // GetCustomer: a merged customer comes back with state kMerged and its
  // survivor (nothing else is known of it); other errors as the customer
  // service gave them (NOT_FOUND with reason CUSTOMER_NOT_FOUND when it has
  // no such customer).
  absl::StatusOr<ReplicatedCustomer> Get(const std::string& id, absl::Duration timeout) const;

 private:
  std::unique_ptr<grpc::ClientContext> AsService(absl::Duration timeout) const;

  std::unique_ptr<customer::v1::CustomerService::Stub> stub_;
  const auth::PrincipalSigner signer_;
  const std::string service_;
};

}  // namespace crm::replicas

#endif  // CRM_LIBS_REPLICAS_CUSTOMER_CUSTOMER_FETCHER_H_
