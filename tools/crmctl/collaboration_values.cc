#include "tools/crmctl/collaboration_values.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;

constexpr std::string_view kUserPrefix = "users/";

std::string Quoted(std::string_view text) { return crm::StrCat("\"", std::string(text), "\""); }

// "ORGUNIT=VALUE" split at the first "="; false when either side is empty.
bool SplitAssignment(std::string_view text, std::string_view* org_unit, std::string_view* value) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == text.size()) return false;
  *org_unit = text.substr(0, equals);
  *value = text.substr(equals + 1);
  return true;
}

// Four comma-separated parts, e.g. "60,20,40,50".
bool SplitFour(std::string_view text, std::vector<std::string>* parts) {
  *parts = absl::StrSplit(crm::ToAbsl(text), ',');
  return parts->size() == 4 &&
         std::none_of(parts->begin(), parts->end(), [](const std::string& p) { return p.empty(); });
}

// A copy of what a person gives of a contributor, without what the service
// computes (weighted score, share, credited amount).
v1::Contributor Given(const v1::Contributor& contributor) {
  v1::Contributor given;
  given.set_org_unit(contributor.org_unit());
  *given.mutable_roles() = contributor.roles();
  if (contributor.has_scores()) *given.mutable_scores() = contributor.scores();
  *given.mutable_evidence() = contributor.evidence();
  return given;
}

}  // namespace

absl::StatusOr<v1::Participant> ParseParticipant(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return FlagError("participant", crm::StrCat(Quoted(text),
                                                " is not ORGUNIT:TASK[:users/OWNER], e.g. "
                                                "sub-north:园区光储系统方案设计"));
  }
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(text.substr(0, colon));
  if (!org_unit.ok()) return FlagError("participant", org_unit.status().message());
  std::string_view task = text.substr(colon + 1);
  v1::Participant participant;
  participant.set_org_unit(*org_unit);
  const size_t owner = task.rfind(crm::StrCat(":", std::string(kUserPrefix)));
  if (owner != std::string_view::npos) {
    absl::StatusOr<std::string> user = CheckedUserName(task.substr(owner + 1));
    if (!user.ok()) return FlagError("participant", user.status().message());
    participant.set_owner(*user);
    task = task.substr(0, owner);
  }
  if (task.empty()) {
    return FlagError("participant", crm::StrCat(Quoted(text), " has no task"));
  }
  participant.set_task(std::string(task));
  return participant;
}

absl::StatusOr<ScoreFlag> ParseScore(std::string_view text, std::string_view flag) {
  const std::string form = crm::StrCat(
      Quoted(text),
      " is not ORGUNIT=INFORMATION,RESOURCES,PARTICIPATION,CUSTOMER_EVALUATION with scores "
      "0-100, e.g. sub-south=60,20,40,50");
  std::string_view org_unit_text;
  std::string_view values;
  std::vector<std::string> parts;
  if (!SplitAssignment(text, &org_unit_text, &values) || !SplitFour(values, &parts)) {
    return FlagError(flag, form);
  }
  int32_t numbers[4] = {};
  for (int i = 0; i < 4; ++i) {
    if (!absl::SimpleAtoi(parts[i], &numbers[i]) || numbers[i] < 0 || numbers[i] > 100) {
      return FlagError(flag, form);
    }
  }
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(org_unit_text);
  if (!org_unit.ok()) return FlagError(flag, org_unit.status().message());
  ScoreFlag score{.org_unit = *org_unit};
  score.scores.set_information(numbers[0]);
  score.scores.set_resources(numbers[1]);
  score.scores.set_participation(numbers[2]);
  score.scores.set_customer_evaluation(numbers[3]);
  return score;
}

absl::StatusOr<EvidenceFlag> ParseEvidence(std::string_view text) {
  std::string_view org_unit_text;
  std::string_view reference;
  if (!SplitAssignment(text, &org_unit_text, &reference)) {
    return FlagError("evidence", crm::StrCat(Quoted(text),
                                             " is not ORGUNIT=REFERENCE, e.g. "
                                             "sub-south=collaborationRequests/ID"));
  }
  absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(org_unit_text);
  if (!org_unit.ok()) return FlagError("evidence", org_unit.status().message());
  return EvidenceFlag{.org_unit = *org_unit, .reference = std::string(reference)};
}

