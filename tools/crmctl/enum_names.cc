#include "tools/crmctl/enum_names.h"

#include <algorithm>
#include <span>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
namespace gateway_v1 = ::crm::gateway::v1;
namespace hierarchy_v1 = ::crm::hierarchy::v1;
namespace opportunity_v1 = ::crm::opportunity::v1;
namespace contract_v1 = ::crm::contract::v1;
namespace collaboration_v1 = ::crm::collaboration::v1;
namespace scoring_v1 = ::crm::scoring::v1;

template <typename Enum>
struct Word {
  std::string_view text;
  Enum value;
};

constexpr Word<v1::OwnershipType> kOwnershipTypes[] = {
    {"state-owned", v1::STATE_OWNED},     {"private", v1::PRIVATE},       {"foreign", v1::FOREIGN},
    {"joint-venture", v1::JOINT_VENTURE}, {"other", v1::OTHER_OWNERSHIP},
};

constexpr Word<v1::SizeBand> kSizeBands[] = {
    {"micro", v1::MICRO}, {"small", v1::SMALL},           {"medium", v1::MEDIUM},
    {"large", v1::LARGE}, {"very-large", v1::VERY_LARGE},
};

constexpr Word<v1::DecisionRole> kDecisionRoles[] = {
    {"decision-maker", v1::DECISION_MAKER}, {"champion", v1::CHAMPION},     {"user", v1::USER},
    {"veto-holder", v1::VETO_HOLDER},       {"influencer", v1::INFLUENCER},
};

constexpr Word<gateway_v1::OrgUnit::Kind> kNewOrgUnitKinds[] = {
    {"subsidiary", gateway_v1::OrgUnit::SUBSIDIARY},
    {"team", gateway_v1::OrgUnit::TEAM},
};

constexpr Word<hierarchy_v1::EdgeType> kEdgeTypes[] = {
    {"wholly-owned", hierarchy_v1::WHOLLY_OWNED}, {"controlled", hierarchy_v1::CONTROLLED},
    {"affiliate", hierarchy_v1::AFFILIATE},       {"branch", hierarchy_v1::BRANCH},
    {"department", hierarchy_v1::DEPARTMENT},
};

// The open stages first: StageChoices lists those.
constexpr Word<opportunity_v1::Stage> kStages[] = {
    {"lead", opportunity_v1::LEAD},
    {"discovery", opportunity_v1::DISCOVERY},
    {"solution", opportunity_v1::SOLUTION},
    {"quote", opportunity_v1::QUOTE},
    {"negotiation", opportunity_v1::NEGOTIATION},
    {"won", opportunity_v1::WON},
    {"lost", opportunity_v1::LOST},
};
constexpr size_t kOpenStageCount = 5;

constexpr Word<opportunity_v1::Stage> kStageChineseNames[] = {
    {"线索", opportunity_v1::LEAD},         {"需求调研", opportunity_v1::DISCOVERY},
    {"方案制定", opportunity_v1::SOLUTION}, {"报价", opportunity_v1::QUOTE},
    {"谈判", opportunity_v1::NEGOTIATION},  {"赢单", opportunity_v1::WON},
    {"输单", opportunity_v1::LOST},
};

// The categories a person sets; "closed" is only read (ForecastCategoryName).
constexpr Word<opportunity_v1::ForecastCategory> kForecastCategories[] = {
    {"commit", opportunity_v1::COMMIT},
    {"best-case", opportunity_v1::BEST_CASE},
    {"pipeline", opportunity_v1::PIPELINE},
    {"omitted", opportunity_v1::OMITTED},
};

constexpr Word<opportunity_v1::LossReason> kLossReasons[] = {
    {"price", opportunity_v1::PRICE},
    {"competitor", opportunity_v1::COMPETITOR},
    {"no-budget", opportunity_v1::NO_BUDGET},
    {"no-decision", opportunity_v1::NO_DECISION},
    {"product-fit", opportunity_v1::PRODUCT_FIT},
    {"relationship", opportunity_v1::RELATIONSHIP},
    {"timing", opportunity_v1::TIMING},
    {"other", opportunity_v1::OTHER},
};

