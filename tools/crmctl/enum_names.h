#ifndef CRM_TOOLS_CRMCTL_ENUM_NAMES_H_
#define CRM_TOOLS_CRMCTL_ENUM_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "crm/gateway/v1/org_service.pb.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "crm/scoring/v1/scoring_service.pb.h"

namespace crm::crmctl {

// Enum values as a person types and reads them: lower case with hyphens
// ("state-owned", "decision-maker"). Parsing also accepts the proto names
// ("STATE_OWNED"), any case, and "" for unspecified, which clears the field
// on update. An unknown word is a usage error that lists the known ones.

absl::StatusOr<customer::v1::OwnershipType> ParseOwnershipType(std::string_view text);
absl::StatusOr<customer::v1::SizeBand> ParseSizeBand(std::string_view text);
absl::StatusOr<customer::v1::DecisionRole> ParseDecisionRole(std::string_view text);

// Empty for the unspecified value.
std::string OwnershipTypeName(customer::v1::OwnershipType value);
std::string SizeBandName(customer::v1::SizeBand value);
std::string DecisionRoleName(customer::v1::DecisionRole value);
std::string CustomerStateName(customer::v1::Customer::State value);
std::string ContactStateName(customer::v1::Contact::State value);
std::string UpsertOutcomeName(
    customer::v1::UpsertCustomerByExternalReferenceResponse::Outcome value);
// Why a customer may be a duplicate, in lower-case words: "same uscc",
// "same trade name", "shared contact".
std::string DuplicateReasonName(customer::v1::DuplicateMatch::Reason value);
// How a possible duplicate relates to the customer asked about: "duplicate",
// "branch", "head office", "same head office"; "" when the server sends none.
std::string DuplicateRelationName(customer::v1::DuplicateMatch::Relation value);
// What a change-feed event did: "created", "updated", "deleted", "undeleted".
std::string CustomerChangeTypeName(customer::v1::CustomerChange::Type value);

// The kind of a new org unit (--kind): subsidiary or team. The one
// headquarters exists from the start, so it is not accepted.
absl::StatusOr<gateway::v1::OrgUnit::Kind> ParseOrgUnitKind(std::string_view text);

// "headquarters", "subsidiary", "team"; "human", "service-account".
std::string OrgUnitKindName(gateway::v1::OrgUnit::Kind value);
std::string UserTypeName(gateway::v1::User::Type value);

// The edge from a node to its parent (--edge): wholly-owned, controlled,
// affiliate, branch or department; "wholly_owned" and "WHOLLY_OWNED" too.
// Empty is unspecified.
absl::StatusOr<hierarchy::v1::EdgeType> ParseEdgeType(std::string_view text);
// The same without an error message, for the rows of an import file;
// nullopt for an unknown word and for "".
std::optional<hierarchy::v1::EdgeType> EdgeTypeFromWord(std::string_view text);

// "wholly-owned", ...; "customer", "department", "business-line".
std::string EdgeTypeName(hierarchy::v1::EdgeType value);
std::string NodeKindName(hierarchy::v1::Node::Kind value);

// The pipeline's enums (opportunity_requests.h): "lead" … "lost",
// "best-case", "no-budget", "service-visit", "decision-maker", .... The
// stage is read from a flag or an argument, so its errors name `label`
// ("--stage", "STAGE"). Forecast categories are the four a person sets
// (commit, best-case, pipeline, omitted); "closed" follows from winning.
absl::StatusOr<opportunity::v1::Stage> ParseStage(std::string_view text, std::string_view label);
absl::StatusOr<opportunity::v1::ForecastCategory> ParseForecastCategory(std::string_view text);
absl::StatusOr<opportunity::v1::LossReason> ParseLossReason(std::string_view text);
absl::StatusOr<opportunity::v1::Activity::Type> ParseActivityType(std::string_view text);
absl::StatusOr<opportunity::v1::Complaint::Severity> ParseSeverity(std::string_view text);
absl::StatusOr<opportunity::v1::CommitteeMember::DecisionRole> ParseCommitteeRole(
    std::string_view text);
absl::StatusOr<opportunity::v1::CommitteeMember::Stance> ParseStance(std::string_view text);

// "lead", "negotiation", ...; StageChineseName: "线索", "谈判", ....
std::string StageName(opportunity::v1::Stage value);
std::string StageChineseName(opportunity::v1::Stage value);
// "commit", ..., "closed".
std::string ForecastCategoryName(opportunity::v1::ForecastCategory value);
std::string LossReasonName(opportunity::v1::LossReason value);
std::string ActivityTypeName(opportunity::v1::Activity::Type value);
std::string SeverityName(opportunity::v1::Complaint::Severity value);
std::string CommitteeRoleName(opportunity::v1::CommitteeMember::DecisionRole value);
std::string StanceName(opportunity::v1::CommitteeMember::Stance value);

// Contracts' enums (contract_requests.h): kinds "framework", "execution",
// "standalone"; states "draft" … "terminated". Their errors name `label`
// ("--kind", "--state").
absl::StatusOr<contract::v1::ContractKind> ParseContractKind(std::string_view text,
                                                             std::string_view label);
absl::StatusOr<contract::v1::ContractState> ParseContractState(std::string_view text,
                                                               std::string_view label);

// "framework", ...; ContractKindChineseName: "框架协议", "执行合同", "合同".
std::string ContractKindName(contract::v1::ContractKind value);
std::string ContractKindChineseName(contract::v1::ContractKind value);
// "pending-approval", ...; ContractStateChineseName: "待审批", ....
std::string ContractStateName(contract::v1::ContractState value);
std::string ContractStateChineseName(contract::v1::ContractState value);
// "approved", "rejected"; "" while the step waits.
std::string ApprovalOutcomeName(contract::v1::ApprovalStep::Outcome value);

// Collaboration's enums (collaboration_requests.h): urgencies "general",
// "urgent", "critical"; steps "to-survey" … "done", "cancelled"; attribution
// states "draft" … "final". Their errors name `label` ("--urgency", "STEP").
absl::StatusOr<collaboration::v1::Urgency> ParseUrgency(std::string_view text,
                                                        std::string_view label);
absl::StatusOr<collaboration::v1::CollaborationStep> ParseCollaborationStep(std::string_view text,
                                                                            std::string_view label);
absl::StatusOr<collaboration::v1::AttributionState> ParseAttributionState(std::string_view text,
                                                                          std::string_view label);

// "critical", ...; UrgencyChineseName: "一般", "紧急", "特急".
std::string UrgencyName(collaboration::v1::Urgency value);
std::string UrgencyChineseName(collaboration::v1::Urgency value);
// "to-survey", ...; CollaborationStepChineseName: "待调研", "方案设计中", ....
std::string CollaborationStepName(collaboration::v1::CollaborationStep value);
std::string CollaborationStepChineseName(collaboration::v1::CollaborationStep value);
// "draft", ...; AttributionStateChineseName: "草稿", "待审批", ....
std::string AttributionStateName(collaboration::v1::AttributionState value);
std::string AttributionStateChineseName(collaboration::v1::AttributionState value);
// "deal-owner", "collaborator", "request-participant", "account-owner",
// "added".
std::string ContributorRoleName(collaboration::v1::ContributorRole value);
// "created", "comment", "step-changed", "sla-breached", ....
std::string TimelineKindName(collaboration::v1::TimelineEntry::Kind value);

// Scoring's enums (scoring_requests.h): tiers "a", "b", "c" (also "A");
// risk levels "low", "medium", "high"; tier proposal states "pending",
// "approved", "overridden"; churn warning states "open", "cleared";
// retention outcomes "in-progress", "retained", "lost". Their errors name
// `label` ("--tier", "--min-risk").
absl::StatusOr<scoring::v1::Tier> ParseTier(std::string_view text, std::string_view label);
absl::StatusOr<scoring::v1::RiskLevel> ParseRiskLevel(std::string_view text,
                                                      std::string_view label);
absl::StatusOr<scoring::v1::TierProposal::State> ParseTierProposalState(std::string_view text,
                                                                        std::string_view label);
absl::StatusOr<scoring::v1::ChurnWarning::State> ParseChurnWarningState(std::string_view text,
                                                                        std::string_view label);
absl::StatusOr<scoring::v1::RetentionPlan::Outcome> ParseRetentionOutcome(std::string_view text,
                                                                          std::string_view label);

// "A", "B", "C" (as the domain writes tiers); "" for unspecified.
std::string TierName(scoring::v1::Tier value);
// "low", ...; RiskLevelChineseName: "低", "中", "高".
std::string RiskLevelName(scoring::v1::RiskLevel value);
std::string RiskLevelChineseName(scoring::v1::RiskLevel value);
std::string TierProposalStateName(scoring::v1::TierProposal::State value);
std::string ChurnWarningStateName(scoring::v1::ChurnWarning::State value);
std::string RetentionOutcomeName(scoring::v1::RetentionPlan::Outcome value);
// "running", "succeeded", "failed".
std::string FactsRebuildStateName(scoring::v1::FactsRebuild::State value);

// The words a flag accepts, for help texts: "micro|small|...".
std::string OwnershipTypeChoices();
std::string SizeBandChoices();
std::string DecisionRoleChoices();
std::string OrgUnitKindChoices();
std::string EdgeTypeChoices();
std::string StageChoices();  // the open stages only
std::string ForecastCategoryChoices();
std::string LossReasonChoices();
std::string ActivityTypeChoices();
std::string SeverityChoices();
std::string CommitteeRoleChoices();
std::string StanceChoices();
std::string ContractKindChoices();
std::string ContractStateChoices();
std::string UrgencyChoices();
std::string CollaborationStepChoices();
std::string AttributionStateChoices();
std::string TierChoices();
std::string RiskLevelChoices();
std::string TierProposalStateChoices();
std::string ChurnWarningStateChoices();
std::string RetentionOutcomeChoices();

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ENUM_NAMES_H_