absl::StatusOr<std::vector<v1::Contributor>> ApplyScores(
    const google::protobuf::RepeatedPtrField<v1::Contributor>& current,
    const std::vector<ScoreFlag>& scores, const std::vector<EvidenceFlag>& evidence,
    const std::vector<std::string>& removed) {
  std::vector<v1::Contributor> contributors;
  for (const v1::Contributor& contributor : current) contributors.push_back(Given(contributor));
  const auto find = [&](const std::string& org_unit) {
    return std::find_if(contributors.begin(), contributors.end(),
                        [&](const v1::Contributor& c) { return c.org_unit() == org_unit; });
  };
  std::set<std::string> scored;
  for (const ScoreFlag& score : scores) {
    if (!scored.insert(score.org_unit).second) {
      return FlagError("score", crm::StrCat(score.org_unit, " is scored twice"));
    }
    auto contributor = find(score.org_unit);
    if (contributor == contributors.end()) {
      contributors.emplace_back();
      contributor = contributors.end() - 1;
      contributor->set_org_unit(score.org_unit);
    }
    *contributor->mutable_scores() = score.scores;
  }
  for (const EvidenceFlag& item : evidence) {
    auto contributor = find(item.org_unit);
    if (contributor == contributors.end()) {
      return FlagError("evidence", crm::StrCat(item.org_unit,
                                               " is not a contributor; score it with --score "
                                               "first"));
    }
    // Evidence the contributor has already (proposed with it, or given
    // before) is not added twice.
    if (std::find(contributor->evidence().begin(), contributor->evidence().end(), item.reference) ==
        contributor->evidence().end()) {
      contributor->add_evidence(item.reference);
    }
  }
  for (const std::string& org_unit : removed) {
    auto contributor = find(org_unit);
    if (contributor == contributors.end()) {
      return FlagError("remove", crm::StrCat(org_unit, " is not a contributor"));
    }
    if (scored.contains(org_unit)) {
      return FlagError("remove", crm::StrCat(org_unit, " is scored and removed at once"));
    }
    contributors.erase(contributor);
  }
  return contributors;
}

absl::StatusOr<v1::SlaRule> ParseSlaRule(std::string_view text) {
  const std::string form = crm::StrCat(
      Quoted(text),
      " is not URGENCY:RESPONSE:STEP_DAYS, e.g. critical:2h:1 (answered within 2 hours, a "
      "step takes 1 working day) or general:3wd:5 (3 working days)");
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), ':');
  if (parts.size() != 3 || parts[0].empty()) return FlagError("rule", form);
  absl::StatusOr<v1::Urgency> urgency = ParseUrgency(parts[0], "--rule");
  if (!urgency.ok()) return urgency.status();
  v1::SlaRule rule;
  rule.set_urgency(*urgency);
  std::string_view response = parts[1];
  int32_t amount = 0;
  if (response.ends_with("wd") &&
      absl::SimpleAtoi(crm::ToAbsl(response.substr(0, response.size() - 2)), &amount)) {
    rule.set_response_working_days(amount);
  } else if (response.ends_with("h") &&
             absl::SimpleAtoi(crm::ToAbsl(response.substr(0, response.size() - 1)), &amount)) {
    rule.set_response_hours(amount);
  } else {
    return FlagError("rule", crm::StrCat(form,
                                         "; the response is in hours (2h) or working days "
                                         "(3wd)"));
  }
  int32_t step_days = 0;
  if (!absl::SimpleAtoi(parts[2], &step_days)) return FlagError("rule", form);
  rule.set_step_working_days(step_days);
  return rule;
}

absl::StatusOr<v1::DimensionWeights> ParseWeights(std::string_view text) {
  const std::string form =
      crm::StrCat(Quoted(text),
                  " is not INFORMATION,RESOURCES,PARTICIPATION,CUSTOMER_EVALUATION in percent, "
                  "e.g. 20,30,30,20");
  std::vector<std::string> parts;
  if (!SplitFour(text, &parts)) return FlagError("weights", form);
  int32_t basis_points[4] = {};
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<int32_t> value = ParsePercentAsBasisPoints(parts[i]);
    if (!value.ok()) {
      return FlagError("weights", crm::StrCat(form, ": ", value.status().message()));
    }
    basis_points[i] = *value;
  }
  v1::DimensionWeights weights;
  weights.set_information_bp(basis_points[0]);
  weights.set_resources_bp(basis_points[1]);
  weights.set_participation_bp(basis_points[2]);
  weights.set_customer_evaluation_bp(basis_points[3]);
  return weights;
}

}  // namespace crm::crmctl
