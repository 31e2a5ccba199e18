#ifndef CRM_SERVICES_SCORING_CORE_PEER_CLIENTS_H_
#define CRM_SERVICES_SCORING_CORE_PEER_CLIENTS_H_

#include <memory>

#include "absl/time/time.h"
#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/auth/principal_signer.h"

namespace crm::scoring {

// The channels to the services scoring reads; each may be null (its address
// not given).
struct PeerChannels {
  std::shared_ptr<grpc::Channel> customers;
  std::shared_ptr<grpc::Channel> opportunities;
  std::shared_ptr<grpc::Channel> contracts;
  std::shared_ptr<grpc::Channel> collaboration;
};

// The other services as scoring calls them: as its service principal
// "services/scoring" (which sees every customer), each call with its own
// signed context and deadline. Usage:
//
//   if (peers.opportunities() == nullptr) ... // not configured
//   std::unique_ptr<grpc::ClientContext> call = peers.NewContext();
//   grpc::Status s = peers.opportunities()->ListOpportunities(call.get(), request, &response);
//
// Thread-safe.
class PeerClients final {
 public:
  PeerClients(PeerChannels channels, auth::PrincipalSigner signer,
              absl::Duration deadline = absl::Seconds(5));

  // Null when its channel is.
  customer::v1::CustomerService::Stub* customers() const { return customers_.get(); }
  opportunity::v1::OpportunityService::Stub* opportunities() const { return opportunities_.get(); }
  contract::v1::ContractService::Stub* contracts() const { return contracts_.get(); }
  collaboration::v1::CollaborationService::Stub* collaboration() const {
    return collaboration_.get();
  }

  // A context for one call: signed as "services/scoring", with the
  // deadline from now.
  std::unique_ptr<grpc::ClientContext> NewContext() const;

 private:
  const auth::PrincipalSigner signer_;
  const absl::Duration deadline_;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers_;
  std::unique_ptr<opportunity::v1::OpportunityService::Stub> opportunities_;
  std::unique_ptr<contract::v1::ContractService::Stub> contracts_;
  std::unique_ptr<collaboration::v1::CollaborationService::Stub> collaboration_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_PEER_CLIENTS_H_
