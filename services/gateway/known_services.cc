#include "services/gateway/known_services.h"

#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "google/longrunning/operations.pb.h"

namespace crm::gateway {

std::vector<const google::protobuf::ServiceDescriptor*> KnownServices() {
  return {
      customer::v1::Customer::descriptor()->file()->FindServiceByName("CustomerService"),
      v1::OrgUnit::descriptor()->file()->FindServiceByName("OrgService"),
      hierarchy::v1::Node::descriptor()->file()->FindServiceByName("HierarchyService"),
      opportunity::v1::Opportunity::descriptor()->file()->FindServiceByName("OpportunityService"),
      contract::v1::Contract::descriptor()->file()->FindServiceByName("ContractService"),
      collaboration::v1::CollaborationRequest::descriptor()->file()->FindServiceByName(
          "CollaborationService"),
      scoring::v1::ScoringEvent::descriptor()->file()->FindServiceByName("ScoringService"),
      google::longrunning::Operation::descriptor()->file()->FindServiceByName("Operations"),
  };
}

}  // namespace crm::gateway
