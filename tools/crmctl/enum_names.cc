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
absl::StatusOr<Enum> Parse(std::span<const Word<Enum>> words, std::string_view flag,
                           std::string_view text, bool (*proto_parse)(const std::string&, Enum*)) {
  if (text.empty()) return Enum{};
  const std::string word = Normalize(text);
  for (const auto& candidate : words) {
    if (candidate.text == word) return candidate.value;
  }
  Enum value{};
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  std::replace(upper.begin(), upper.end(), '-', '_');
  if (proto_parse(upper, &value)) return value;
  return UsageError(crm::StrCat("--", std::string(flag), ": unknown value \"", std::string(text),
                                "\"; use one of ", Choices(words)));
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

}  // namespace crm::crmctl
