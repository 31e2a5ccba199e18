#ifndef CRM_TOOLS_CRMCTL_CONNECTION_H_
#define CRM_TOOLS_CRMCTL_CONNECTION_H_

#include <istream>
#include <memory>
#include <ostream>

#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "crm/gateway/v1/org_service.grpc.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "grpcpp/channel.h"
#include "tools/crmctl/client_context.h"

namespace crm::crmctl {

using CustomerStub = customer::v1::CustomerService::StubInterface;
using OrgStub = gateway::v1::OrgService::StubInterface;
using HierarchyStub = hierarchy::v1::HierarchyService::StubInterface;
using OpportunityStub = opportunity::v1::OpportunityService::StubInterface;
using ContractStub = contract::v1::ContractService::StubInterface;
using CollaborationStub = collaboration::v1::CollaborationService::StubInterface;
using ScoringStub = scoring::v1::ScoringService::StubInterface;
// Operations of every service, through the gateway (or of the one service
// --server names); commands make its stub from `channel`.
using OperationsStub = google::longrunning::Operations::StubInterface;

// What commands call: the channel to --server (health checks), the customer
// service, the gateway's org service, the hierarchy, opportunity, contract,
// collaboration and scoring service stubs over it
// (the gateway routes each by its full method name), and the context of each
// call. Tests build one over an in-process channel.
struct Connection {
  std::shared_ptr<grpc::ChannelInterface> channel;
  CustomerStub& customers;
  OrgStub& org;
  HierarchyStub& hierarchy;
  OpportunityStub& opportunities;
  ContractStub& contracts;
  CollaborationStub& collaboration;
  ScoringStub& scoring;
  const ContextFactory& contexts;
  // Standard input, for `login --token-stdin`.
  std::istream& in;
  // Standard error, for progress notes of long commands (`hierarchy
  // import`); see GlobalOptions::show_progress.
  std::ostream& err;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONNECTION_H_
