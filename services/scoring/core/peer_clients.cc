#include "services/scoring/core/peer_clients.h"

#include <utility>

#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "services/scoring/core/scoring_database.h"

namespace crm::scoring {

PeerClients::PeerClients(PeerChannels channels, auth::PrincipalSigner signer,
                         absl::Duration deadline)
    : signer_(std::move(signer)), deadline_(deadline) {
  if (channels.customers != nullptr) {
    customers_ = customer::v1::CustomerService::NewStub(std::move(channels.customers));
  }
  if (channels.opportunities != nullptr) {
    opportunities_ =
        opportunity::v1::OpportunityService::NewStub(std::move(channels.opportunities));
  }
  if (channels.contracts != nullptr) {
    contracts_ = contract::v1::ContractService::NewStub(std::move(channels.contracts));
  }
  if (channels.collaboration != nullptr) {
    collaboration_ =
        collaboration::v1::CollaborationService::NewStub(std::move(channels.collaboration));
  }
}

std::unique_ptr<grpc::ClientContext> PeerClients::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal(kServicePrincipal));
  return context;
}

}  // namespace crm::scoring
