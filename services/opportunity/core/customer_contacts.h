#ifndef CRM_SERVICES_OPPORTUNITY_CORE_CUSTOMER_CONTACTS_H_
#define CRM_SERVICES_OPPORTUNITY_CORE_CUSTOMER_CONTACTS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "libs/auth/principal_signer.h"

namespace crm::opportunity {

// Contacts as the customer service shows them to a caller: the caller's
// principal goes along (signed with the suite's principal key, as the gateway
// signs it), so the customer service applies its own rules to the same
// person, under a capped deadline. Used for buying committees and for the
// people an activity involved.
class CustomerContacts final {
 public:
  CustomerContacts(std::shared_ptr<grpc::Channel> customers, auth::PrincipalSigner signer)
      : stub_(customer::v1::CustomerService::NewStub(std::move(customers))),
        signer_(std::move(signer)) {}

  // The live contact `name` (customers/{c}/contacts/{k}); nullopt when the
  // customer service shows the caller none, or one that is not live.
  // UNAVAILABLE (CUSTOMER_SERVICE_UNAVAILABLE, with a retry delay) when it
  // does not answer.
  absl::StatusOr<std::optional<customer::v1::Contact>> FindLive(const auth::v1::Principal& caller,
                                                                std::string_view request_id,
                                                                const std::string& name) const;

 private:
  std::unique_ptr<customer::v1::CustomerService::Stub> stub_;
  const auth::PrincipalSigner signer_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_CORE_CUSTOMER_CONTACTS_H_
