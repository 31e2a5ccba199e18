#ifndef CRM_SERVICES_HIERARCHY_CUSTOMER_FACTS_H_
#define CRM_SERVICES_HIERARCHY_CUSTOMER_FACTS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/server_context.h"

namespace crm::hierarchy {

// What the hierarchy keeps of a customer: enough to draw and roll up a tree.
struct CustomerFacts {
  std::string id;  // uuid
  std::string display_name;
  std::string region;
  std::string owner_org_unit;
  // Deleted customers are told apart only after the caller's scope is
  // checked (RequireLive), so a refusal never depends on their state.
  bool deleted = false;
};

// FAILED_PRECONDITION (CUSTOMER_DELETED) for a deleted customer: it cannot be
// placed in a group until it is undeleted.
absl::Status RequireLive(const CustomerFacts& customer);

// Asks the customer service about customers as the caller: the principal the
// gateway signed for this call goes along unchanged, so the customer service
// applies its own rules to the same person.
class CustomerFactsClient final {
 public:
  explicit CustomerFactsClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(customer::v1::CustomerService::NewStub(std::move(channel))) {}

  // A customer by uuid, live or deleted. NOT_FOUND (CUSTOMER_NOT_FOUND) when
  // there is none (or it was merged), UNAVAILABLE
  // (CUSTOMER_SERVICE_UNAVAILABLE) when the service cannot answer.
  absl::StatusOr<CustomerFacts> Get(const grpc::ServerContextBase& caller,
                                    const std::string& customer_id) const;

  // A customer by USCC, or by "SOURCE_SYSTEM:SOURCE_ID"; as Get.
  absl::StatusOr<CustomerFacts> Lookup(const grpc::ServerContextBase& caller,
                                       const std::string& key) const;

 private:
  std::unique_ptr<customer::v1::CustomerService::Stub> stub_;
};

// A USCC is 18 characters without ':'; anything with a ':' is an external
// reference "SOURCE_SYSTEM:SOURCE_ID".
bool IsExternalReferenceKey(const std::string& key);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_CUSTOMER_FACTS_H_