constexpr Word<opportunity_v1::Activity::Type> kActivityTypes[] = {
    {"visit", opportunity_v1::Activity::VISIT},
    {"call", opportunity_v1::Activity::CALL},
    {"meeting", opportunity_v1::Activity::MEETING},
    {"email", opportunity_v1::Activity::EMAIL},
    {"complaint", opportunity_v1::Activity::COMPLAINT},
    {"service-visit", opportunity_v1::Activity::SERVICE_VISIT},
    {"note", opportunity_v1::Activity::NOTE},
    {"delivery-issue", opportunity_v1::Activity::DELIVERY_ISSUE},
};

constexpr Word<opportunity_v1::Complaint::Severity> kSeverities[] = {
    {"low", opportunity_v1::Complaint::LOW},
    {"medium", opportunity_v1::Complaint::MEDIUM},
    {"high", opportunity_v1::Complaint::HIGH},
    {"critical", opportunity_v1::Complaint::CRITICAL},
};

constexpr Word<opportunity_v1::CommitteeMember::DecisionRole> kCommitteeRoles[] = {
    {"decision-maker", opportunity_v1::CommitteeMember::DECISION_MAKER},
    {"champion", opportunity_v1::CommitteeMember::CHAMPION},
    {"user", opportunity_v1::CommitteeMember::USER},
    {"veto-holder", opportunity_v1::CommitteeMember::VETO_HOLDER},
    {"influencer", opportunity_v1::CommitteeMember::INFLUENCER},
};

constexpr Word<opportunity_v1::CommitteeMember::Stance> kStances[] = {
    {"supporter", opportunity_v1::CommitteeMember::SUPPORTER},
    {"neutral", opportunity_v1::CommitteeMember::NEUTRAL},
    {"opponent", opportunity_v1::CommitteeMember::OPPONENT},
};

constexpr Word<contract_v1::ContractKind> kContractKinds[] = {
    {"framework", contract_v1::FRAMEWORK},
    {"execution", contract_v1::EXECUTION},
    {"standalone", contract_v1::STANDALONE},
};

constexpr Word<contract_v1::ContractKind> kContractKindChineseNames[] = {
    {"框架协议", contract_v1::FRAMEWORK},
    {"执行合同", contract_v1::EXECUTION},
    {"合同", contract_v1::STANDALONE},
};

constexpr Word<contract_v1::ContractState> kContractStates[] = {
    {"draft", contract_v1::DRAFT},       {"pending-approval", contract_v1::PENDING_APPROVAL},
    {"approved", contract_v1::APPROVED}, {"rejected", contract_v1::REJECTED},
    {"signed", contract_v1::SIGNED},     {"active", contract_v1::ACTIVE},
    {"expired", contract_v1::EXPIRED},   {"terminated", contract_v1::TERMINATED},
};

constexpr Word<contract_v1::ContractState> kContractStateChineseNames[] = {
    {"草稿", contract_v1::DRAFT},      {"待审批", contract_v1::PENDING_APPROVAL},
    {"已审批", contract_v1::APPROVED}, {"已驳回", contract_v1::REJECTED},
    {"已签署", contract_v1::SIGNED},   {"履行中", contract_v1::ACTIVE},
    {"已到期", contract_v1::EXPIRED},  {"已终止", contract_v1::TERMINATED},
};

constexpr Word<collaboration_v1::Urgency> kUrgencies[] = {
    {"general", collaboration_v1::GENERAL},
    {"urgent", collaboration_v1::URGENT},
    {"critical", collaboration_v1::CRITICAL},
};

constexpr Word<collaboration_v1::Urgency> kUrgencyChineseNames[] = {
    {"一般", collaboration_v1::GENERAL},
    {"紧急", collaboration_v1::URGENT},
    {"特急", collaboration_v1::CRITICAL},
};

constexpr Word<collaboration_v1::CollaborationStep> kCollaborationSteps[] = {
    {"to-survey", collaboration_v1::TO_SURVEY},
    {"designing", collaboration_v1::DESIGNING},
    {"pending-approval", collaboration_v1::PENDING_APPROVAL},
    {"executing", collaboration_v1::EXECUTING},
    {"done", collaboration_v1::DONE},
    {"cancelled", collaboration_v1::CANCELLED},
};

