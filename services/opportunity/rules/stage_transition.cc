#include "services/opportunity/rules/stage_transition.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/text_field.h"
#include "services/opportunity/rules/errors.h"
#include "services/opportunity/rules/stages.h"

namespace crm::opportunity {
namespace {

constexpr size_t kMaxReasonChars = 2000;

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

absl::Status Precondition(std::string_view reason, std::string_view message,
                          status::Metadata metadata) {
  return status::Error(absl::StatusCode::kFailedPrecondition, kErrorDomain, reason, message,
                       std::move(metadata));
}

// An open stage for ChangeStage or Reopen; WON and LOST get their own words.
void CheckOpenStage(v1::Stage stage, std::string_view method, status::FieldViolations& violations) {
  if (stage == v1::WON || stage == v1::LOST) {
    violations.Add("stage", crm::StrCat("stage: ", StageName(stage), " is reached with ",
                                        stage == v1::WON ? "WinOpportunity" : "LoseOpportunity",
                                        "; ", method, " takes an open stage, LEAD … NEGOTIATION"));
    return;
  }
  validation::CheckEnumIn<v1::Stage>(
      stage, {v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION}, "stage",
      validation::Presence::kRequired, violations);
}

void CheckLoss(const Lose& lose, status::FieldViolations& violations) {
  validation::CheckEnum<v1::LossReason>(lose.reason, "loss_reason", validation::Presence::kRequired,
                                        violations);
  if (lose.reason == v1::OTHER && validation::IsBlank(lose.text)) {
    violations.Add("loss_reason_text",
                   "loss_reason_text: required with OTHER; say why it was lost (up to 2000 "
                   "characters)");
    return;
  }
  validation::CheckText(lose.text, "loss_reason_text", 0, kMaxReasonChars,
                        validation::Lines::kMulti, violations);
}

// The open stages strictly between `from` and `to` (a closed `to` counts as
// after NEGOTIATION).
std::vector<v1::Stage> StagesBetween(v1::Stage from, v1::Stage to) {
  std::vector<v1::Stage> between;
  for (v1::Stage stage : kOpenStages) {
    if (stage > from && stage < to) between.push_back(stage);
  }
  return between;
}

v1::Stage Furthest(v1::Stage a, v1::Stage b) {
  // LOST is never "reached"; everything else is in order.
  if (a == v1::LOST) return b;
  if (b == v1::LOST) return a;
  return std::max(a, b);
}

// STAGE_GATE_NOT_MET naming every missing part, or OK.
absl::Status CheckGate(const OpportunityFacts& facts, v1::Stage to, const StageModel& model) {
  std::string missing;
  const bool survey_short = facts.survey_completeness_bp < model.min_survey_completeness_bp;
  if (survey_short) {
    crm::StrAppend(&missing, "needs survey is ", facts.survey_completeness_bp, " bp complete; ",
                   model.min_survey_completeness_bp, " needed to pass SOLUTION");
  }
  const bool no_decision_maker = model.require_decision_maker && !facts.has_decision_maker;
  if (no_decision_maker) {
    crm::StrAppend(&missing, missing.empty() ? "" : "; ",
                   "no DECISION_MAKER in the buying committee");
  }
  if (missing.empty()) return absl::OkStatus();
  return Precondition("STAGE_GATE_NOT_MET",
                      crm::StrCat("moving from ", StageName(facts.stage), " to ", StageName(to),
                                  " is not possible yet: ", missing),
                      {{"from", StageName(facts.stage)},
                       {"to", StageName(to)},
                       {"surveyCompletenessBp", crm::StrCat(facts.survey_completeness_bp)},
                       {"minSurveyCompletenessBp", crm::StrCat(model.min_survey_completeness_bp)},
                       {"decisionMakerRequired", model.require_decision_maker ? "true" : "false"},
                       {"hasDecisionMaker", facts.has_decision_maker ? "true" : "false"},
                       {"stageModelVersion", crm::StrCat(model.version)}});
}

bool PassesSolution(v1::Stage from, v1::Stage to) {
  return from <= v1::SOLUTION && (to == v1::QUOTE || to == v1::NEGOTIATION || to == v1::WON);
}

absl::Status RefuseClosed(const OpportunityFacts& facts) {
  return Precondition("OPPORTUNITY_CLOSED",
                      crm::StrCat("the opportunity is ", StageName(facts.stage),
                                  "; only ReopenOpportunity changes the stage of a closed one"),
                      {{"stage", StageName(facts.stage)}});
}

TransitionResult Base(const OpportunityFacts& facts, const StageModel& model) {
  TransitionResult result;
  result.stage = facts.stage;
  result.probability = facts.probability;
  result.probability_overridden = facts.probability_overridden;
  result.forecast_category = facts.forecast_category;
  result.furthest_stage = facts.furthest_stage;
  result.stage_model_version = model.version;
  return result;
}

absl::StatusOr<TransitionResult> ToOpenStage(const OpportunityFacts& facts, v1::Stage to,
                                             const StageModel& model) {
  if (IsClosedStage(facts.stage)) return RefuseClosed(facts);
  if (to == facts.stage) {
    return Precondition("ALREADY_IN_STAGE",
                        crm::StrCat("the opportunity is already in stage ", StageName(to)),
                        {{"stage", StageName(to)}});
  }
  if (PassesSolution(facts.stage, to)) {
    if (absl::Status gate = CheckGate(facts, to, model); !gate.ok()) return gate;
  }
  TransitionResult result = Base(facts, model);
  result.stage = to;
  if (!facts.probability_overridden) result.probability = model.Probability(to);
  if (facts.forecast_category == v1::CLOSED || facts.forecast_category == v1::OMITTED ||
      facts.forecast_category == v1::FORECAST_CATEGORY_UNSPECIFIED) {
    result.forecast_category = v1::PIPELINE;
  }
  result.skipped_stages = StagesBetween(facts.stage, to);
  result.furthest_stage = Furthest(facts.furthest_stage, to);
  return result;
}

absl::StatusOr<TransitionResult> ToWon(const OpportunityFacts& facts, const StageModel& model) {
  if (IsClosedStage(facts.stage)) return RefuseClosed(facts);
  std::string missing;
  if (facts.amount_minor_units <= 0) {
    crm::StrAppend(&missing, "an amount above 0 (it is ", facts.amount_minor_units, ")");
  }
  if (!facts.has_close_date)
    crm::StrAppend(&missing, missing.empty() ? "" : " and ", "a close date");
  if (!missing.empty()) {
    return Precondition("WIN_REQUIREMENTS_NOT_MET", crm::StrCat("winning needs ", missing),
                        {{"amountMinorUnits", crm::StrCat(facts.amount_minor_units)},
                         {"hasCloseDate", facts.has_close_date ? "true" : "false"}});
  }
  if (PassesSolution(facts.stage, v1::WON)) {
    if (absl::Status gate = CheckGate(facts, v1::WON, model); !gate.ok()) return gate;
  }
  TransitionResult result = Base(facts, model);
  result.stage = v1::WON;
  result.probability = kMaxProbability;  // whatever was set or configured
  result.forecast_category = v1::CLOSED;
  result.skipped_stages = StagesBetween(facts.stage, v1::WON);
  result.furthest_stage = v1::WON;
  return result;
}

absl::StatusOr<TransitionResult> ToLost(const OpportunityFacts& facts, const Lose& lose,
                                        const StageModel& model) {
  if (IsClosedStage(facts.stage)) return RefuseClosed(facts);
  TransitionResult result = Base(facts, model);
  result.stage = v1::LOST;
  result.probability = 0;
  result.forecast_category = v1::OMITTED;
  result.loss_reason = lose.reason;
  result.loss_reason_text = lose.text;
  return result;
}

absl::StatusOr<TransitionResult> Reopened(const OpportunityFacts& facts, const Reopen& reopen,
                                          const CallerRelation& caller, const StageModel& model) {
  if (!caller.is_hq && !caller.is_owner_org_unit) {
    return status::Error(absl::StatusCode::kPermissionDenied, kErrorDomain, "REOPEN_NOT_PERMITTED",
                         "only HQ or the opportunity's owner org unit may reopen it");
  }
  if (!IsClosedStage(facts.stage)) {
    return Precondition("OPPORTUNITY_NOT_CLOSED",
                        crm::StrCat("only a WON or LOST opportunity can be reopened; this one is ",
                                    "open in ", StageName(facts.stage)),
                        {{"stage", StageName(facts.stage)}});
  }
  // A reopening at QUOTE or NEGOTIATION passes the same gates as moving past
  // SOLUTION, or losing at LEAD and reopening at NEGOTIATION would skip them.
  if (reopen.stage > v1::SOLUTION) {
    if (absl::Status gate = CheckGate(facts, reopen.stage, model); !gate.ok()) return gate;
  }
  TransitionResult result = Base(facts, model);
  result.stage = reopen.stage;
  result.probability = model.Probability(reopen.stage);
  result.probability_overridden = false;
  result.forecast_category = v1::PIPELINE;
  result.furthest_stage = Furthest(facts.furthest_stage, reopen.stage);
  result.reopened = true;
  return result;
}

}  // namespace

void ValidateTransition(const StageTransition& transition, status::FieldViolations& violations) {
  std::visit(Overloaded{
                 [&](const ChangeStageTo& change) {
                   CheckOpenStage(change.stage, "ChangeStage", violations);
                 },
                 [&](const Win&) {},
                 [&](const Lose& lose) { CheckLoss(lose, violations); },
                 [&](const Reopen& reopen) {
                   CheckOpenStage(reopen.stage, "ReopenOpportunity", violations);
                   validation::CheckText(reopen.reason, "reason", 1, kMaxReasonChars,
                                         validation::Lines::kMulti, violations);
                 },
             },
             transition);
}

absl::StatusOr<TransitionResult> ApplyTransition(const OpportunityFacts& facts,
                                                 const StageTransition& transition,
                                                 const CallerRelation& caller,
                                                 const StageModel& model) {
  status::FieldViolations violations;
  ValidateTransition(transition, violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  if (!IsOpenStage(facts.stage) && !IsClosedStage(facts.stage)) {
    return status::Error(absl::StatusCode::kInternal, kErrorDomain, "INTERNAL",
                         crm::StrCat("stored opportunity has no stage (", facts.stage, ")"));
  }
  return std::visit(
      Overloaded{
          [&](const ChangeStageTo& change) { return ToOpenStage(facts, change.stage, model); },
          [&](const Win&) { return ToWon(facts, model); },
          [&](const Lose& lose) { return ToLost(facts, lose, model); },
          [&](const Reopen& reopen) { return Reopened(facts, reopen, caller, model); },
      },
      transition);
}

int DaysInStage(absl::Time entered, absl::Time now) {
  if (now <= entered) return 0;
  absl::Duration remainder;
  const int64_t days = absl::IDivDuration(now - entered, absl::Hours(24), &remainder);
  return static_cast<int>(std::min<int64_t>(days, std::numeric_limits<int>::max()));
}

}  // namespace crm::opportunity
