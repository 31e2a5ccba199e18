// Every public RPC × every role, through the gateway, against what
// permissions.conf says: a role the map denies is refused by the gateway; a
// role it allows is not refused for its own subsidiary's data. Then a
// subsidiary's user with another subsidiary's real ids: identity data is
// readable, everything else is refused, the same way every time, and a
// refused call writes nothing.
#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "gtest/gtest.h"
#include "libs/pg/embedded_file.h"
#include "libs/strings/str_cat.h"
#include "services/gateway/known_services.h"
#include "services/gateway/permission_map.h"
#include "tests/e2e/gateway_test_support.h"
#include "tests/e2e/probe_world.h"
#include "tests/e2e/raw_call.h"

namespace crm {
extern const EmbeddedFile kGatewayPermissions[];
}  // namespace crm

namespace crm::e2e {
namespace {

// A request for each RPC about the caller's own subsidiary (sub-east; HQ
// reaches it too), in text format with ProbeWorld placeholders. Changes carry
// a stale etag where the RPC takes one, so the call passes the permission
// and scope checks and then stops at the etag, writing nothing.
const std::map<std::string, std::string>& OwnRequests() {
  static const auto*
      requests =
          new std::map<std::string, std::string>{
              // crm.customer.v1.CustomerService
              {"CustomerService/CreateCustomer",
               R"(customer { legal_name: "上海矩阵测试科技有限公司" uscc: "$NEW_USCC" industry: "C" region: "310115" })"},
              {"CustomerService/GetCustomer", R"(name: "$CUSTOMER")"},
              {"CustomerService/BatchGetCustomers", R"(names: "$CUSTOMER" names: "$CUSTOMER2")"},
              {"CustomerService/ListCustomers", R"(page_size: 5)"},
              {"CustomerService/UpdateCustomer",
               R"(customer { name: "$CUSTOMER" short_name: "矩阵" etag: "$STALE_ETAG" } update_mask { paths: "short_name" })"},
              {"CustomerService/DeleteCustomer", R"(name: "$CUSTOMER" etag: "$STALE_ETAG")"},
              {"CustomerService/UndeleteCustomer", R"(name: "$CUSTOMER" etag: "$STALE_ETAG")"},
              {"CustomerService/LookupCustomer", R"(uscc: "$CUSTOMER_USCC")"},
              {"CustomerService/UpsertCustomerByExternalReference",
               R"(external_reference { source_system: "erp-matrix" source_id: "M-$UNIQUE" } customer { legal_name: "上海矩阵外部科技有限公司" uscc: "$NEW_USCC" })"},
              {"CustomerService/SetCustomerOwner",
               R"(name: "$CUSTOMER" owner_org_unit: "$TEAM" etag: "$STALE_ETAG")"},
              {"CustomerService/AddAccountTeamMember",
               R"(name: "$CUSTOMER" member { org_unit: "$TEAM" role: "service" } etag: "$STALE_ETAG")"},
              {"CustomerService/RemoveAccountTeamMember",
               R"(name: "$CUSTOMER" org_unit: "$TEAM" etag: "$STALE_ETAG")"},
              {"CustomerService/SearchDuplicates",
               R"(customer { legal_name: "上海东方探针科技有限公司" })"},
              {"CustomerService/ScanDuplicates", R"(min_score: 0.95)"},
              {"CustomerService/ListCustomerChanges", R"(page_size: 5)"},
              {"CustomerService/MergeCustomers",
               R"(survivor: "$CUSTOMER" merged: "$CUSTOMER2" validate_only: true)"},
              {"CustomerService/UnmergeCustomer", R"(name: "$CUSTOMER2")"},
              {"CustomerService/ImportCustomers",
               R"(rows { row_number: 1 external_reference { source_system: "erp-matrix" source_id: "I-$UNIQUE" } customer { legal_name: "上海矩阵导入科技有限公司" uscc: "$NEW_USCC" } })"},
              {"CustomerService/WatchCustomerChanges", R"()"},
              {"CustomerService/GetDataQualityReport", R"(owner_org_unit: "$ORG_UNIT")"},
              {"CustomerService/ListCustomerHistory", R"(parent: "$CUSTOMER")"},
              {"CustomerService/CreateContact",
               R"(parent: "$CUSTOMER" contact { display_name: "矩阵联系人" phone: "13700001111" })"},
              {"CustomerService/GetContact", R"(name: "$CONTACT")"},
              {"CustomerService/ListContacts", R"(parent: "$CUSTOMER")"},
              {"CustomerService/UpdateContact",
               R"(contact { name: "$CONTACT" title: "矩阵" etag: "$STALE_ETAG" } update_mask { paths: "title" })"},
              {"CustomerService/DeleteContact", R"(name: "$CONTACT" etag: "$STALE_ETAG")"},
              {"CustomerService/EraseContact", R"(name: "$FRESH_CONTACT" reason: "PIPL-matrix")"},
              // crm.hierarchy.v1.HierarchyService
              {"HierarchyService/CreateGroup", R"(customer: "$CUSTOMER2")"},
              {"HierarchyService/AttachNode",
               R"(parent: "$NODE" node { kind: DEPARTMENT display_name: "矩阵部" edge_type: DEPARTMENT })"},
              {"HierarchyService/GetNode", R"(name: "$NODE")"},
              {"HierarchyService/ListChildren", R"(parent: "$NODE")"},
              {"HierarchyService/ListSubtree", R"(name: "$NODE")"},
              {"HierarchyService/MoveNode",
               R"(name: "$DEPT_NODE" new_parent: "$NODE" edge_type: DEPARTMENT etag: "$STALE_ETAG")"},
              {"HierarchyService/DetachNode", R"(name: "$DEPT_NODE" etag: "$STALE_ETAG")"},
              {"HierarchyService/DeleteNode", R"(name: "$DEPT_NODE" etag: "$STALE_ETAG")"},
              {"HierarchyService/FindGroup", R"(customer: "$CUSTOMER")"},
              {"HierarchyService/ResolveSubtreeCustomers", R"(names: "$NODE")"},
              {"HierarchyService/GetRollup", R"(name: "$NODE")"},
              {"HierarchyService/ImportStructure",
               R"(rows { parent: "$CUSTOMER_USCC" child: "$CUSTOMER2_USCC" edge_type: CONTROLLED ownership_percent: "51" line: 1 } validate_only: true)"},
              {"HierarchyService/ListHierarchyEvents", R"(page_size: 5)"},
              {"HierarchyService/WatchHierarchyEvents", R"()"},
              // crm.gateway.v1.OrgService
              {"OrgService/GetCurrentUser", R"()"},
              {"OrgService/CreateOrgUnit",
               R"(org_unit { parent: "$ORG_UNIT" kind: TEAM display_name: "矩阵组" } org_unit_id: "matrix-$UNIQUE")"},
              {"OrgService/GetOrgUnit", R"(name: "$TEAM")"},
              {"OrgService/ListOrgUnits", R"(parent: "$ORG_UNIT")"},
              {"OrgService/UpdateOrgUnit",
               R"(org_unit { name: "$TEAM" display_name: "矩阵改名" etag: "$STALE_ETAG" } update_mask { paths: "display_name" })"},
              {"OrgService/DeleteOrgUnit", R"(name: "$TEAM" etag: "$STALE_ETAG")"},
              {"OrgService/CreateUser",
               R"(user { display_name: "矩阵用户" org_unit: "$TEAM" roles: "viewer" } user_id: "matrix-$UNIQUE")"},
              {"OrgService/GetUser", R"(name: "$USER")"},
              {"OrgService/ListUsers", R"(org_unit: "$ORG_UNIT")"},
              {"OrgService/UpdateUser",
               R"(user { name: "$USER" display_name: "矩阵改名" etag: "$STALE_ETAG" } update_mask { paths: "display_name" })"},
              {"OrgService/ListAuditEntries", R"(page_size: 5)"},
              // crm.opportunity.v1.OpportunityService
              {"OpportunityService/CreateOpportunity",
               R"(opportunity { customer: "$CUSTOMER" title: "矩阵商机" amount { currency_code: "CNY" minor_units: 100000 } })"},
              {"OpportunityService/GetOpportunity", R"(name: "$OPPORTUNITY")"},
              {"OpportunityService/ListOpportunities", R"(page_size: 5 customer: "$CUSTOMER")"},
              {"OpportunityService/UpdateOpportunity",
               R"(opportunity { name: "$OPPORTUNITY" title: "矩阵" etag: "$STALE_ETAG" } update_mask { paths: "title" })"},
              {"OpportunityService/ChangeStage",
               R"(name: "$OPPORTUNITY" stage: DISCOVERY etag: "$STALE_ETAG")"},
              {"OpportunityService/WinOpportunity", R"(name: "$OPPORTUNITY" etag: "$STALE_ETAG")"},
              {"OpportunityService/LoseOpportunity",
               R"(name: "$OPPORTUNITY" etag: "$STALE_ETAG" loss_reason: PRICE)"},
              {"OpportunityService/ReopenOpportunity",
               R"(name: "$OPPORTUNITY" etag: "$STALE_ETAG" stage: LEAD reason: "矩阵重开")"},
              {"OpportunityService/ListOpportunityHistory", R"(parent: "$OPPORTUNITY")"},
              {"OpportunityService/GetStageModel", R"(name: "stageModel")"},
              {"OpportunityService/UpdateStageModel",
               R"(stage_model { stages { stage: LEAD probability: 10 } stages { stage: DISCOVERY probability: 20 } stages { stage: SOLUTION probability: 40 } stages { stage: QUOTE probability: 60 } stages { stage: NEGOTIATION probability: 80 } stages { stage: WON probability: 100 } stages { stage: LOST probability: 0 } min_survey_completeness_bp: 10000 require_decision_maker: true stale_after_days: 14 etag: "$STALE_ETAG" })"},
              {"OpportunityService/CreateActivity",
               R"(activity { customer: "$CUSTOMER" opportunity: "$OPPORTUNITY" type: NOTE occur_time { seconds: 1767225600 } summary: "矩阵备注" })"},
              {"OpportunityService/ListActivities", R"(customer: "$CUSTOMER")"},
              {"OpportunityService/ListStaleOpportunities", R"(org_unit: "$ORG_UNIT")"},
              {"OpportunityService/GetFunnel", R"(org_unit: "$ORG_UNIT")"},
              {"OpportunityService/ListOpportunityEvents", R"(page_size: 5)"},
              {"OpportunityService/WatchOpportunityEvents", R"()"},
              // crm.contract.v1.ContractService. Transitions of $CONTRACT (in force)
              // and $DRAFT_CONTRACT carry a stale etag, and renewing the draft is
              // refused for its state: past the permission and scope checks, nothing
              // is written. A contract and receipts are really created.
              {"ContractService/CreateContract",
               R"(contract { kind: STANDALONE title: "矩阵合同" customer: "$CUSTOMER" amount { currency_code: "CNY" minor_units: 100000 } start_date { year: 2027 month: 1 day: 1 } end_date { year: 2027 month: 12 day: 31 } })"},
              {"ContractService/GetContract", R"(name: "$CONTRACT")"},
              {"ContractService/ListContracts", R"(page_size: 5 customer: "$CUSTOMER")"},
              {"ContractService/UpdateContract",
               R"(contract { name: "$DRAFT_CONTRACT" title: "矩阵" etag: "$STALE_ETAG" } update_mask { paths: "title" })"},
              {"ContractService/SubmitContract", R"(name: "$DRAFT_CONTRACT" etag: "$STALE_ETAG")"},
              {"ContractService/ApproveContract",
               R"(name: "$CONTRACT" etag: "$STALE_ETAG" comment: "矩阵同意")"},
              {"ContractService/RejectContract",
               R"(name: "$CONTRACT" etag: "$STALE_ETAG" comment: "矩阵驳回")"},
              {"ContractService/SignContract", R"(name: "$CONTRACT" etag: "$STALE_ETAG")"},
              {"ContractService/TerminateContract",
               R"(name: "$CONTRACT" etag: "$STALE_ETAG" reason: "矩阵终止")"},
              {"ContractService/RenewContract",
               R"(name: "$DRAFT_CONTRACT" end_date { year: 2030 month: 12 day: 31 })"},
              {"ContractService/ListContractHistory", R"(parent: "$CONTRACT")"},
              {"ContractService/ListApprovalInbox", R"(page_size: 5)"},
              {"ContractService/GetApprovalPolicy", R"(name: "approvalPolicy")"},
              {"ContractService/UpdateApprovalPolicy",
               R"(approval_policy { name: "approvalPolicy" rules { role: "legal" above { currency_code: "CNY" minor_units: 0 } } etag: "$STALE_ETAG" })"},
              {"ContractService/RecordReceipt",
               R"(parent: "$CONTRACT" receipt { receive_date { year: 2026 month: 1 day: 5 } amount { currency_code: "CNY" minor_units: 100 } bank_reference: "MATRIX-$UNIQUE" })"},
              {"ContractService/ListReceipts", R"(parent: "$CONTRACT")"},
              {"ContractService/GetReceivables", R"(org_unit: "$ORG_UNIT")"},
              {"ContractService/GetAgingReport", R"(org_unit: "$ORG_UNIT")"},
              {"ContractService/ListExpiringContracts", R"(days: 60)"},
              {"ContractService/ListContractEvents", R"(page_size: 5)"},
              {"ContractService/WatchContractEvents", R"()"},
              // crm.collaboration.v1.CollaborationService. Changes of
              // $COLLAB_REQUEST and $ATTRIBUTION carry a stale etag, and its team's
              // acknowledgement is there already: past the permission and scope
              // checks, nothing is written. A request and a comment are really
              // created.
              {"CollaborationService/CreateCollaborationRequest",
               R"(collaboration_request { customer: "$CUSTOMER" title: "矩阵协同" participants { org_unit: "$NORTH_ORG_UNIT" task: "矩阵任务" } urgency: GENERAL })"},
              {"CollaborationService/GetCollaborationRequest", R"(name: "$COLLAB_REQUEST")"},
              {"CollaborationService/ListCollaborationRequests",
               R"(page_size: 5 customer: "$CUSTOMER")"},
              {"CollaborationService/UpdateCollaborationRequest",
               R"(collaboration_request { name: "$COLLAB_REQUEST" title: "矩阵" etag: "$STALE_ETAG" } update_mask { paths: "title" })"},
              {"CollaborationService/AcknowledgeCollaborationRequest",
               R"(name: "$COLLAB_REQUEST" org_unit: "$TEAM")"},
              {"CollaborationService/AdvanceCollaborationRequest",
               R"(name: "$COLLAB_REQUEST" etag: "$STALE_ETAG" step: DESIGNING)"},
              {"CollaborationService/CancelCollaborationRequest",
               R"(name: "$COLLAB_REQUEST" etag: "$STALE_ETAG" reason: "矩阵取消")"},
              {"CollaborationService/AddCollaborationComment",
               R"(parent: "$COLLAB_REQUEST" comment: "矩阵评论")"},
              {"CollaborationService/ListCollaborationTimeline", R"(parent: "$COLLAB_REQUEST")"},
              {"CollaborationService/GetCollaborationBoard", R"(customer: "$CUSTOMER")"},
              {"CollaborationService/GetSlaPolicy", R"()"},
              {"CollaborationService/UpdateSlaPolicy",
               R"(sla_policy { rules { urgency: GENERAL response_working_days: 3 step_working_days: 5 } rules { urgency: URGENT response_hours: 24 step_working_days: 3 } rules { urgency: CRITICAL response_hours: 2 step_working_days: 1 } etag: "$STALE_ETAG" })"},
              {"CollaborationService/GetAttribution", R"(name: "$ATTRIBUTION")"},
              {"CollaborationService/ListAttributions", R"(page_size: 5)"},
              {"CollaborationService/UpdateAttribution", R"(attribution { name: "$ATTRIBUTION" etag: "$STALE_ETAG" contributors { org_unit: "$ORG_UNIT" scores { information: 50 resources: 50 participation: 50 customer_evaluation: 50 } } } update_mask { paths: "contributors" })"},
              {"CollaborationService/SubmitAttribution",
               R"(name: "$ATTRIBUTION" etag: "$STALE_ETAG")"},
              {"CollaborationService/ApproveAttribution",
               R"(name: "$ATTRIBUTION" etag: "$STALE_ETAG" comment: "矩阵同意")"},
              {"CollaborationService/RejectAttribution",
               R"(name: "$ATTRIBUTION" etag: "$STALE_ETAG" comment: "矩阵驳回")"},
              {"CollaborationService/DisputeAttribution",
               R"(name: "$ATTRIBUTION" etag: "$STALE_ETAG" org_unit: "$ORG_UNIT" reason: "矩阵异议")"},
              {"CollaborationService/AdjustAttribution",
               R"(name: "$ATTRIBUTION" etag: "$STALE_ETAG" contributors { org_unit: "$ORG_UNIT" scores { information: 50 resources: 50 participation: 50 customer_evaluation: 50 } } reason: "矩阵调整")"},
              {"CollaborationService/ListAttributionHistory", R"(name: "$ATTRIBUTION")"},
              {"CollaborationService/GetAttributionPolicy", R"()"},
              {"CollaborationService/UpdateAttributionPolicy",
               R"(attribution_policy { weights { information_bp: 2000 resources_bp: 3000 participation_bp: 3000 customer_evaluation_bp: 2000 } dispute_days: 10 etag: "$STALE_ETAG" })"},
              {"CollaborationService/GetCreditReport", R"(quarter: "2026Q4")"},
              {"CollaborationService/ListCollaborationEvents", R"(page_size: 5)"},
              {"CollaborationService/WatchCollaborationEvents", R"()"},
              // crm.scoring.v1.ScoringService. Changes of $CHURN_WARNING,
              // $TIER_PROPOSAL, the policy, the profile and the sales target
              // carry a stale etag: past the permission and scope checks,
              // nothing is written. A survey answer is really recorded (of a
              // fresh contact each time), a review opened again (nothing new
              // to propose) and a rebuild started.
              {"ScoringService/GetCustomerOverview", R"(customer: "$CUSTOMER")"},
              {"ScoringService/GetGroupOverview", R"(node: "$NODE")"},
              {"ScoringService/ListAtRiskCustomers", R"(min_risk: RISK_MEDIUM page_size: 5)"},
              {"ScoringService/GetCustomerFacts", R"(customer: "$CUSTOMER")"},
              {"ScoringService/UpdateScoringProfile",
               R"(scoring_profile { name: "$CUSTOMER/scoringProfile" strategic: true reason: "矩阵" etag: "$STALE_ETAG" })"},
              {"ScoringService/StartFactsRebuild", R"(request_id: "matrix-rebuild-$UNIQUE")"},
              {"ScoringService/GetFactsRebuild", R"(name: "$FACTS_REBUILD")"},
              {"ScoringService/GetScoringPolicy", R"()"},
              {"ScoringService/UpdateScoringPolicy",
               R"(scoring_policy { name: "scoringPolicy" value_weights { annual_purchases_bp: 4000 profit_contribution_bp: 1500 tenure_bp: 1500 growth_bp: 1500 strategic_bp: 1500 })"
               R"( tier_a_min { currency_code: "CNY" minor_units: 1000000000 })"
               R"( tier_b_min { currency_code: "CNY" minor_units: 100000000 })"
               R"( tenure_full_years: 10 growth_full_percent: 50 margin_full_bp: 3000)"
               R"( signals { signal: "orders_trend" threshold: -30 weight_bp: 2000 })"
               R"( signals { signal: "days_since_activity" threshold: 30 weight_bp: 1500 })"
               R"( signals { signal: "days_since_visit" threshold: 90 weight_bp: 1000 })"
               R"( signals { signal: "complaints_rising" threshold: 1 weight_bp: 1000 })"
               R"( signals { signal: "overdue_receivables" threshold: 30 weight_bp: 1500 })"
               R"( signals { signal: "expiring_without_renewal" threshold: 1 weight_bp: 1500 })"
               R"( signals { signal: "delivery_problems" threshold: 1 weight_bp: 1000 })"
               R"( signals { signal: "satisfaction_falling" threshold: 1 weight_bp: 500 })"
               R"( high_risk_below: 50 medium_risk_below: 75)"
               R"( scorecard_weights { sales_result_bp: 6000 data_completeness_bp: 1500 process_compliance_bp: 1500 customer_satisfaction_bp: 1000 } etag: "$STALE_ETAG" })"},
              {"ScoringService/OpenTierReview", R"(quarter: "$QUARTER")"},
              {"ScoringService/GetTierReview", R"(name: "$TIER_REVIEW")"},
              {"ScoringService/ListTierProposals", R"(parent: "$TIER_REVIEW" page_size: 5)"},
              {"ScoringService/DecideTierProposal",
               R"(name: "$TIER_PROPOSAL" decision: APPROVE etag: "$STALE_ETAG")"},
              {"ScoringService/ListTierHistory", R"(customer: "$CUSTOMER")"},
              {"ScoringService/ListChurnWarnings", R"(page_size: 5)"},
              {"ScoringService/GetChurnWarning", R"(name: "$CHURN_WARNING")"},
              {"ScoringService/RecordRetentionPlan",
               R"(name: "$CHURN_WARNING" retention_plan { actions: "矩阵挽留" owner: "$USER" due_date { year: 2027 month: 3 day: 31 } } etag: "$STALE_ETAG")"},
              {"ScoringService/RecordRetentionOutcome",
               R"(name: "$CHURN_WARNING" outcome: RETAINED note: "矩阵" etag: "$STALE_ETAG")"},
              {"ScoringService/RecordSurvey",
               R"(survey { customer: "$CUSTOMER" contact: "$FRESH_CONTACT" period: "$QUARTER" score: 8 comment: "矩阵回访" })"},
              {"ScoringService/ListSurveys", R"(customer: "$CUSTOMER")"},
              {"ScoringService/SetSalesTarget",
               R"(sales_target { name: "$ORG_UNIT/salesTargets/$QUARTER" amount { currency_code: "CNY" minor_units: 100000000 } etag: "$STALE_ETAG" })"},
              {"ScoringService/ListSalesTargets", R"(quarter: "$QUARTER")"},
              {"ScoringService/GetScorecard", R"(name: "$ORG_UNIT/scorecards/$QUARTER")"},
              {"ScoringService/ListScorecards", R"(quarter: "$QUARTER")"},
              {"ScoringService/ListScoringEvents", R"(page_size: 5)"},
              {"ScoringService/WatchScoringEvents", R"()"},
              // google.longrunning.Operations
              {"Operations/ListOperations", R"(name: "operations")"},
              {"Operations/GetOperation", R"(name: "$OPERATION")"},
              {"Operations/CancelOperation", R"(name: "$OPERATION")"},
              {"Operations/DeleteOperation", R"(name: "$OPERATION")"},
          };
  return *requests;
}

// A subsidiary's user (of each role that may call the RPC) with another
// subsidiary's real ids: what each RPC that takes an id must answer. Identity data (the golden
// record, the group structure, the organisation) is visible to every internal user; contacts are
// listed with their personal fields masked; every change is refused.
struct CrossCase {
  std::string method;  // "Service/Method"
  std::string request;
  grpc::StatusCode code;
  std::string as;  // given: this role only; else filled in for every subsidiary role the map allows
};

const std::vector<CrossCase>& CrossCases() {
  using C = grpc::StatusCode;
  static const auto* cases = new std::vector<CrossCase>{
      {"CustomerService/GetCustomer", R"(name: "$OTHER_CUSTOMER")", C::OK},
      {"CustomerService/BatchGetCustomers", R"(names: "$OTHER_CUSTOMER")", C::OK},
      {"CustomerService/LookupCustomer", R"(uscc: "$OTHER_CUSTOMER_USCC")", C::OK},
      {"CustomerService/GetContact", R"(name: "$OTHER_CONTACT")", C::OK},
      {"CustomerService/ListContacts", R"(parent: "$OTHER_CUSTOMER")", C::OK},
      {"CustomerService/UpdateCustomer",
       R"(customer { name: "$OTHER_CUSTOMER" short_name: "越权" } update_mask { paths: "short_name" })",
       C::PERMISSION_DENIED},
      {"CustomerService/DeleteCustomer", R"(name: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"CustomerService/UndeleteCustomer", R"(name: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"CustomerService/SetCustomerOwner", R"(name: "$OTHER_CUSTOMER" owner_org_unit: "$ORG_UNIT")",
       C::PERMISSION_DENIED},
      {"CustomerService/AddAccountTeamMember",
       R"(name: "$OTHER_CUSTOMER" member { org_unit: "$ORG_UNIT" role: "sales" })",
       C::PERMISSION_DENIED},
      {"CustomerService/RemoveAccountTeamMember",
       R"(name: "$OTHER_CUSTOMER" org_unit: "$OTHER_ORG_UNIT")", C::PERMISSION_DENIED},
      {"CustomerService/MergeCustomers", R"(survivor: "$CUSTOMER" merged: "$OTHER_CUSTOMER")",
       C::PERMISSION_DENIED},
      {"CustomerService/MergeCustomers",
       R"(survivor: "$OTHER_CUSTOMER" merged: "$OTHER_CUSTOMER2" validate_only: true)",
       C::PERMISSION_DENIED},
      {"CustomerService/UnmergeCustomer", R"(name: "$OTHER_CUSTOMER2")", C::PERMISSION_DENIED},
      {"CustomerService/CreateContact",
       R"(parent: "$OTHER_CUSTOMER" contact { display_name: "越权" phone: "13700002222" })",
       C::PERMISSION_DENIED},
      {"CustomerService/UpdateContact",
       R"(contact { name: "$OTHER_CONTACT" title: "越权" } update_mask { paths: "title" })",
       C::PERMISSION_DENIED},
      {"CustomerService/DeleteContact", R"(name: "$OTHER_CONTACT")", C::PERMISSION_DENIED},
      {"CustomerService/EraseContact", R"(name: "$OTHER_CONTACT" reason: "越权")",
       C::PERMISSION_DENIED},
      {"CustomerService/UpsertCustomerByExternalReference",
       R"(external_reference { source_system: "erp-cross" source_id: "X-1" } customer { legal_name: "杭州西湖探针科技有限公司" uscc: "$OTHER_CUSTOMER_USCC" short_name: "越权" })",
       C::PERMISSION_DENIED},
      {"CustomerService/ImportCustomers",
       R"(rows { row_number: 1 external_reference { source_system: "erp-cross" source_id: "X-2" } customer { legal_name: "杭州西湖探针科技有限公司" uscc: "$OTHER_CUSTOMER_USCC" short_name: "越权" } })",
       C::OK},  // the row is refused in its result; checked below
      {"CustomerService/ListCustomerHistory", R"(parent: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"CustomerService/GetDataQualityReport", R"(owner_org_unit: "$OTHER_ORG_UNIT")",
       C::PERMISSION_DENIED},
      {"HierarchyService/GetNode", R"(name: "$OTHER_NODE")", C::OK},
      {"HierarchyService/ListChildren", R"(parent: "$OTHER_NODE")", C::OK},
      {"HierarchyService/ListSubtree", R"(name: "$OTHER_NODE")", C::OK},
      {"HierarchyService/FindGroup", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"HierarchyService/ResolveSubtreeCustomers", R"(names: "$OTHER_NODE")", C::OK},
      {"HierarchyService/GetRollup", R"(name: "$OTHER_NODE")", C::OK},
      {"HierarchyService/CreateGroup", R"(customer: "$OTHER_CUSTOMER2")", C::PERMISSION_DENIED},
      {"HierarchyService/AttachNode",
       R"(parent: "$OTHER_NODE" node { kind: DEPARTMENT display_name: "越权部" edge_type: DEPARTMENT })",
       C::PERMISSION_DENIED},
      {"HierarchyService/AttachNode",
       R"(parent: "$NODE" node { kind: CUSTOMER customer: "$OTHER_CUSTOMER2" edge_type: AFFILIATE ownership_percent: "10" })",
       C::PERMISSION_DENIED},
      {"HierarchyService/MoveNode",
       R"(name: "$OTHER_DEPT_NODE" new_parent: "$NODE" edge_type: DEPARTMENT)",
       C::PERMISSION_DENIED},
      {"HierarchyService/DetachNode", R"(name: "$OTHER_DEPT_NODE")", C::PERMISSION_DENIED},
      {"HierarchyService/DeleteNode", R"(name: "$OTHER_DEPT_NODE")", C::PERMISSION_DENIED},
      {"HierarchyService/ImportStructure",
       R"(rows { parent: "$CUSTOMER_USCC" child: "$OTHER_CUSTOMER2_USCC" edge_type: AFFILIATE ownership_percent: "10" line: 1 })",
       C::PERMISSION_DENIED},
      {"HierarchyService/ImportStructure",
       R"(rows { parent: "$CUSTOMER_USCC" child: "$OTHER_CUSTOMER2_USCC" edge_type: AFFILIATE ownership_percent: "10" line: 1 } validate_only: true)",
       C::PERMISSION_DENIED},
      {"OrgService/GetOrgUnit", R"(name: "$OTHER_TEAM")", C::OK},
      {"OrgService/CreateOrgUnit",
       R"(org_unit { parent: "$OTHER_ORG_UNIT" kind: TEAM display_name: "越权组" } org_unit_id: "cross-team")",
       C::PERMISSION_DENIED},
      {"OrgService/UpdateOrgUnit",
       R"(org_unit { name: "$OTHER_TEAM" display_name: "越权" } update_mask { paths: "display_name" })",
       C::PERMISSION_DENIED},
      {"OrgService/DeleteOrgUnit", R"(name: "$OTHER_TEAM")", C::PERMISSION_DENIED},
      {"OrgService/CreateUser",
       R"(user { display_name: "越权" org_unit: "$OTHER_TEAM" roles: "sales" } user_id: "cross-user")",
       C::PERMISSION_DENIED},
      {"OrgService/GetUser", R"(name: "$OTHER_USER")", C::PERMISSION_DENIED},
      {"OrgService/ListUsers", R"(org_unit: "$OTHER_ORG_UNIT")", C::PERMISSION_DENIED},
      {"OrgService/UpdateUser",
       R"(user { name: "$OTHER_USER" display_name: "越权" } update_mask { paths: "display_name" })",
       C::PERMISSION_DENIED},
      {"OrgService/UpdateUser",
       R"(user { name: "$USER" org_unit: "$OTHER_TEAM" } update_mask { paths: "org_unit" })",
       C::PERMISSION_DENIED},
      // The pipeline of another subsidiary is neither readable nor changeable.
      // Changes carry the record's real etag: the refusal is for scope.
      {"OpportunityService/GetOpportunity", R"(name: "$OTHER_OPPORTUNITY")", C::PERMISSION_DENIED},
      {"OpportunityService/UpdateOpportunity",
       R"(opportunity { name: "$OTHER_OPPORTUNITY" title: "越权" etag: "$OTHER_OPPORTUNITY_ETAG" } update_mask { paths: "title" })",
       C::PERMISSION_DENIED},
      {"OpportunityService/ChangeStage",
       R"(name: "$OTHER_OPPORTUNITY" stage: DISCOVERY etag: "$OTHER_OPPORTUNITY_ETAG")",
       C::PERMISSION_DENIED},
      {"OpportunityService/WinOpportunity",
       R"(name: "$OTHER_OPPORTUNITY" etag: "$OTHER_OPPORTUNITY_ETAG")", C::PERMISSION_DENIED},
      {"OpportunityService/LoseOpportunity",
       R"(name: "$OTHER_OPPORTUNITY" etag: "$OTHER_OPPORTUNITY_ETAG" loss_reason: COMPETITOR)",
       C::PERMISSION_DENIED},
      {"OpportunityService/ReopenOpportunity",
       R"(name: "$OTHER_OPPORTUNITY" etag: "$OTHER_OPPORTUNITY_ETAG" stage: LEAD reason: "越权")",
       C::PERMISSION_DENIED},
      {"OpportunityService/ListOpportunityHistory", R"(parent: "$OTHER_OPPORTUNITY")",
       C::PERMISSION_DENIED},
      {"OpportunityService/CreateOpportunity",
       R"(opportunity { customer: "$OTHER_CUSTOMER" title: "越权商机" })", C::PERMISSION_DENIED},
      {"OpportunityService/CreateOpportunity",
       R"(opportunity { customer: "$CUSTOMER" title: "越权归属" owner_org_unit: "$OTHER_ORG_UNIT" })",
       C::PERMISSION_DENIED},
      {"OpportunityService/CreateActivity",
       R"(activity { customer: "$OTHER_CUSTOMER" type: CALL occur_time { seconds: 1767225600 } summary: "越权" })",
       C::PERMISSION_DENIED},
      {"OpportunityService/CreateActivity",
       R"(activity { customer: "$OTHER_CUSTOMER" opportunity: "$OTHER_OPPORTUNITY" type: CALL occur_time { seconds: 1767225600 } summary: "越权" })",
       C::PERMISSION_DENIED},
      // Lists and funnels of another subsidiary's customer answer as if it
      // had no business: the rows are filtered out in SQL (checked below),
      // so the answer shows nothing of what is hidden.
      {"OpportunityService/ListActivities", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"OpportunityService/ListActivities", R"(opportunity: "$OTHER_OPPORTUNITY")", C::OK},
      {"OpportunityService/ListOpportunities", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"OpportunityService/ListOpportunities", R"(owner_user: "$OTHER_USER")", C::OK},
      {"OpportunityService/ListOpportunities", R"(owner_org_unit: "$OTHER_ORG_UNIT")", C::OK},
      {"OpportunityService/ListStaleOpportunities", R"(owner_user: "$OTHER_USER")", C::OK},
      {"OpportunityService/GetFunnel", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"OpportunityService/GetFunnel", R"(group: "$OTHER_NODE")", C::OK},
      {"OpportunityService/GetFunnel", R"(org_unit: "$OTHER_ORG_UNIT")", C::PERMISSION_DENIED},
      {"OpportunityService/ListStaleOpportunities", R"(org_unit: "$OTHER_ORG_UNIT")",
       C::PERMISSION_DENIED},
      // An opportunity outside the scope is refused whether or not it exists
      // (opportunity_service.proto): a missing one is PERMISSION_DENIED to a
      // subsidiary and NOT_FOUND only to HQ, which sees everything.
      {"OpportunityService/GetOpportunity", R"(name: "$MISSING_OPPORTUNITY")",
       C::PERMISSION_DENIED},
      {"OpportunityService/GetOpportunity", R"(name: "$MISSING_OPPORTUNITY")", C::NOT_FOUND,
       "hq_admin"},
      {"OpportunityService/ChangeStage",
       R"(name: "$MISSING_OPPORTUNITY" stage: DISCOVERY etag: "$OTHER_OPPORTUNITY_ETAG")",
       C::PERMISSION_DENIED},
      {"OpportunityService/ChangeStage",
       R"(name: "$MISSING_OPPORTUNITY" stage: DISCOVERY etag: "$OTHER_OPPORTUNITY_ETAG")",
       C::NOT_FOUND, "hq_admin"},
      {"OpportunityService/ListOpportunityHistory", R"(parent: "$MISSING_OPPORTUNITY")",
       C::NOT_FOUND, "hq_admin"},
      {"OpportunityService/CreateActivity",
       R"(activity { customer: "$CUSTOMER" opportunity: "$MISSING_OPPORTUNITY" type: CALL occur_time { seconds: 1767225600 } summary: "无" })",
       C::PERMISSION_DENIED},
      {"OpportunityService/CreateActivity",
       R"(activity { customer: "$CUSTOMER" opportunity: "$MISSING_OPPORTUNITY" type: CALL occur_time { seconds: 1767225600 } summary: "无" })",
       C::NOT_FOUND, "hq_admin"},
      // Another subsidiary's contracts are neither readable nor changeable,
      // by sellers, approvers or finance alike. Changes carry the real etag:
      // the refusal is for scope.
      {"ContractService/GetContract", R"(name: "$OTHER_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/GetContract", R"(name: "$OTHER_PENDING_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/UpdateContract",
       R"(contract { name: "$OTHER_PENDING_CONTRACT" title: "越权" etag: "$OTHER_PENDING_CONTRACT_ETAG" } update_mask { paths: "title" })",
       C::PERMISSION_DENIED},
      {"ContractService/SubmitContract",
       R"(name: "$OTHER_PENDING_CONTRACT" etag: "$OTHER_PENDING_CONTRACT_ETAG")",
       C::PERMISSION_DENIED},
      {"ContractService/ApproveContract",
       R"(name: "$OTHER_PENDING_CONTRACT" etag: "$OTHER_PENDING_CONTRACT_ETAG" comment: "越权同意")",
       C::PERMISSION_DENIED},
      {"ContractService/RejectContract",
       R"(name: "$OTHER_PENDING_CONTRACT" etag: "$OTHER_PENDING_CONTRACT_ETAG" comment: "越权驳回")",
       C::PERMISSION_DENIED},
      {"ContractService/SignContract", R"(name: "$OTHER_CONTRACT" etag: "$OTHER_CONTRACT_ETAG")",
       C::PERMISSION_DENIED},
      {"ContractService/TerminateContract",
       R"(name: "$OTHER_CONTRACT" etag: "$OTHER_CONTRACT_ETAG" reason: "越权")",
       C::PERMISSION_DENIED},
      {"ContractService/RenewContract",
       R"(name: "$OTHER_CONTRACT" end_date { year: 2030 month: 12 day: 31 })",
       C::PERMISSION_DENIED},
      {"ContractService/ListContractHistory", R"(parent: "$OTHER_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/RecordReceipt",
       R"(parent: "$OTHER_CONTRACT" receipt { receive_date { year: 2026 month: 1 day: 5 } amount { currency_code: "CNY" minor_units: 100 } bank_reference: "CROSS-$UNIQUE" })",
       C::PERMISSION_DENIED},
      {"ContractService/ListReceipts", R"(parent: "$OTHER_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/GetReceivables", R"(contract: "$OTHER_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/GetReceivables", R"(org_unit: "$OTHER_ORG_UNIT")", C::PERMISSION_DENIED},
      {"ContractService/GetAgingReport", R"(org_unit: "$OTHER_ORG_UNIT")", C::PERMISSION_DENIED},
      {"ContractService/CreateContract",
       R"(contract { kind: STANDALONE title: "越权合同" customer: "$OTHER_CUSTOMER" amount { currency_code: "CNY" minor_units: 100000 } start_date { year: 2027 month: 1 day: 1 } end_date { year: 2027 month: 12 day: 31 } })",
       C::PERMISSION_DENIED},
      {"ContractService/CreateContract",
       R"(contract { kind: STANDALONE title: "越权签约" customer: "$CUSTOMER" signing_org_unit: "$OTHER_ORG_UNIT" amount { currency_code: "CNY" minor_units: 100000 } start_date { year: 2027 month: 1 day: 1 } end_date { year: 2027 month: 12 day: 31 } })",
       C::PERMISSION_DENIED},
      // Lists and totals over another subsidiary's customer or group answer
      // as if it had no contracts: filtered in SQL (checked below).
      {"ContractService/ListContracts", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"ContractService/ListContracts", R"(page_size: 500)", C::OK},
      {"ContractService/ListApprovalInbox", R"(page_size: 500)", C::OK},
      {"ContractService/ListExpiringContracts", R"(days: 366)", C::OK},
      {"ContractService/GetReceivables", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"ContractService/GetReceivables", R"(group: "$OTHER_NODE")", C::OK},
      {"ContractService/GetAgingReport", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"ContractService/GetAgingReport", R"(group: "$OTHER_NODE")", C::OK},
      // A contract outside the scope is refused whether or not it exists; a
      // missing one is NOT_FOUND only to HQ.
      {"ContractService/GetContract", R"(name: "$MISSING_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/GetContract", R"(name: "$MISSING_CONTRACT")", C::NOT_FOUND, "hq_admin"},
      {"ContractService/SubmitContract", R"(name: "$MISSING_CONTRACT" etag: "$STALE_ETAG")",
       C::PERMISSION_DENIED},
      {"ContractService/SubmitContract", R"(name: "$MISSING_CONTRACT" etag: "$STALE_ETAG")",
       C::NOT_FOUND, "hq_admin"},
      {"ContractService/ListContractHistory", R"(parent: "$MISSING_CONTRACT")", C::NOT_FOUND,
       "hq_admin"},
      {"ContractService/ListReceipts", R"(parent: "$MISSING_CONTRACT")", C::PERMISSION_DENIED},
      {"ContractService/CreateContract",
       R"(contract { kind: STANDALONE title: "无" customer: "$MISSING_CUSTOMER" amount { currency_code: "CNY" minor_units: 100000 } start_date { year: 2027 month: 1 day: 1 } end_date { year: 2027 month: 12 day: 31 } })",
       C::NOT_FOUND},
      // Another subsidiary's collaboration requests and attributions are
      // neither readable nor changeable (sub-east takes no part in them).
      // Changes carry the real etag: the refusal is for scope.
      {"CollaborationService/GetCollaborationRequest", R"(name: "$OTHER_COLLAB_REQUEST")",
       C::PERMISSION_DENIED},
      {"CollaborationService/UpdateCollaborationRequest",
       R"(collaboration_request { name: "$OTHER_COLLAB_REQUEST" title: "越权" etag: "$OTHER_COLLAB_REQUEST_ETAG" } update_mask { paths: "title" })",
       C::PERMISSION_DENIED},
      {"CollaborationService/AcknowledgeCollaborationRequest", R"(name: "$OTHER_COLLAB_REQUEST")",
       C::PERMISSION_DENIED},
      {"CollaborationService/AcknowledgeCollaborationRequest",
       R"(name: "$OTHER_COLLAB_REQUEST" org_unit: "$NORTH_ORG_UNIT")", C::PERMISSION_DENIED},
      {"CollaborationService/AdvanceCollaborationRequest",
       R"(name: "$OTHER_COLLAB_REQUEST" etag: "$OTHER_COLLAB_REQUEST_ETAG" step: DESIGNING)",
       C::PERMISSION_DENIED},
      {"CollaborationService/CancelCollaborationRequest",
       R"(name: "$OTHER_COLLAB_REQUEST" etag: "$OTHER_COLLAB_REQUEST_ETAG" reason: "越权")",
       C::PERMISSION_DENIED},
      {"CollaborationService/AddCollaborationComment",
       R"(parent: "$OTHER_COLLAB_REQUEST" comment: "越权")", C::PERMISSION_DENIED},
      {"CollaborationService/ListCollaborationTimeline", R"(parent: "$OTHER_COLLAB_REQUEST")",
       C::PERMISSION_DENIED},
      {"CollaborationService/CreateCollaborationRequest",
       R"(collaboration_request { customer: "$OTHER_CUSTOMER" title: "越权协同" participants { org_unit: "$NORTH_ORG_UNIT" task: "越权" } urgency: GENERAL })",
       C::PERMISSION_DENIED},
      {"CollaborationService/CreateCollaborationRequest",
       R"(collaboration_request { customer: "$CUSTOMER" title: "越权发起" requesting_org_unit: "$OTHER_ORG_UNIT" participants { org_unit: "$NORTH_ORG_UNIT" task: "越权" } urgency: GENERAL })",
       C::PERMISSION_DENIED},
      {"CollaborationService/GetAttribution", R"(name: "$OTHER_ATTRIBUTION")",
       C::PERMISSION_DENIED},
      {"CollaborationService/UpdateAttribution",
       R"(attribution { name: "$OTHER_ATTRIBUTION" etag: "$OTHER_ATTRIBUTION_ETAG" contributors { org_unit: "$ORG_UNIT" scores { information: 100 resources: 100 participation: 100 customer_evaluation: 100 } } } update_mask { paths: "contributors" })",
       C::PERMISSION_DENIED},
      {"CollaborationService/SubmitAttribution",
       R"(name: "$OTHER_ATTRIBUTION" etag: "$OTHER_ATTRIBUTION_ETAG")", C::PERMISSION_DENIED},
      {"CollaborationService/DisputeAttribution",
       R"(name: "$OTHER_ATTRIBUTION" etag: "$OTHER_ATTRIBUTION_ETAG" reason: "越权")",
       C::PERMISSION_DENIED},
      {"CollaborationService/ListAttributionHistory", R"(name: "$OTHER_ATTRIBUTION")",
       C::PERMISSION_DENIED},
      {"CollaborationService/GetCreditReport", R"(quarter: "2026Q4" org_unit: "$OTHER_ORG_UNIT")",
       C::PERMISSION_DENIED},
      // Lists, the board and the credit report over another subsidiary's
      // customer, group or org unit answer as if it had no collaboration:
      // filtered in SQL (checked below).
      {"CollaborationService/ListCollaborationRequests", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"CollaborationService/ListCollaborationRequests", R"(org_unit: "$OTHER_ORG_UNIT")", C::OK},
      {"CollaborationService/ListCollaborationRequests", R"(customer_group: "$OTHER_NODE")", C::OK},
      {"CollaborationService/ListCollaborationRequests", R"(page_size: 500)", C::OK},
      {"CollaborationService/GetCollaborationBoard", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"CollaborationService/GetCollaborationBoard", R"(customer_group: "$OTHER_NODE")", C::OK},
      {"CollaborationService/GetCollaborationBoard", R"(org_unit: "$NORTH_ORG_UNIT")", C::OK},
      {"CollaborationService/ListAttributions", R"(customer: "$OTHER_CUSTOMER")", C::OK},
      {"CollaborationService/ListAttributions", R"(org_unit: "$OTHER_ORG_UNIT")", C::OK},
      {"CollaborationService/ListAttributions", R"(page_size: 500)", C::OK},
      {"CollaborationService/GetCreditReport", R"(quarter: "2026Q4")", C::OK},
      // Missing ids: PERMISSION_DENIED to a subsidiary, NOT_FOUND to HQ.
      {"CollaborationService/GetCollaborationRequest", R"(name: "$MISSING_COLLAB_REQUEST")",
       C::PERMISSION_DENIED},
      {"CollaborationService/GetCollaborationRequest", R"(name: "$MISSING_COLLAB_REQUEST")",
       C::NOT_FOUND, "hq_admin"},
      {"CollaborationService/AdvanceCollaborationRequest",
       R"(name: "$MISSING_COLLAB_REQUEST" etag: "$STALE_ETAG" step: DESIGNING)",
       C::PERMISSION_DENIED},
      {"CollaborationService/AdvanceCollaborationRequest",
       R"(name: "$MISSING_COLLAB_REQUEST" etag: "$STALE_ETAG" step: DESIGNING)", C::NOT_FOUND,
       "hq_admin"},
      {"CollaborationService/ListCollaborationTimeline", R"(parent: "$MISSING_COLLAB_REQUEST")",
       C::NOT_FOUND, "hq_admin"},
      {"CollaborationService/GetAttribution", R"(name: "$MISSING_ATTRIBUTION")",
       C::PERMISSION_DENIED},
      {"CollaborationService/GetAttribution", R"(name: "$MISSING_ATTRIBUTION")", C::NOT_FOUND,
       "hq_admin"},
      {"CollaborationService/ApproveAttribution",
       R"(name: "$MISSING_ATTRIBUTION" etag: "$STALE_ETAG" comment: "无")", C::NOT_FOUND,
       "strategy"},
      {"CollaborationService/CreateCollaborationRequest",
       R"(collaboration_request { customer: "$MISSING_CUSTOMER" title: "无" participants { org_unit: "$NORTH_ORG_UNIT" task: "无" } urgency: GENERAL })",
       C::NOT_FOUND},
      // Another subsidiary's scores, facts, tier history, churn warnings,
      // surveys and scorecard are neither readable nor changeable. Changes
      // carry the real etag: the refusal is for scope.
      {"ScoringService/GetCustomerOverview", R"(customer: "$OTHER_CUSTOMER")",
       C::PERMISSION_DENIED},
      {"ScoringService/GetCustomerOverview", R"(customer: "$OTHER_RISK_CUSTOMER")",
       C::PERMISSION_DENIED},
      {"ScoringService/GetCustomerFacts", R"(customer: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"ScoringService/ListTierHistory", R"(customer: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"ScoringService/GetChurnWarning", R"(name: "$OTHER_CHURN_WARNING")", C::PERMISSION_DENIED},
      {"ScoringService/RecordRetentionPlan",
       R"(name: "$OTHER_CHURN_WARNING" retention_plan { actions: "越权挽留" owner: "$USER" due_date { year: 2027 month: 3 day: 31 } } etag: "$OTHER_CHURN_WARNING_ETAG")",
       C::PERMISSION_DENIED},
      {"ScoringService/RecordRetentionOutcome",
       R"(name: "$OTHER_CHURN_WARNING" outcome: LOST note: "越权" etag: "$OTHER_CHURN_WARNING_ETAG")",
       C::PERMISSION_DENIED},
      {"ScoringService/RecordSurvey",
       R"(survey { customer: "$OTHER_CUSTOMER" contact: "$OTHER_CONTACT" period: "$QUARTER" score: 1 comment: "越权" })",
       C::PERMISSION_DENIED},
      {"ScoringService/ListSurveys", R"(customer: "$OTHER_CUSTOMER")", C::PERMISSION_DENIED},
      {"ScoringService/GetScorecard", R"(name: "$OTHER_ORG_UNIT/scorecards/$QUARTER")",
       C::PERMISSION_DENIED},
      {"ScoringService/ListChurnWarnings", R"(owner_org_unit: "$OTHER_ORG_UNIT")",
       C::PERMISSION_DENIED},
      {"ScoringService/ListAtRiskCustomers", R"(owner_org_unit: "$OTHER_ORG_UNIT")",
       C::PERMISSION_DENIED},
      // Roll-ups and lists over everything, or another subsidiary's group,
      // answer with what the caller sees: filtered in SQL (checked below).
      {"ScoringService/GetGroupOverview", R"(node: "$OTHER_NODE")", C::OK},
      {"ScoringService/ListAtRiskCustomers", R"(min_risk: RISK_LOW page_size: 1000)", C::OK},
      {"ScoringService/ListAtRiskCustomers", R"(group: "$OTHER_NODE")", C::OK},
      {"ScoringService/ListChurnWarnings", R"(page_size: 1000)", C::OK},
      {"ScoringService/ListChurnWarnings", R"(state: CLEARED page_size: 1000)", C::OK},
      {"ScoringService/ListTierProposals", R"(parent: "$TIER_REVIEW" page_size: 1000)", C::OK},
      {"ScoringService/GetTierReview", R"(name: "$TIER_REVIEW")", C::OK},
      {"ScoringService/ListSurveys", R"(period: "$QUARTER" page_size: 1000)", C::OK},
      {"ScoringService/ListSalesTargets", R"(quarter: "$QUARTER")", C::OK},
      {"ScoringService/ListScorecards", R"(quarter: "$QUARTER")", C::OK},
      // Missing ids: PERMISSION_DENIED to a subsidiary, NOT_FOUND to those who
      // see everything.
      {"ScoringService/GetCustomerOverview", R"(customer: "$MISSING_CUSTOMER")",
       C::PERMISSION_DENIED},
      {"ScoringService/GetCustomerOverview", R"(customer: "$MISSING_CUSTOMER")", C::NOT_FOUND,
       "hq_admin"},
      {"ScoringService/GetCustomerFacts", R"(customer: "$MISSING_CUSTOMER")", C::NOT_FOUND,
       "strategy"},
      {"ScoringService/ListTierHistory", R"(customer: "$MISSING_CUSTOMER")", C::NOT_FOUND,
       "hq_admin"},
      {"ScoringService/GetChurnWarning", R"(name: "$MISSING_CHURN_WARNING")", C::PERMISSION_DENIED},
      {"ScoringService/GetChurnWarning", R"(name: "$MISSING_CHURN_WARNING")", C::NOT_FOUND,
       "hq_admin"},
      {"ScoringService/RecordRetentionPlan",
       R"(name: "$MISSING_CHURN_WARNING" retention_plan { actions: "无" owner: "$USER" due_date { year: 2027 month: 3 day: 31 } } etag: "$STALE_ETAG")",
       C::PERMISSION_DENIED},
      {"ScoringService/RecordRetentionPlan",
       R"(name: "$MISSING_CHURN_WARNING" retention_plan { actions: "无" owner: "$USER" due_date { year: 2027 month: 3 day: 31 } } etag: "$STALE_ETAG")",
       C::NOT_FOUND, "hq_admin"},
      {"ScoringService/DecideTierProposal",
       R"(name: "$MISSING_TIER_PROPOSAL" decision: APPROVE etag: "$STALE_ETAG")", C::NOT_FOUND,
       "strategy"},
      {"ScoringService/GetFactsRebuild", R"(name: "$MISSING_FACTS_REBUILD")", C::NOT_FOUND,
       "hq_admin"},
      {"ScoringService/UpdateScoringProfile",
       R"(scoring_profile { name: "$MISSING_CUSTOMER/scoringProfile" strategic: true reason: "无" })",
       C::NOT_FOUND, "strategy"},
      // Customers are identity data: a missing one is NOT_FOUND to everyone.
      {"OpportunityService/CreateOpportunity",
       R"(opportunity { customer: "$MISSING_CUSTOMER" title: "无" })", C::NOT_FOUND},
      {"OpportunityService/CreateActivity",
       R"(activity { customer: "$MISSING_CUSTOMER" type: CALL occur_time { seconds: 1767225600 } summary: "无" })",
       C::NOT_FOUND},
      // An id that does not exist is NOT_FOUND, after the same checks.
      {"CustomerService/UpdateCustomer",
       R"(customer { name: "$MISSING_CUSTOMER" short_name: "无" } update_mask { paths: "short_name" })",
       C::NOT_FOUND},
      {"CustomerService/GetContact", R"(name: "$MISSING_CONTACT")", C::NOT_FOUND},
      {"HierarchyService/GetNode", R"(name: "$MISSING_NODE")", C::NOT_FOUND},
      {"HierarchyService/DetachNode", R"(name: "$MISSING_NODE")", C::NOT_FOUND},
  };
  return *cases;
}

std::string FullName(const std::string& short_name) {
  for (const google::protobuf::ServiceDescriptor* service : gateway::KnownServices()) {
    if (short_name.starts_with(crm::StrCat(service->name(), "/"))) {
      return crm::StrCat(service->full_name(), short_name.substr(service->name().size()));
    }
  }
  return short_name;
}

std::vector<std::string> PublicMethods() {
  std::vector<std::string> methods;
  for (const google::protobuf::ServiceDescriptor* service : gateway::KnownServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(crm::StrCat(service->full_name(), "/", service->method(i)->name()));
    }
  }
  return methods;
}

std::string ShortName(const std::string& full_name) {
  const size_t slash = full_name.find('/');
  const size_t dot = full_name.rfind('.', slash);
  return full_name.substr(dot + 1);
}

const gateway::PermissionMap& Permissions() {
  static const auto* map = [] {
    absl::StatusOr<gateway::PermissionMap> parsed =
        gateway::PermissionMap::Parse(kGatewayPermissions[0].contents);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return new gateway::PermissionMap(parsed.ok() ? *std::move(parsed) : gateway::PermissionMap());
  }();
  return *map;
}

// The servers and the seeded world, shared by every test of the binary.
struct Shared {
  gateway::testing::SuiteServers servers;
  ProbeWorld world;
  std::shared_ptr<grpc::Channel> channel;
};
Shared& shared() {
  static auto* shared = new Shared();
  return *shared;
}

// Each cross case once for every role of sub-east that the map allows to
// call its RPC (the gateway refusing the others is the matrix's business).
std::vector<CrossCase> CrossCasesForEveryRole() {
  std::vector<CrossCase> expanded;
  for (const CrossCase& c : CrossCases()) {
    if (!c.as.empty()) {
      expanded.push_back(c);
      continue;
    }
    for (const std::string& role : AllRoles()) {
      if (role == "hq_admin" || role == "strategy") continue;  // HQ reaches every subsidiary
      if (!Permissions().Allows(crm::StrCat("/", FullName(c.method)), {role})) continue;
      expanded.push_back(c);
      expanded.back().as = role;
    }
  }
  return expanded;
}

class SuiteEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override {
    gateway::GatewayConfig config;
    config.rate_limit = {.per_second = 5000, .burst = 5000};  // hundreds of calls in a row
    shared().servers.Start("authorization_matrix", config);
    if (shared().servers.gateway.server == nullptr) return;
    shared().world.Seed(shared().servers);
    shared().channel =
        grpc::CreateChannel(crm::StrCat("127.0.0.1:", shared().servers.gateway.server->port()),
                            grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    shared().channel.reset();
    shared().servers.Stop();
  }
};
[[maybe_unused]] ::testing::Environment* const kSuiteEnvironment =
    ::testing::AddGlobalTestEnvironment(new SuiteEnvironment);

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(shared().channel, nullptr) << "the suite did not start"; }

  struct Outcome {
    RawReply reply;
    bool wrote = false;
    std::string sent;
  };

  static Outcome Call(const std::string& method_name, const std::string& role,
                      const std::string& request) {
    Outcome outcome;
    const google::protobuf::MethodDescriptor* method = FindMethod(method_name);
    EXPECT_NE(method, nullptr) << method_name;
    if (method == nullptr) return outcome;
    ProbeWorld& world = shared().world;
    const absl::StatusOr<std::string> bytes =
        SerializeText(*method->input_type(), world.Expand(request));
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    if (!bytes.ok()) return outcome;
    outcome.sent = DescribeBytes(*method->input_type(), *bytes);
    const bool watch = method->server_streaming() && !method->client_streaming();
    const std::string token = world.TokenAs(role);
    const std::string before = world.Fingerprint();
    outcome.reply = RawCall(shared().channel, CallPath(*method), {*bytes}, token,
                            watch ? absl::Milliseconds(1500) : absl::Seconds(15));
    outcome.wrote = world.Fingerprint() != before;
    return outcome;
  }
};

TEST_F(AuthorizationMatrixTest, ThePermissionMapCoversEveryPublicRpcAndEachHasARequestHere) {
  std::vector<std::string> services;
  for (const auto* service : gateway::KnownServices()) services.push_back(service->full_name());
  EXPECT_TRUE(Permissions()
                  .Problems(*google::protobuf::DescriptorPool::generated_pool(), services)
                  .empty());
  for (const std::string& method : PublicMethods()) {
    EXPECT_TRUE(OwnRequests().contains(ShortName(method))) << "no request for " << method;
  }
}

// Every page of the opportunities `role` may list, unfiltered, as names.
std::vector<std::string> AllOpportunitiesListedAs(const std::string& role) {
  std::vector<std::string> names;
  opportunity::v1::ListOpportunitiesRequest request;
  request.set_page_size(2);  // several pages: each one is filtered
  do {
    opportunity::v1::ListOpportunitiesResponse page;
    const grpc::Status status = shared().servers.opportunity_stub->ListOpportunities(
        gateway::testing::With(shared().world.TokenAs(role)).get(), request, &page);
    EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
    if (!status.ok()) break;
    for (const auto& o : page.opportunities()) names.push_back(o.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return names;
}

std::vector<std::string> ActivitiesListedAs(const std::string& role, const std::string& customer) {
  std::vector<std::string> names;
  opportunity::v1::ListActivitiesRequest request;
  request.set_customer(customer);
  opportunity::v1::ListActivitiesResponse page;
  const grpc::Status status = shared().servers.opportunity_stub->ListActivities(
      gateway::testing::With(shared().world.TokenAs(role)).get(), request, &page);
  EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
  for (const auto& a : page.activities()) names.push_back(a.name());
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The lists filter in SQL: a subsidiary's seller lists their own pipeline
// and never another subsidiary's, and the other way round (so both lists
// are known to hold something).
TEST_F(AuthorizationMatrixTest, ASubsidiaryListsItsOwnPipelineAndNeverAnothers) {
  ProbeWorld& world = shared().world;
  const std::string own = world.Expand("$OPPORTUNITY");
  const std::string other = world.Expand("$OTHER_OPPORTUNITY");
  for (const std::string role : {"sales", "service", "viewer"}) {
    const std::vector<std::string> listed = AllOpportunitiesListedAs(role);
    EXPECT_TRUE(Contains(listed, own)) << role << " does not see " << own;
    EXPECT_FALSE(Contains(listed, other)) << role << " sees sub-west's " << other;
  }
  const std::vector<std::string> west = AllOpportunitiesListedAs("other_sales");
  EXPECT_TRUE(Contains(west, other));
  EXPECT_FALSE(Contains(west, own));

  // Activities likewise, asked for by the other subsidiary's customer.
  EXPECT_TRUE(ActivitiesListedAs("sales", world.Expand("$OTHER_CUSTOMER")).empty());
  EXPECT_TRUE(Contains(ActivitiesListedAs("other_sales", world.Expand("$OTHER_CUSTOMER")),
                       world.Expand("$OTHER_ACTIVITY")));
  EXPECT_TRUE(
      Contains(ActivitiesListedAs("sales", world.Expand("$CUSTOMER")), world.Expand("$ACTIVITY")));
}

// Method-major: each RPC is called by every role in turn.
class EveryRpcEveryRole
    : public AuthorizationMatrixTest,
      public ::testing::WithParamInterface<std::tuple<std::string, std::string>> {};

TEST_P(EveryRpcEveryRole, GetsWhatThePermissionMapSaysForItsOwnSubsidiary) {
  const auto& [method, role] = GetParam();
  const auto request = OwnRequests().find(ShortName(method));
  ASSERT_NE(request, OwnRequests().end()) << "no request for " << method;
  const bool allowed = Permissions().Allows(crm::StrCat("/", method), {role});
  const Outcome outcome = Call(method, role, request->second);
  const grpc::Status& status = outcome.reply.status;
  const std::string got =
      crm::StrCat(CodeName(status.error_code()), " (", gateway::testing::Reason(status), ") ",
                  status.error_message().substr(0, 300), "\nsent ", outcome.sent);
  RecordProperty("got", got.substr(0, 200));
  if (allowed) {
    EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << role << " may call " << method << " on its own subsidiary's data; got " << got;
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << got;
  } else {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << role << " may not call " << method << "; got " << got;
    EXPECT_EQ(gateway::testing::Reason(status), "METHOD_NOT_ALLOWED") << got;
    EXPECT_FALSE(outcome.wrote) << "a call the gateway refused wrote; " << got;
  }
  for (const std::string& problem : ErrorHygieneProblems(status))
    ADD_FAILURE() << problem << "; " << got;
}

INSTANTIATE_TEST_SUITE_P(Matrix, EveryRpcEveryRole,
                         ::testing::Combine(::testing::ValuesIn(PublicMethods()),
                                            ::testing::ValuesIn(AllRoles())),
                         [](const ::testing::TestParamInfo<EveryRpcEveryRole::ParamType>& info) {
                           std::string method = ShortName(std::get<0>(info.param));
                           std::replace(method.begin(), method.end(), '/', '_');
                           return crm::StrCat(method, "_", std::get<1>(info.param));
                         });

class AnotherSubsidiarysIds : public AuthorizationMatrixTest,
                              public ::testing::WithParamInterface<CrossCase> {};

void PrintTo(const CrossCase& c, std::ostream* out) { *out << c.method << " as " << c.as; }

TEST_P(AnotherSubsidiarysIds, AreVisibleAsIdentityButNeverChanged) {
  const CrossCase& c = GetParam();
  const Outcome outcome = Call(FullName(c.method), c.as, c.request);
  const grpc::Status& status = outcome.reply.status;
  const std::string got =
      crm::StrCat(CodeName(status.error_code()), " (", gateway::testing::Reason(status), ") ",
                  status.error_message().substr(0, 300), "\nsent ", outcome.sent);
  RecordProperty("got", got.substr(0, 200));
  EXPECT_EQ(status.error_code(), c.code) << c.method << " as " << c.as << "; got " << got;
  if (c.code != grpc::StatusCode::OK) {
    EXPECT_FALSE(outcome.wrote) << "a refused call wrote; " << got;
    EXPECT_NE(gateway::testing::Reason(status), "METHOD_NOT_ALLOWED")
        << "the role may call it: the service, not the gateway, must refuse it; " << got;
  }
  for (const std::string& problem : ErrorHygieneProblems(status))
    ADD_FAILURE() << problem << "; " << got;

  if (c.method == "CustomerService/GetContact" && status.ok()) {
    ASSERT_EQ(outcome.reply.responses.size(), 1u);
    customer::v1::Contact contact;
    ASSERT_TRUE(contact.ParseFromString(outcome.reply.responses[0]));
    EXPECT_TRUE(contact.personal_info_masked()) << contact.ShortDebugString();
    EXPECT_EQ(contact.phone().find("12345678"), std::string::npos) << contact.phone();
  }
  if (c.method == "CustomerService/ImportCustomers") {
    // The stream succeeds; the row touching another subsidiary's customer
    // is refused for scope and nothing is written.
    bool refused = false;
    for (const std::string& bytes : outcome.reply.responses) {
      customer::v1::ImportCustomersResponse response;
      ASSERT_TRUE(response.ParseFromString(bytes));
      for (const auto& result : response.results()) {
        refused = refused || result.outcome() == customer::v1::ImportRowResult::REJECTED;
      }
    }
    EXPECT_TRUE(refused) << "the row was not refused; " << got;
    EXPECT_FALSE(outcome.wrote) << "a refused row wrote; " << got;
  }
  if (c.method.starts_with("ContractService/") && status.ok()) {
    // Nothing of sub-west's contracts shows, not even as an amount.
    ASSERT_EQ(outcome.reply.responses.size(), 1u) << got;
    const std::string& bytes = outcome.reply.responses[0];
    for (const char* hidden : {"$OTHER_CONTRACT", "$OTHER_PENDING_CONTRACT"}) {
      const std::string name = shared().world.Expand(hidden);
      const std::string id = name.substr(name.find('/') + 1);
      ASSERT_FALSE(id.empty()) << hidden << " was not seeded";
      EXPECT_EQ(bytes.find(id), std::string::npos) << hidden << " shows in the answer; " << got;
    }
    namespace kv1 = contract::v1;
    const bool about_other = c.request.find("$OTHER_") != std::string::npos;
    if (c.method == "ContractService/ListContracts" && about_other) {
      kv1::ListContractsResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.contracts_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "ContractService/GetReceivables") {
      kv1::Receivables receivables;
      ASSERT_TRUE(receivables.ParseFromString(bytes));
      EXPECT_EQ(receivables.receivable().minor_units(), 0) << receivables.ShortDebugString();
      EXPECT_EQ(receivables.overdue().minor_units(), 0) << receivables.ShortDebugString();
      EXPECT_EQ(receivables.open_milestone_count(), 0) << receivables.ShortDebugString();
      EXPECT_EQ(receivables.milestones_size(), 0) << receivables.ShortDebugString();
    } else if (c.method == "ContractService/GetAgingReport") {
      kv1::AgingReport report;
      ASSERT_TRUE(report.ParseFromString(bytes));
      EXPECT_EQ(report.not_due().minor_units(), 0) << report.ShortDebugString();
      EXPECT_EQ(report.total_overdue().minor_units(), 0) << report.ShortDebugString();
      for (const kv1::AgingBucket& bucket : report.buckets()) {
        EXPECT_EQ(bucket.milestone_count(), 0) << bucket.ShortDebugString();
      }
    }
  }
  if (c.method.starts_with("CollaborationService/") && status.ok()) {
    // Nothing of sub-west's requests and attributions shows, not even as a
    // count or an amount.
    ASSERT_EQ(outcome.reply.responses.size(), 1u) << got;
    const std::string& bytes = outcome.reply.responses[0];
    for (const char* hidden : {"$OTHER_COLLAB_REQUEST", "$OTHER_ATTRIBUTION"}) {
      const std::string name = shared().world.Expand(hidden);
      const std::string id = name.substr(name.find('/') + 1);
      ASSERT_FALSE(id.empty()) << hidden << " was not seeded";
      EXPECT_EQ(bytes.find(id), std::string::npos) << hidden << " shows in the answer; " << got;
    }
    namespace lv1 = collaboration::v1;
    const bool about_other = c.request.find("$OTHER_") != std::string::npos;
    if (c.method == "CollaborationService/ListCollaborationRequests" && about_other) {
      lv1::ListCollaborationRequestsResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.collaboration_requests_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "CollaborationService/GetCollaborationBoard") {
      lv1::CollaborationBoard board;
      ASSERT_TRUE(board.ParseFromString(bytes));
      // sub-north takes part in sub-east's requests too, which show (sub-west's
      // never, checked above); another subsidiary's customer or group shows
      // nothing.
      if (about_other) {
        for (const lv1::BoardColumn& column : board.columns()) {
          EXPECT_EQ(column.count(), 0) << column.ShortDebugString();
          EXPECT_EQ(column.cards_size(), 0) << column.ShortDebugString();
        }
      }
    } else if (c.method == "CollaborationService/ListAttributions" && about_other) {
      lv1::ListAttributionsResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.attributions_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "CollaborationService/GetCreditReport") {
      lv1::CreditReport report;
      ASSERT_TRUE(report.ParseFromString(bytes));
      EXPECT_TRUE(report.partial()) << report.ShortDebugString();
      for (const lv1::CreditRow& row : report.rows()) {
        EXPECT_NE(row.org_unit(), "orgUnits/sub-west") << report.ShortDebugString();
      }
    }
  }
  if (c.method.starts_with("ScoringService/") && status.ok()) {
    // Nothing of sub-west's customers, warnings, surveys, targets or
    // scorecards shows, not even as a count: roll-ups say they are partial.
    ASSERT_EQ(outcome.reply.responses.size(), 1u) << got;
    const std::string& bytes = outcome.reply.responses[0];
    for (const char* hidden :
         {"$OTHER_CUSTOMER", "$OTHER_RISK_CUSTOMER", "$OTHER_CHURN_WARNING", "$OTHER_SURVEY"}) {
      const std::string name = shared().world.Expand(hidden);
      const std::string id = name.substr(name.rfind('/') + 1);
      ASSERT_FALSE(id.empty()) << hidden << " was not seeded";
      EXPECT_EQ(bytes.find(id), std::string::npos) << hidden << " shows in the answer; " << got;
    }
    EXPECT_EQ(bytes.find("orgUnits/sub-west"), std::string::npos)
        << "sub-west shows in the answer; " << got;
    namespace sv1 = scoring::v1;
    if (c.method == "ScoringService/GetGroupOverview") {
      sv1::GroupOverview overview;
      ASSERT_TRUE(overview.ParseFromString(bytes));
      EXPECT_EQ(overview.customers(), 0) << overview.ShortDebugString();
      EXPECT_TRUE(overview.partial()) << overview.ShortDebugString();
      EXPECT_EQ(overview.annual_purchases().minor_units(), 0) << overview.ShortDebugString();
      EXPECT_EQ(overview.active_contract_value().minor_units(), 0) << overview.ShortDebugString();
      EXPECT_EQ(overview.receivable().minor_units(), 0) << overview.ShortDebugString();
      EXPECT_EQ(overview.at_risk_size(), 0) << overview.ShortDebugString();
      for (const sv1::TierCount& count : overview.tier_counts()) {
        EXPECT_EQ(count.customers(), 0) << overview.ShortDebugString();
      }
      for (const sv1::RiskCount& count : overview.risk_counts()) {
        EXPECT_EQ(count.customers(), 0) << overview.ShortDebugString();
      }
      for (const sv1::GroupOverviewNode& node : overview.nodes()) {
        EXPECT_TRUE(node.customer().empty()) << node.ShortDebugString();
        EXPECT_EQ(node.tier(), sv1::TIER_UNSPECIFIED) << node.ShortDebugString();
        EXPECT_EQ(node.risk(), sv1::RISK_LEVEL_UNSPECIFIED) << node.ShortDebugString();
      }
    } else if (c.method == "ScoringService/ListAtRiskCustomers" &&
               c.request.find("$OTHER_NODE") != std::string::npos) {
      sv1::ListAtRiskCustomersResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.customers_size(), 0) << listed.ShortDebugString();
    }
  }
  if (c.method.starts_with("OpportunityService/") && status.ok()) {
    // Answered as if sub-west had no business at all: nothing of what is
    // hidden shows, not even as a count.
    ASSERT_EQ(outcome.reply.responses.size(), 1u) << got;
    const std::string& bytes = outcome.reply.responses[0];
    for (const char* hidden : {"$OTHER_OPPORTUNITY", "$OTHER_ACTIVITY"}) {
      const std::string name = shared().world.Expand(hidden);
      const std::string id = name.substr(name.find('/') + 1);
      ASSERT_FALSE(id.empty()) << hidden << " was not seeded";
      EXPECT_EQ(bytes.find(id), std::string::npos) << hidden << " shows in the answer; " << got;
    }
    namespace ov1 = opportunity::v1;
    if (c.method == "OpportunityService/ListOpportunities") {
      ov1::ListOpportunitiesResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.opportunities_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "OpportunityService/ListActivities") {
      ov1::ListActivitiesResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.activities_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "OpportunityService/ListStaleOpportunities") {
      ov1::ListStaleOpportunitiesResponse listed;
      ASSERT_TRUE(listed.ParseFromString(bytes));
      EXPECT_EQ(listed.stale_opportunities_size(), 0) << listed.ShortDebugString();
    } else if (c.method == "OpportunityService/GetFunnel") {
      ov1::Funnel funnel;
      ASSERT_TRUE(funnel.ParseFromString(bytes));
      EXPECT_EQ(funnel.total_count(), 0) << funnel.ShortDebugString();
      for (const ov1::FunnelStage& stage : funnel.stages()) {
        EXPECT_EQ(stage.count(), 0) << stage.ShortDebugString();
        EXPECT_EQ(stage.reached_count(), 0) << stage.ShortDebugString();
        EXPECT_EQ(stage.amount().minor_units(), 0) << stage.ShortDebugString();
      }
      EXPECT_EQ(funnel.forecast_size(), 0) << funnel.ShortDebugString();
    }
  }
}

// Every page of the contracts `role` may list, unfiltered, as names.
std::vector<std::string> AllContractsListedAs(const std::string& role) {
  std::vector<std::string> names;
  contract::v1::ListContractsRequest request;
  request.set_page_size(2);  // several pages: each one is filtered
  do {
    contract::v1::ListContractsResponse page;
    const grpc::Status status = shared().servers.contract_stub->ListContracts(
        gateway::testing::With(shared().world.TokenAs(role)).get(), request, &page);
    EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
    if (!status.ok()) break;
    for (const auto& c : page.contracts()) names.push_back(c.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return names;
}

// A subsidiary lists its own contracts and never another's, and legal sees
// the other subsidiary's contract waiting for approval only there.
TEST_F(AuthorizationMatrixTest, ASubsidiaryListsItsOwnContractsAndNeverAnothers) {
  ProbeWorld& world = shared().world;
  const std::string own = world.Expand("$CONTRACT");
  const std::string other = world.Expand("$OTHER_CONTRACT");
  const std::string other_pending = world.Expand("$OTHER_PENDING_CONTRACT");
  for (const std::string role : {"sales", "service", "viewer", "legal", "finance"}) {
    const std::vector<std::string> listed = AllContractsListedAs(role);
    EXPECT_TRUE(Contains(listed, own)) << role << " does not see " << own;
    EXPECT_FALSE(Contains(listed, other)) << role << " sees sub-west's " << other;
    EXPECT_FALSE(Contains(listed, other_pending)) << role << " sees sub-west's " << other_pending;
  }
  const std::vector<std::string> west = AllContractsListedAs("other_sales");
  EXPECT_TRUE(Contains(west, other));
  EXPECT_TRUE(Contains(west, other_pending));
  EXPECT_FALSE(Contains(west, own));

  const auto inbox = [&](const std::string& role) {
    std::vector<std::string> names;
    contract::v1::ListApprovalInboxRequest request;
    request.set_page_size(500);
    contract::v1::ListApprovalInboxResponse page;
    const grpc::Status status = shared().servers.contract_stub->ListApprovalInbox(
        gateway::testing::With(world.TokenAs(role)).get(), request, &page);
    EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
    for (const auto& c : page.contracts()) names.push_back(c.name());
    return names;
  };
  EXPECT_TRUE(Contains(inbox("other_legal"), other_pending));
  EXPECT_FALSE(Contains(inbox("legal"), other_pending));
  EXPECT_FALSE(Contains(inbox("finance"), other_pending));  // not the step's role either
}

// Every page of the collaboration requests `role` may list, unfiltered, as
// names.
std::vector<std::string> AllRequestsListedAs(const std::string& role) {
  std::vector<std::string> names;
  collaboration::v1::ListCollaborationRequestsRequest request;
  request.set_page_size(2);  // several pages: each one is filtered
  do {
    collaboration::v1::ListCollaborationRequestsResponse page;
    const grpc::Status status = shared().servers.collaboration_stub->ListCollaborationRequests(
        gateway::testing::With(shared().world.TokenAs(role)).get(), request, &page);
    EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
    if (!status.ok()) break;
    for (const auto& r : page.collaboration_requests()) names.push_back(r.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return names;
}

std::vector<std::string> AttributionsListedAs(const std::string& role) {
  std::vector<std::string> names;
  collaboration::v1::ListAttributionsRequest request;
  request.set_page_size(1000);
  collaboration::v1::ListAttributionsResponse page;
  const grpc::Status status = shared().servers.collaboration_stub->ListAttributions(
      gateway::testing::With(shared().world.TokenAs(role)).get(), request, &page);
  EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
  for (const auto& a : page.attributions()) names.push_back(a.name());
  return names;
}

// A subsidiary lists its own collaboration requests and attributions and
// never another's; HQ and the strategy centre list both.
TEST_F(AuthorizationMatrixTest, ASubsidiaryListsItsOwnCollaborationAndNeverAnothers) {
  ProbeWorld& world = shared().world;
  const std::string own = world.Expand("$COLLAB_REQUEST");
  const std::string other = world.Expand("$OTHER_COLLAB_REQUEST");
  const std::string own_attribution = world.Expand("$ATTRIBUTION");
  const std::string other_attribution = world.Expand("$OTHER_ATTRIBUTION");
  for (const std::string role : {"sales", "service", "viewer", "org_admin", "finance"}) {
    const std::vector<std::string> listed = AllRequestsListedAs(role);
    EXPECT_TRUE(Contains(listed, own)) << role << " does not see " << own;
    EXPECT_FALSE(Contains(listed, other)) << role << " sees sub-west's " << other;
    const std::vector<std::string> attributions = AttributionsListedAs(role);
    EXPECT_TRUE(Contains(attributions, own_attribution)) << role;
    EXPECT_FALSE(Contains(attributions, other_attribution)) << role << " sees sub-west's";
  }
  const std::vector<std::string> west = AllRequestsListedAs("other_sales");
  EXPECT_TRUE(Contains(west, other));
  EXPECT_FALSE(Contains(west, own));
  EXPECT_FALSE(Contains(AttributionsListedAs("other_sales"), own_attribution));
  for (const std::string role : {"hq_admin", "strategy"}) {
    const std::vector<std::string> all = AllRequestsListedAs(role);
    EXPECT_TRUE(Contains(all, own) && Contains(all, other)) << role;
    const std::vector<std::string> attributions = AttributionsListedAs(role);
    EXPECT_TRUE(Contains(attributions, own_attribution) &&
                Contains(attributions, other_attribution))
        << role;
  }
}

// The names (or, for at-risk customers, the customers) `role` lists from
// the scoring service, every page.
std::vector<std::string> ScoringListedAs(const std::string& role, const std::string& what) {
  namespace sv1 = scoring::v1;
  sv1::ScoringService::Stub& stub = *shared().servers.scoring_stub;
  const std::string token = shared().world.TokenAs(role);
  std::vector<std::string> names;
  std::string page_token;
  do {
    grpc::Status status;
    if (what == "warnings") {
      sv1::ListChurnWarningsRequest request;
      request.set_page_size(1);  // several pages: each one is filtered
      request.set_page_token(page_token);
      sv1::ListChurnWarningsResponse page;
      status = stub.ListChurnWarnings(gateway::testing::With(token).get(), request, &page);
      for (const auto& w : page.churn_warnings()) names.push_back(w.name());
      page_token = page.next_page_token();
    } else if (what == "at_risk") {
      sv1::ListAtRiskCustomersRequest request;
      request.set_min_risk(sv1::RISK_LOW);
      request.set_page_size(1);
      request.set_page_token(page_token);
      sv1::ListAtRiskCustomersResponse page;
      status = stub.ListAtRiskCustomers(gateway::testing::With(token).get(), request, &page);
      for (const auto& m : page.customers()) names.push_back(m.customer());
      page_token = page.next_page_token();
    } else if (what == "proposals") {
      sv1::ListTierProposalsRequest request;
      request.set_parent(shared().world.Expand("$TIER_REVIEW"));
      request.set_page_size(1);
      request.set_page_token(page_token);
      sv1::ListTierProposalsResponse page;
      status = stub.ListTierProposals(gateway::testing::With(token).get(), request, &page);
      for (const auto& p : page.proposals()) names.push_back(p.name());
      page_token = page.next_page_token();
    } else {
      sv1::ListSurveysRequest request;
      request.set_page_size(1);
      request.set_page_token(page_token);
      sv1::ListSurveysResponse page;
      status = stub.ListSurveys(gateway::testing::With(token).get(), request, &page);
      for (const auto& s : page.surveys()) names.push_back(s.name());
      page_token = page.next_page_token();
    }
    EXPECT_TRUE(status.ok()) << role << " " << what << ": " << status.error_message();
    if (!status.ok()) break;
  } while (!page_token.empty());
  return names;
}

// A subsidiary lists its own churn warnings, customers at risk, tier
// proposals and survey answers and never another's; HQ and the strategy
// centre list both.
TEST_F(AuthorizationMatrixTest, ASubsidiaryListsItsOwnScoresAndNeverAnothers) {
  ProbeWorld& world = shared().world;
  const std::vector<std::tuple<std::string, std::string, std::string>> lists = {
      {"warnings", "$CHURN_WARNING", "$OTHER_CHURN_WARNING"},
      {"at_risk", "$RISK_CUSTOMER", "$OTHER_RISK_CUSTOMER"},
      {"proposals", "$TIER_PROPOSAL", "$OTHER_TIER_PROPOSAL"},
      {"surveys", "$SURVEY", "$OTHER_SURVEY"}};
  for (const auto& [what, own_name, other_name] : lists) {
    const std::string own = world.Expand(own_name);
    const std::string other = world.Expand(other_name);
    for (const std::string role : {"sales", "service", "viewer", "org_admin", "finance"}) {
      const std::vector<std::string> listed = ScoringListedAs(role, what);
      EXPECT_TRUE(Contains(listed, own)) << role << " does not see " << own << " in " << what;
      EXPECT_FALSE(Contains(listed, other)) << role << " sees sub-west's " << other;
    }
    const std::vector<std::string> west = ScoringListedAs("other_sales", what);
    EXPECT_TRUE(Contains(west, other)) << what;
    EXPECT_FALSE(Contains(west, own)) << what;
    for (const std::string role : {"hq_admin", "strategy"}) {
      const std::vector<std::string> all = ScoringListedAs(role, what);
      EXPECT_TRUE(Contains(all, own) && Contains(all, other)) << role << " " << what;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cross, AnotherSubsidiarysIds,
                         ::testing::ValuesIn(CrossCasesForEveryRole()),
                         [](const ::testing::TestParamInfo<CrossCase>& info) {
                           std::string method =
                               info.param.method.substr(info.param.method.find('/') + 1);
                           return crm::StrCat(method, "_", info.param.as, "_", info.index);
                         });

}  // namespace
}  // namespace crm::e2e