constexpr Word<collaboration_v1::CollaborationStep> kCollaborationStepChineseNames[] = {
    {"待调研", collaboration_v1::TO_SURVEY},
    {"方案设计中", collaboration_v1::DESIGNING},
    {"待审批", collaboration_v1::PENDING_APPROVAL},
    {"执行中", collaboration_v1::EXECUTING},
    {"已完成", collaboration_v1::DONE},
    {"已取消", collaboration_v1::CANCELLED},
};

constexpr Word<collaboration_v1::AttributionState> kAttributionStates[] = {
    {"draft", collaboration_v1::DRAFT},       {"submitted", collaboration_v1::SUBMITTED},
    {"approved", collaboration_v1::APPROVED}, {"disputed", collaboration_v1::DISPUTED},
    {"final", collaboration_v1::FINAL},
};

constexpr Word<collaboration_v1::AttributionState> kAttributionStateChineseNames[] = {
    {"草稿", collaboration_v1::DRAFT},      {"待审批", collaboration_v1::SUBMITTED},
    {"已批准", collaboration_v1::APPROVED}, {"争议中", collaboration_v1::DISPUTED},
    {"已定稿", collaboration_v1::FINAL},
};

constexpr Word<scoring_v1::Tier> kTiers[] = {
    {"a", scoring_v1::TIER_A},
    {"b", scoring_v1::TIER_B},
    {"c", scoring_v1::TIER_C},
};

constexpr Word<scoring_v1::Tier> kTierLetters[] = {
    {"A", scoring_v1::TIER_A},
    {"B", scoring_v1::TIER_B},
    {"C", scoring_v1::TIER_C},
};

constexpr Word<scoring_v1::RiskLevel> kRiskLevels[] = {
    {"low", scoring_v1::RISK_LOW},
    {"medium", scoring_v1::RISK_MEDIUM},
    {"high", scoring_v1::RISK_HIGH},
};

constexpr Word<scoring_v1::RiskLevel> kRiskLevelChineseNames[] = {
    {"低", scoring_v1::RISK_LOW},
    {"中", scoring_v1::RISK_MEDIUM},
    {"高", scoring_v1::RISK_HIGH},
};

constexpr Word<scoring_v1::TierProposal::State> kTierProposalStates[] = {
    {"pending", scoring_v1::TierProposal::PENDING},
    {"approved", scoring_v1::TierProposal::APPROVED},
    {"overridden", scoring_v1::TierProposal::OVERRIDDEN},
};

constexpr Word<scoring_v1::ChurnWarning::State> kChurnWarningStates[] = {
    {"open", scoring_v1::ChurnWarning::OPEN},
    {"cleared", scoring_v1::ChurnWarning::CLEARED},
};

constexpr Word<scoring_v1::RetentionPlan::Outcome> kRetentionOutcomes[] = {
    {"in-progress", scoring_v1::RetentionPlan::IN_PROGRESS},
    {"retained", scoring_v1::RetentionPlan::RETAINED},
    {"lost", scoring_v1::RetentionPlan::LOST},
};

// For enums whose words are their proto names (lower case, hyphens): the
// words alone decide, so an output-only value such as CLOSED is refused.
template <typename Enum>
bool NoOtherNames(const std::string&, Enum*) {
  return false;
}

// The proto names of kNewOrgUnitKinds only, so "HEADQUARTERS" is refused.
bool ParseNewOrgUnitKind(const std::string& name, gateway_v1::OrgUnit::Kind* kind) {
  if (!gateway_v1::OrgUnit::Kind_Parse(name, kind)) return false;
  return *kind == gateway_v1::OrgUnit::SUBSIDIARY || *kind == gateway_v1::OrgUnit::TEAM;
}

// "STATE_OWNED" and "state_owned" -> "state-owned".
std::string Normalize(std::string_view text) {
  std::string word = absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  std::replace(word.begin(), word.end(), '_', '-');
  return word;
}

template <typename Enum>
std::string Choices(std::span<const Word<Enum>> words) {
  std::string choices;
  for (const auto& word : words) {
    if (!choices.empty()) choices += '|';
    choices += word.text;
  }
  return choices;
}

