#include "services/gateway/permission_map.h"

#include <string>
#include <vector>

#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/pg/embedded_file.h"

namespace crm {
extern const EmbeddedFile kGatewayPermissions[];
}

namespace crm::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCustomerService[] = "crm.customer.v1.CustomerService";

PermissionMap MustParse(std::string_view text) {
  absl::StatusOr<PermissionMap> map = PermissionMap::Parse(text);
  EXPECT_TRUE(map.ok()) << map.status();
  return map.ok() ? *std::move(map) : PermissionMap();
}

TEST(PermissionMapTest, AnExactRuleBeatsTheServiceWildcardAndTheRestIsDenied) {
  const PermissionMap map = MustParse(R"(
    # comment
    crm.customer.v1.CustomerService/GetCustomer  viewer sales   # trailing comment
    crm.customer.v1.CustomerService/*            hq_admin
  )");
  EXPECT_THAT(*map.RolesFor("/crm.customer.v1.CustomerService/GetCustomer"),
              ElementsAre("viewer", "sales"));
  EXPECT_THAT(*map.RolesFor("/crm.customer.v1.CustomerService/UpdateCustomer"),
              ElementsAre("hq_admin"));
  EXPECT_EQ(map.RolesFor("/crm.hierarchy.v1.HierarchyService/GetNode"), nullptr);
  EXPECT_EQ(map.RolesFor("crm.customer.v1.CustomerService/GetCustomer"), nullptr);

  EXPECT_TRUE(map.Allows("/crm.customer.v1.CustomerService/GetCustomer", {"viewer"}));
  EXPECT_FALSE(map.Allows("/crm.customer.v1.CustomerService/UpdateCustomer", {"viewer", "sales"}));
  EXPECT_TRUE(map.Allows("/crm.customer.v1.CustomerService/UpdateCustomer", {"sales", "hq_admin"}));
  EXPECT_FALSE(map.Allows("/crm.hierarchy.v1.HierarchyService/GetNode", {"hq_admin"}));
  EXPECT_FALSE(map.Allows("/crm.customer.v1.CustomerService/GetCustomer", {}));
}

TEST(PermissionMapTest, BadRulesNameTheirLine) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"\n\nGetCustomer viewer", "line 3: 'GetCustomer' is not package.Service/Method"},
           {"crm.customer.v1.CustomerService/GetCustomer",
            "line 1: crm.customer.v1."
            "CustomerService/GetCustomer names no role"},
           {"crm.customer.v1.CustomerService/GetCustomer admin", "line 1: unknown role 'admin'"},
           {"a.B/C viewer\na.B/C sales", "line 2: a.B/C has a rule already"},
           {"a.B/C/D viewer", "'a.B/C/D' is not"},
       }) {
    absl::StatusOr<PermissionMap> map = PermissionMap::Parse(c.text);
    ASSERT_FALSE(map.ok()) << c.text;
    EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(map.status().message()), HasSubstr(c.says));
  }
}

TEST(PermissionMapTest, ProblemsListUncoveredMethodsAndRulesForNothing) {
  const PermissionMap map = MustParse(R"(
    crm.customer.v1.CustomerService/GetCustomer   viewer
    crm.customer.v1.CustomerService/NoSuchMethod  viewer
    crm.nothing.v1.Nothing/*                      viewer
  )");
  const std::vector<std::string> problems =
      map.Problems(*google::protobuf::DescriptorPool::generated_pool(), {kCustomerService});
  EXPECT_THAT(
      problems,
      ::testing::Contains("crm.customer.v1.CustomerService/UpdateCustomer has no rule: nobody may "
                          "call it"));
  EXPECT_THAT(
      problems,
      ::testing::Contains("rule for crm.customer.v1.CustomerService/NoSuchMethod: no such method"));
  EXPECT_THAT(problems, ::testing::Contains("rule for crm.nothing.v1.Nothing/*: no such service"));
  EXPECT_THAT(problems, ::testing::Not(::testing::Contains(HasSubstr("GetCustomer has no rule"))));
}

// The map shipped in the repository covers every customer RPC, and the
// integration role gets exactly the calls an ERP needs.
TEST(PermissionMapTest, TheShippedMapCoversEveryRpcAndKeepsIntegrationNarrow) {
  // Linking the generated code registers its descriptors.
  ASSERT_NE(customer::v1::Customer::descriptor(), nullptr);
  ASSERT_NE(v1::OrgUnit::descriptor(), nullptr);
  ASSERT_NE(hierarchy::v1::Node::descriptor(), nullptr);
  ASSERT_NE(opportunity::v1::Opportunity::descriptor(), nullptr);
  ASSERT_NE(contract::v1::Contract::descriptor(), nullptr);
  ASSERT_NE(collaboration::v1::CollaborationRequest::descriptor(), nullptr);
  ASSERT_NE(scoring::v1::ScoringEvent::descriptor(), nullptr);
  const PermissionMap map = MustParse(kGatewayPermissions[0].contents);
  EXPECT_THAT(
      map.Problems(
          *google::protobuf::DescriptorPool::generated_pool(),
          {kCustomerService, "crm.gateway.v1.OrgService", "crm.hierarchy.v1.HierarchyService",
           "crm.opportunity.v1.OpportunityService", "crm.contract.v1.ContractService",
           "crm.collaboration.v1.CollaborationService", "crm.scoring.v1.ScoringService"}),
      IsEmpty());
  // Sellers run the pipeline; viewers read it; only HQ sets the stage model.
  EXPECT_TRUE(map.Allows("/crm.opportunity.v1.OpportunityService/ChangeStage", {"sales"}));
  EXPECT_FALSE(map.Allows("/crm.opportunity.v1.OpportunityService/ChangeStage", {"viewer"}));
  EXPECT_TRUE(map.Allows("/crm.opportunity.v1.OpportunityService/GetFunnel", {"viewer"}));
  EXPECT_FALSE(map.Allows("/crm.opportunity.v1.OpportunityService/UpdateStageModel", {"sales"}));
  EXPECT_FALSE(
      map.Allows("/crm.opportunity.v1.OpportunityService/GetOpportunity", {"integration"}));
  // Sellers write and sign contracts; legal and finance approve them and may
  // not write them; finance and ERP accounts record receipts; only HQ sets the
  // approval policy; every internal user reads contracts and receivables.
  constexpr char kContract[] = "/crm.contract.v1.ContractService/";
  const auto contract = [&](std::string_view method) {
    return std::string(kContract) + std::string(method);
  };
  EXPECT_TRUE(map.Allows(contract("CreateContract"), {"sales"}));
  EXPECT_FALSE(map.Allows(contract("CreateContract"), {"legal"}));
  EXPECT_FALSE(map.Allows(contract("CreateContract"), {"finance"}));
  EXPECT_FALSE(map.Allows(contract("SignContract"), {"viewer"}));
  EXPECT_TRUE(map.Allows(contract("ApproveContract"), {"legal"}));
  EXPECT_TRUE(map.Allows(contract("ApproveContract"), {"finance"}));
  EXPECT_FALSE(map.Allows(contract("ApproveContract"), {"sales"}));
  EXPECT_TRUE(map.Allows(contract("ListApprovalInbox"), {"finance"}));
  EXPECT_TRUE(map.Allows(contract("RecordReceipt"), {"finance"}));
  EXPECT_TRUE(map.Allows(contract("RecordReceipt"), {"integration"}));
  EXPECT_FALSE(map.Allows(contract("RecordReceipt"), {"sales"}));
  EXPECT_FALSE(map.Allows(contract("RecordReceipt"), {"legal"}));
  EXPECT_FALSE(map.Allows(contract("UpdateApprovalPolicy"), {"legal", "finance", "org_admin"}));
  EXPECT_TRUE(map.Allows(contract("GetAgingReport"), {"viewer"}));
  EXPECT_TRUE(map.Allows(contract("GetContract"), {"legal"}));
  EXPECT_FALSE(map.Allows(contract("GetContract"), {"integration"}));
  EXPECT_TRUE(map.Allows(contract("WatchContractEvents"), {"integration"}));
  EXPECT_FALSE(map.Allows(contract("ListContractEvents"), {"finance"}));
  // Sellers, service staff and org admins raise and work collaboration
  // requests; every internal user reads them and the board; only HQ sets the
  // SLA policy. A deal's side scores and submits its attribution; only the
  // strategy centre approves, rejects and adjusts (not even hq_admin);
  // contributors dispute; the credit report is for managers, sellers,
  // finance and the strategy centre.
  constexpr char kCollaboration[] = "/crm.collaboration.v1.CollaborationService/";
  const auto collaboration = [&](std::string_view method) {
    return std::string(kCollaboration) + std::string(method);
  };
  for (const char* role : {"hq_admin", "org_admin", "sales", "service", "strategy"}) {
    EXPECT_TRUE(map.Allows(collaboration("CreateCollaborationRequest"), {role})) << role;
    EXPECT_TRUE(map.Allows(collaboration("AcknowledgeCollaborationRequest"), {role})) << role;
    EXPECT_TRUE(map.Allows(collaboration("AddCollaborationComment"), {role})) << role;
  }
  for (const char* role : {"viewer", "legal", "finance", "integration"}) {
    EXPECT_FALSE(map.Allows(collaboration("CreateCollaborationRequest"), {role})) << role;
    EXPECT_FALSE(map.Allows(collaboration("AdvanceCollaborationRequest"), {role})) << role;
  }
  for (const char* role :
       {"hq_admin", "org_admin", "sales", "service", "viewer", "legal", "finance", "strategy"}) {
    EXPECT_TRUE(map.Allows(collaboration("GetCollaborationBoard"), {role})) << role;
    EXPECT_TRUE(map.Allows(collaboration("GetAttribution"), {role})) << role;
  }
  EXPECT_FALSE(map.Allows(collaboration("GetCollaborationRequest"), {"integration"}));
  EXPECT_TRUE(map.Allows(collaboration("UpdateSlaPolicy"), {"hq_admin"}));
  EXPECT_FALSE(map.Allows(collaboration("UpdateSlaPolicy"), {"org_admin", "strategy"}));
  EXPECT_TRUE(map.Allows(collaboration("SubmitAttribution"), {"sales"}));
  EXPECT_FALSE(map.Allows(collaboration("SubmitAttribution"), {"service", "viewer"}));
  for (const char* method : {"ApproveAttribution", "RejectAttribution", "AdjustAttribution"}) {
    EXPECT_TRUE(map.Allows(collaboration(method), {"strategy"})) << method;
    EXPECT_FALSE(
        map.Allows(collaboration(method), {"hq_admin", "org_admin", "sales", "legal", "finance"}))
        << method;
  }
  EXPECT_TRUE(map.Allows(collaboration("DisputeAttribution"), {"sales"}));
  EXPECT_FALSE(map.Allows(collaboration("DisputeAttribution"), {"viewer", "service"}));
  EXPECT_TRUE(map.Allows(collaboration("UpdateAttributionPolicy"), {"strategy"}));
  EXPECT_FALSE(map.Allows(collaboration("UpdateAttributionPolicy"), {"org_admin"}));
  EXPECT_TRUE(map.Allows(collaboration("GetCreditReport"), {"finance"}));
  EXPECT_FALSE(map.Allows(collaboration("GetCreditReport"), {"service", "legal"}));
  EXPECT_TRUE(map.Allows(collaboration("WatchCollaborationEvents"), {"integration"}));
  EXPECT_FALSE(map.Allows(collaboration("ListCollaborationEvents"), {"strategy"}));
  // Every internal user reads scores, warnings and scorecards in scope; the
  // strategy centre or HQ sets the policy, profiles, reviews and targets; only
  // the strategy centre decides a tier; the owner side records retention plans
  // and surveys; HQ rebuilds the facts; the feed is for integrations and HQ.
  constexpr char kScoring[] = "/crm.scoring.v1.ScoringService/";
  const auto scoring = [&](std::string_view method) {
    return std::string(kScoring) + std::string(method);
  };
  for (const char* role :
       {"hq_admin", "org_admin", "sales", "service", "viewer", "legal", "finance", "strategy"}) {
    for (const char* method :
         {"GetCustomerOverview", "GetGroupOverview", "ListAtRiskCustomers", "GetCustomerFacts",
          "GetScoringPolicy", "GetTierReview", "ListTierProposals", "ListTierHistory",
          "ListChurnWarnings", "GetChurnWarning", "ListSurveys", "ListSalesTargets", "GetScorecard",
          "ListScorecards"}) {
      EXPECT_TRUE(map.Allows(scoring(method), {role})) << role << " " << method;
    }
  }
  EXPECT_FALSE(map.Allows(scoring("GetCustomerOverview"), {"integration"}));
  for (const char* method :
       {"UpdateScoringProfile", "UpdateScoringPolicy", "OpenTierReview", "SetSalesTarget"}) {
    EXPECT_TRUE(map.Allows(scoring(method), {"strategy"})) << method;
    EXPECT_TRUE(map.Allows(scoring(method), {"hq_admin"})) << method;
    EXPECT_FALSE(map.Allows(scoring(method),
                            {"org_admin", "sales", "service", "viewer", "legal", "finance"}))
        << method;
  }
  EXPECT_TRUE(map.Allows(scoring("DecideTierProposal"), {"strategy"}));
  EXPECT_FALSE(map.Allows(scoring("DecideTierProposal"), {"hq_admin", "org_admin", "sales"}));
  EXPECT_TRUE(map.Allows(scoring("StartFactsRebuild"), {"hq_admin"}));
  EXPECT_FALSE(map.Allows(scoring("StartFactsRebuild"), {"strategy", "integration"}));
  EXPECT_TRUE(map.Allows(scoring("GetFactsRebuild"), {"strategy"}));
  EXPECT_FALSE(map.Allows(scoring("GetFactsRebuild"), {"sales", "viewer"}));
  for (const char* method : {"RecordRetentionPlan", "RecordRetentionOutcome", "RecordSurvey"}) {
    EXPECT_TRUE(map.Allows(scoring(method), {"sales"})) << method;
    EXPECT_TRUE(map.Allows(scoring(method), {"service"})) << method;
    EXPECT_FALSE(map.Allows(scoring(method), {"viewer", "legal", "finance", "integration"}))
        << method;
  }
  EXPECT_TRUE(map.Allows(scoring("WatchScoringEvents"), {"integration"}));
  EXPECT_FALSE(map.Allows(scoring("ListScoringEvents"), {"strategy"}));
  // The strategy centre reads the customers, organisation and deals it judges.
  EXPECT_TRUE(map.Allows("/crm.customer.v1.CustomerService/GetCustomer", {"strategy"}));
  EXPECT_TRUE(map.Allows("/crm.gateway.v1.OrgService/ListOrgUnits", {"strategy"}));
  EXPECT_TRUE(map.Allows("/crm.opportunity.v1.OpportunityService/GetOpportunity", {"strategy"}));
  EXPECT_TRUE(map.Allows("/crm.contract.v1.ContractService/GetContract", {"strategy"}));
  EXPECT_FALSE(map.Allows("/crm.opportunity.v1.OpportunityService/ChangeStage", {"strategy"}));
  // Approvers see the customers and the organisation they review.
  EXPECT_TRUE(map.Allows("/crm.customer.v1.CustomerService/GetCustomer", {"legal"}));
  EXPECT_TRUE(map.Allows("/crm.gateway.v1.OrgService/GetCurrentUser", {"finance"}));
  EXPECT_FALSE(map.Allows("/crm.customer.v1.CustomerService/UpdateCustomer", {"finance"}));
  // Who may manage the organisation.
  EXPECT_TRUE(map.Allows("/crm.gateway.v1.OrgService/CreateUser", {"org_admin"}));
  EXPECT_FALSE(map.Allows("/crm.gateway.v1.OrgService/CreateUser", {"sales"}));
  EXPECT_TRUE(map.Allows("/crm.gateway.v1.OrgService/ListOrgUnits", {"viewer"}));
  EXPECT_TRUE(map.Allows("/crm.gateway.v1.OrgService/GetCurrentUser", {"integration"}));
  EXPECT_FALSE(map.Allows("/crm.gateway.v1.OrgService/ListOrgUnits", {"integration"}));

  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(kCustomerService);
  ASSERT_NE(service, nullptr);
  std::vector<std::string> integration;
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method =
        std::string("/") + kCustomerService + "/" + service->method(i)->name();
    if (map.Allows(method, {"integration"})) integration.push_back(service->method(i)->name());
    EXPECT_TRUE(map.Allows(method, {"hq_admin"})) << method;
  }
  EXPECT_THAT(integration, ::testing::UnorderedElementsAre(
                               "GetCustomer", "BatchGetCustomers", "LookupCustomer",
                               "UpsertCustomerByExternalReference", "ListCustomerChanges",
                               "WatchCustomerChanges", "ImportCustomers"));
}

}  // namespace
}  // namespace crm::gateway
