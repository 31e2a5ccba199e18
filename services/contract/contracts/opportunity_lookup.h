#ifndef CRM_SERVICES_CONTRACT_CONTRACTS_OPPORTUNITY_LOOKUP_H_
#define CRM_SERVICES_CONTRACT_CONTRACTS_OPPORTUNITY_LOOKUP_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "libs/auth/principal_signer.h"

namespace crm::contract {

// The opportunity a contract is created from, asked of the opportunity
// service as the caller (so the caller's scope there decides what they may
// turn into a contract). Thread-safe.
class OpportunityLookup final {
 public:
  OpportunityLookup(std::shared_ptr<grpc::Channel> channel, auth::PrincipalSigner signer)
      : stub_(opportunity::v1::OpportunityService::NewStub(std::move(channel))),
        signer_(std::move(signer)) {}

  // Opportunity `name` as `caller` sees it. PERMISSION_DENIED or NOT_FOUND
  // (OPPORTUNITY_NOT_REACHABLE) when the opportunity service does not show
  // it to the caller; UNAVAILABLE (retry) when it does not answer.
  absl::StatusOr<opportunity::v1::Opportunity> Get(const auth::v1::Principal& caller,
                                                   std::string_view request_id,
                                                   const std::string& name) const;

 private:
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> stub_;
  auth::PrincipalSigner signer_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACTS_OPPORTUNITY_LOOKUP_H_