template <typename Enum>
absl::StatusOr<Enum> ParseLabeled(std::span<const Word<Enum>> words, std::string_view label,
                                  std::string_view text,
                                  bool (*proto_parse)(const std::string&, Enum*)) {
  if (text.empty()) return Enum{};
  const std::string word = Normalize(text);
  for (const auto& candidate : words) {
    if (candidate.text == word) return candidate.value;
  }
  Enum value{};
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  std::replace(upper.begin(), upper.end(), '-', '_');
  if (proto_parse(upper, &value)) return value;
  return UsageError(crm::StrCat(std::string(label), ": unknown value \"", std::string(text),
                                "\"; use one of ", Choices(words)));
}

template <typename Enum>
absl::StatusOr<Enum> Parse(std::span<const Word<Enum>> words, std::string_view flag,
                           std::string_view text, bool (*proto_parse)(const std::string&, Enum*)) {
  return ParseLabeled(words, crm::StrCat("--", std::string(flag)), text, proto_parse);
}

template <typename Enum>
std::string Name(std::span<const Word<Enum>> words, Enum value) {
  for (const auto& word : words) {
    if (word.value == value) return std::string(word.text);
  }
  return "";
}

// Output-only enums: the proto name in lower case, e.g. "active".
std::string LowerName(const std::string& proto_name, int number) {
  if (number == 0) return "";
  return proto_name.empty() ? crm::StrCat(number) : Normalize(proto_name);
}

}  // namespace

absl::StatusOr<v1::OwnershipType> ParseOwnershipType(std::string_view text) {
  return Parse<v1::OwnershipType>(kOwnershipTypes, "ownership", text, v1::OwnershipType_Parse);
}

absl::StatusOr<v1::SizeBand> ParseSizeBand(std::string_view text) {
  return Parse<v1::SizeBand>(kSizeBands, "size", text, v1::SizeBand_Parse);
}

absl::StatusOr<v1::DecisionRole> ParseDecisionRole(std::string_view text) {
  return Parse<v1::DecisionRole>(kDecisionRoles, "role", text, v1::DecisionRole_Parse);
}

absl::StatusOr<gateway_v1::OrgUnit::Kind> ParseOrgUnitKind(std::string_view text) {
  return Parse<gateway_v1::OrgUnit::Kind>(kNewOrgUnitKinds, "kind", text, ParseNewOrgUnitKind);
}

absl::StatusOr<hierarchy_v1::EdgeType> ParseEdgeType(std::string_view text) {
  return Parse<hierarchy_v1::EdgeType>(kEdgeTypes, "edge", text, hierarchy_v1::EdgeType_Parse);
}

std::optional<hierarchy_v1::EdgeType> EdgeTypeFromWord(std::string_view text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<hierarchy_v1::EdgeType> value = ParseEdgeType(text);
  if (!value.ok() || *value == hierarchy_v1::EDGE_TYPE_UNSPECIFIED) {
    return std::nullopt;
  }
  return *value;
}

std::string OwnershipTypeName(v1::OwnershipType value) {
  return Name<v1::OwnershipType>(kOwnershipTypes, value);
}

std::string SizeBandName(v1::SizeBand value) { return Name<v1::SizeBand>(kSizeBands, value); }

std::string DecisionRoleName(v1::DecisionRole value) {
  return Name<v1::DecisionRole>(kDecisionRoles, value);
}

std::string CustomerStateName(v1::Customer::State value) {
  return LowerName(v1::Customer::State_Name(value), value);
}

std::string ContactStateName(v1::Contact::State value) {
  return LowerName(v1::Contact::State_Name(value), value);
}

std::string UpsertOutcomeName(v1::UpsertCustomerByExternalReferenceResponse::Outcome value) {
  return LowerName(v1::UpsertCustomerByExternalReferenceResponse::Outcome_Name(value), value);
}

std::string DuplicateReasonName(v1::DuplicateMatch::Reason value) {
  std::string words = LowerName(v1::DuplicateMatch::Reason_Name(value), value);
  std::replace(words.begin(), words.end(), '-', ' ');
  return words;
}

std::string DuplicateRelationName(v1::DuplicateMatch::Relation value) {
  std::string words = LowerName(v1::DuplicateMatch::Relation_Name(value), value);
  std::replace(words.begin(), words.end(), '-', ' ');
  return words;
}

std::string CustomerChangeTypeName(v1::CustomerChange::Type value) {
  return LowerName(v1::CustomerChange::Type_Name(value), value);
}

std::string OrgUnitKindName(gateway_v1::OrgUnit::Kind value) {
  return LowerName(gateway_v1::OrgUnit::Kind_Name(value), value);
}

std::string UserTypeName(gateway_v1::User::Type value) {
  // Unspecified means a person (see User.type).
  if (value == gateway_v1::User::TYPE_UNSPECIFIED) return "human";
  return LowerName(gateway_v1::User::Type_Name(value), value);
}

std::string EdgeTypeName(hierarchy_v1::EdgeType value) {
  return Name<hierarchy_v1::EdgeType>(kEdgeTypes, value);
}

std::string NodeKindName(hierarchy_v1::Node::Kind value) {
  return LowerName(hierarchy_v1::Node::Kind_Name(value), value);
}

std::string OwnershipTypeChoices() { return Choices<v1::OwnershipType>(kOwnershipTypes); }

std::string SizeBandChoices() { return Choices<v1::SizeBand>(kSizeBands); }

std::string DecisionRoleChoices() { return Choices<v1::DecisionRole>(kDecisionRoles); }

std::string OrgUnitKindChoices() { return Choices<gateway_v1::OrgUnit::Kind>(kNewOrgUnitKinds); }

std::string EdgeTypeChoices() { return Choices<hierarchy_v1::EdgeType>(kEdgeTypes); }

absl::StatusOr<opportunity_v1::Stage> ParseStage(std::string_view text, std::string_view label) {
  return ParseLabeled<opportunity_v1::Stage>(kStages, label, text,
                                             NoOtherNames<opportunity_v1::Stage>);
}

absl::StatusOr<opportunity_v1::ForecastCategory> ParseForecastCategory(std::string_view text) {
  return Parse<opportunity_v1::ForecastCategory>(kForecastCategories, "forecast", text,
                                                 NoOtherNames<opportunity_v1::ForecastCategory>);
}

absl::StatusOr<opportunity_v1::LossReason> ParseLossReason(std::string_view text) {
  return Parse<opportunity_v1::LossReason>(kLossReasons, "reason", text,
                                           NoOtherNames<opportunity_v1::LossReason>);
}

absl::StatusOr<opportunity_v1::Activity::Type> ParseActivityType(std::string_view text) {
  return Parse<opportunity_v1::Activity::Type>(kActivityTypes, "type", text,
                                               NoOtherNames<opportunity_v1::Activity::Type>);
}

absl::StatusOr<opportunity_v1::Complaint::Severity> ParseSeverity(std::string_view text) {
  return Parse<opportunity_v1::Complaint::Severity>(
      kSeverities, "severity", text, NoOtherNames<opportunity_v1::Complaint::Severity>);
}

absl::StatusOr<opportunity_v1::CommitteeMember::DecisionRole> ParseCommitteeRole(
    std::string_view text) {
  return Parse<opportunity_v1::CommitteeMember::DecisionRole>(
      kCommitteeRoles, "committee", text,
      NoOtherNames<opportunity_v1::CommitteeMember::DecisionRole>);
}

absl::StatusOr<opportunity_v1::CommitteeMember::Stance> ParseStance(std::string_view text) {
  return Parse<opportunity_v1::CommitteeMember::Stance>(
      kStances, "committee", text, NoOtherNames<opportunity_v1::CommitteeMember::Stance>);
}

std::string StageName(opportunity_v1::Stage value) {
  return Name<opportunity_v1::Stage>(kStages, value);
}

std::string StageChineseName(opportunity_v1::Stage value) {
  return Name<opportunity_v1::Stage>(kStageChineseNames, value);
}

std::string ForecastCategoryName(opportunity_v1::ForecastCategory value) {
  if (value == opportunity_v1::CLOSED) return "closed";
  return Name<opportunity_v1::ForecastCategory>(kForecastCategories, value);
}

std::string LossReasonName(opportunity_v1::LossReason value) {
  return Name<opportunity_v1::LossReason>(kLossReasons, value);
}

std::string ActivityTypeName(opportunity_v1::Activity::Type value) {
  return Name<opportunity_v1::Activity::Type>(kActivityTypes, value);
}

std::string SeverityName(opportunity_v1::Complaint::Severity value) {
  return Name<opportunity_v1::Complaint::Severity>(kSeverities, value);
}

std::string CommitteeRoleName(opportunity_v1::CommitteeMember::DecisionRole value) {
  return Name<opportunity_v1::CommitteeMember::DecisionRole>(kCommitteeRoles, value);
}

std::string StanceName(opportunity_v1::CommitteeMember::Stance value) {
  return Name<opportunity_v1::CommitteeMember::Stance>(kStances, value);
}

std::string StageChoices() {
  return Choices<opportunity_v1::Stage>(
      std::span<const Word<opportunity_v1::Stage>>(kStages).first(kOpenStageCount));
}

std::string ForecastCategoryChoices() {
  return Choices<opportunity_v1::ForecastCategory>(kForecastCategories);
}

std::string LossReasonChoices() { return Choices<opportunity_v1::LossReason>(kLossReasons); }

std::string ActivityTypeChoices() {
  return Choices<opportunity_v1::Activity::Type>(kActivityTypes);
}

std::string SeverityChoices() { return Choices<opportunity_v1::Complaint::Severity>(kSeverities); }

std::string CommitteeRoleChoices() {
  return Choices<opportunity_v1::CommitteeMember::DecisionRole>(kCommitteeRoles);
}

std::string StanceChoices() { return Choices<opportunity_v1::CommitteeMember::Stance>(kStances); }

absl::StatusOr<contract_v1::ContractKind> ParseContractKind(std::string_view text,
                                                            std::string_view label) {
  return ParseLabeled<contract_v1::ContractKind>(kContractKinds, label, text,
                                                 NoOtherNames<contract_v1::ContractKind>);
}

absl::StatusOr<contract_v1::ContractState> ParseContractState(std::string_view text,
                                                              std::string_view label) {
  return ParseLabeled<contract_v1::ContractState>(kContractStates, label, text,
                                                  NoOtherNames<contract_v1::ContractState>);
}

std::string ContractKindName(contract_v1::ContractKind value) {
  return Name<contract_v1::ContractKind>(kContractKinds, value);
}

std::string ContractKindChineseName(contract_v1::ContractKind value) {
  return Name<contract_v1::ContractKind>(kContractKindChineseNames, value);
}

std::string ContractStateName(contract_v1::ContractState value) {
  return Name<contract_v1::ContractState>(kContractStates, value);
}

std::string ContractStateChineseName(contract_v1::ContractState value) {
  return Name<contract_v1::ContractState>(kContractStateChineseNames, value);
}

std::string ApprovalOutcomeName(contract_v1::ApprovalStep::Outcome value) {
  return LowerName(contract_v1::ApprovalStep::Outcome_Name(value), value);
}

std::string ContractKindChoices() { return Choices<contract_v1::ContractKind>(kContractKinds); }

std::string ContractStateChoices() { return Choices<contract_v1::ContractState>(kContractStates); }

absl::StatusOr<collaboration_v1::Urgency> ParseUrgency(std::string_view text,
                                                       std::string_view label) {
  return ParseLabeled<collaboration_v1::Urgency>(kUrgencies, label, text,
                                                 NoOtherNames<collaboration_v1::Urgency>);
}

absl::StatusOr<collaboration_v1::CollaborationStep> ParseCollaborationStep(std::string_view text,
                                                                           std::string_view label) {
  return ParseLabeled<collaboration_v1::CollaborationStep>(
      kCollaborationSteps, label, text, NoOtherNames<collaboration_v1::CollaborationStep>);
}

absl::StatusOr<collaboration_v1::AttributionState> ParseAttributionState(std::string_view text,
                                                                         std::string_view label) {
  return ParseLabeled<collaboration_v1::AttributionState>(
      kAttributionStates, label, text, NoOtherNames<collaboration_v1::AttributionState>);
}

std::string UrgencyName(collaboration_v1::Urgency value) {
  return Name<collaboration_v1::Urgency>(kUrgencies, value);
}

std::string UrgencyChineseName(collaboration_v1::Urgency value) {
  return Name<collaboration_v1::Urgency>(kUrgencyChineseNames, value);
}

std::string CollaborationStepName(collaboration_v1::CollaborationStep value) {
  return Name<collaboration_v1::CollaborationStep>(kCollaborationSteps, value);
}

std::string CollaborationStepChineseName(collaboration_v1::CollaborationStep value) {
  return Name<collaboration_v1::CollaborationStep>(kCollaborationStepChineseNames, value);
}

std::string AttributionStateName(collaboration_v1::AttributionState value) {
  return Name<collaboration_v1::AttributionState>(kAttributionStates, value);
}

std::string AttributionStateChineseName(collaboration_v1::AttributionState value) {
  return Name<collaboration_v1::AttributionState>(kAttributionStateChineseNames, value);
}

std::string ContributorRoleName(collaboration_v1::ContributorRole value) {
  return LowerName(collaboration_v1::ContributorRole_Name(value), value);
}

std::string TimelineKindName(collaboration_v1::TimelineEntry::Kind value) {
  return LowerName(collaboration_v1::TimelineEntry::Kind_Name(value), value);
}

std::string UrgencyChoices() { return Choices<collaboration_v1::Urgency>(kUrgencies); }

std::string CollaborationStepChoices() {
  return Choices<collaboration_v1::CollaborationStep>(kCollaborationSteps);
}

std::string AttributionStateChoices() {
  return Choices<collaboration_v1::AttributionState>(kAttributionStates);
}

absl::StatusOr<scoring_v1::Tier> ParseTier(std::string_view text, std::string_view label) {
  return ParseLabeled<scoring_v1::Tier>(kTiers, label, text, NoOtherNames<scoring_v1::Tier>);
}

absl::StatusOr<scoring_v1::RiskLevel> ParseRiskLevel(std::string_view text,
                                                     std::string_view label) {
  return ParseLabeled<scoring_v1::RiskLevel>(kRiskLevels, label, text,
                                             NoOtherNames<scoring_v1::RiskLevel>);
}

absl::StatusOr<scoring_v1::TierProposal::State> ParseTierProposalState(std::string_view text,
                                                                       std::string_view label) {
  return ParseLabeled<scoring_v1::TierProposal::State>(
      kTierProposalStates, label, text, NoOtherNames<scoring_v1::TierProposal::State>);
}

absl::StatusOr<scoring_v1::ChurnWarning::State> ParseChurnWarningState(std::string_view text,
                                                                       std::string_view label) {
  return ParseLabeled<scoring_v1::ChurnWarning::State>(
      kChurnWarningStates, label, text, NoOtherNames<scoring_v1::ChurnWarning::State>);
}

absl::StatusOr<scoring_v1::RetentionPlan::Outcome> ParseRetentionOutcome(std::string_view text,
                                                                         std::string_view label) {
  return ParseLabeled<scoring_v1::RetentionPlan::Outcome>(
      kRetentionOutcomes, label, text, NoOtherNames<scoring_v1::RetentionPlan::Outcome>);
}

std::string TierName(scoring_v1::Tier value) { return Name<scoring_v1::Tier>(kTierLetters, value); }

std::string RiskLevelName(scoring_v1::RiskLevel value) {
  return Name<scoring_v1::RiskLevel>(kRiskLevels, value);
}

std::string RiskLevelChineseName(scoring_v1::RiskLevel value) {
  return Name<scoring_v1::RiskLevel>(kRiskLevelChineseNames, value);
}

std::string TierProposalStateName(scoring_v1::TierProposal::State value) {
  return Name<scoring_v1::TierProposal::State>(kTierProposalStates, value);
}

std::string ChurnWarningStateName(scoring_v1::ChurnWarning::State value) {
  return Name<scoring_v1::ChurnWarning::State>(kChurnWarningStates, value);
}

std::string RetentionOutcomeName(scoring_v1::RetentionPlan::Outcome value) {
  return Name<scoring_v1::RetentionPlan::Outcome>(kRetentionOutcomes, value);
}

std::string FactsRebuildStateName(scoring_v1::FactsRebuild::State value) {
  return LowerName(scoring_v1::FactsRebuild::State_Name(value), value);
}

std::string TierChoices() { return Choices<scoring_v1::Tier>(kTiers); }

std::string RiskLevelChoices() { return Choices<scoring_v1::RiskLevel>(kRiskLevels); }

std::string TierProposalStateChoices() {
  return Choices<scoring_v1::TierProposal::State>(kTierProposalStates);
}

std::string ChurnWarningStateChoices() {
  return Choices<scoring_v1::ChurnWarning::State>(kChurnWarningStates);
}

std::string RetentionOutcomeChoices() {
  return Choices<scoring_v1::RetentionPlan::Outcome>(kRetentionOutcomes);
}

}  // namespace crm::crmctl
