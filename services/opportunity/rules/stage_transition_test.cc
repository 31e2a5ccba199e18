#include "services/opportunity/rules/stage_transition.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const CallerRelation kSeller{.is_hq = false, .is_owner_org_unit = true};
const CallerRelation kHq{.is_hq = true, .is_owner_org_unit = false};
const CallerRelation kOtherUnit{.is_hq = false, .is_owner_org_unit = false};

// An opportunity in `stage` that passes every gate of the default model.
OpportunityFacts Facts(v1::Stage stage) {
  OpportunityFacts facts;
  facts.stage = stage;
  facts.furthest_stage = stage == v1::LOST ? v1::DISCOVERY : stage;
  facts.probability = DefaultStageModel().Probability(stage);
  facts.forecast_category = stage == v1::WON    ? v1::CLOSED
                            : stage == v1::LOST ? v1::OMITTED
                                                : v1::PIPELINE;
  facts.amount_minor_units = 50000000;
  facts.has_close_date = true;
  facts.survey_completeness_bp = 10000;
  facts.has_decision_maker = true;
  return facts;
}

absl::StatusOr<TransitionResult> Apply(const OpportunityFacts& facts,
                                       const StageTransition& transition,
                                       const CallerRelation& caller = kSeller) {
  return ApplyTransition(facts, transition, caller, DefaultStageModel());
}

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::vector<std::string> ViolationFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.push_back(v.field());
  return fields;
}

TEST(ChangeStageTest, OneStepForwardTakesTheStagesProbability) {
  const absl::StatusOr<TransitionResult> result =
      Apply(Facts(v1::LEAD), ChangeStageTo{v1::DISCOVERY});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::DISCOVERY);
  EXPECT_EQ(result->probability, 20);
  EXPECT_FALSE(result->probability_overridden);
  EXPECT_EQ(result->forecast_category, v1::PIPELINE);
  EXPECT_THAT(result->skipped_stages, IsEmpty());
  EXPECT_EQ(result->furthest_stage, v1::DISCOVERY);
  EXPECT_FALSE(result->reopened);
  EXPECT_EQ(result->loss_reason, v1::LOSS_REASON_UNSPECIFIED);
  EXPECT_EQ(result->stage_model_version, 1);
}

TEST(ChangeStageTest, SkippingForwardRecordsThePassedStages) {
  const absl::StatusOr<TransitionResult> result = Apply(Facts(v1::LEAD), ChangeStageTo{v1::QUOTE});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::QUOTE);
  EXPECT_EQ(result->probability, 60);
  EXPECT_THAT(result->skipped_stages, ElementsAre(v1::DISCOVERY, v1::SOLUTION));
  EXPECT_EQ(result->furthest_stage, v1::QUOTE);
}

TEST(ChangeStageTest, MovingBackKeepsTheFurthestStage) {
  OpportunityFacts facts = Facts(v1::NEGOTIATION);
  facts.survey_completeness_bp = 0;  // no gate going back
  facts.has_decision_maker = false;
  const absl::StatusOr<TransitionResult> result = Apply(facts, ChangeStageTo{v1::DISCOVERY});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::DISCOVERY);
  EXPECT_EQ(result->probability, 20);
  EXPECT_THAT(result->skipped_stages, IsEmpty());
  EXPECT_EQ(result->furthest_stage, v1::NEGOTIATION);
}

TEST(ChangeStageTest, AnOverriddenProbabilityIsKept) {
  OpportunityFacts facts = Facts(v1::DISCOVERY);
  facts.probability = 35;
  facts.probability_overridden = true;
  const absl::StatusOr<TransitionResult> result = Apply(facts, ChangeStageTo{v1::SOLUTION});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->probability, 35);
  EXPECT_TRUE(result->probability_overridden);
}

TEST(ChangeStageTest, ForecastCategoryKeptUnlessClosedOmittedOrUnset) {
  OpportunityFacts facts = Facts(v1::DISCOVERY);
  facts.forecast_category = v1::COMMIT;
  EXPECT_EQ(Apply(facts, ChangeStageTo{v1::SOLUTION})->forecast_category, v1::COMMIT);
  facts.forecast_category = v1::BEST_CASE;
  EXPECT_EQ(Apply(facts, ChangeStageTo{v1::SOLUTION})->forecast_category, v1::BEST_CASE);
  for (v1::ForecastCategory category :
       {v1::CLOSED, v1::OMITTED, v1::FORECAST_CATEGORY_UNSPECIFIED}) {
    facts.forecast_category = category;
    EXPECT_EQ(Apply(facts, ChangeStageTo{v1::SOLUTION})->forecast_category, v1::PIPELINE)
        << v1::ForecastCategory_Name(category);
  }
}

TEST(ChangeStageTest, SameStageIsAlreadyThere) {
  const absl::Status status = Apply(Facts(v1::SOLUTION), ChangeStageTo{v1::SOLUTION}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "ALREADY_IN_STAGE");
  EXPECT_EQ(status.message(), "the opportunity is already in stage SOLUTION");
  EXPECT_EQ(status::GetErrorInfo(status)->domain(), "opportunity.crm");
}

TEST(ChangeStageTest, ClosedStagesAreForWinAndLose) {
  for (v1::Stage stage : {v1::WON, v1::LOST}) {
    const absl::Status status = Apply(Facts(v1::QUOTE), ChangeStageTo{stage}).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ViolationFields(status), ElementsAre("stage"));
  }
  const auto violations =
      status::GetFieldViolations(Apply(Facts(v1::QUOTE), ChangeStageTo{v1::WON}).status());
  EXPECT_EQ(violations[0].description(),
            "stage: WON is reached with WinOpportunity; ChangeStage takes an open stage, LEAD … "
            "NEGOTIATION");
  EXPECT_THAT(ViolationFields(Apply(Facts(v1::QUOTE), ChangeStageTo{}).status()),
              ElementsAre("stage"));
  EXPECT_THAT(
      ViolationFields(Apply(Facts(v1::QUOTE), ChangeStageTo{static_cast<v1::Stage>(9)}).status()),
      ElementsAre("stage"));
}

TEST(ChangeStageTest, AClosedOpportunityOnlyReopens) {
  for (v1::Stage closed : {v1::WON, v1::LOST}) {
    for (const StageTransition& transition :
         {StageTransition(ChangeStageTo{v1::LEAD}), StageTransition(Win{}),
          StageTransition(Lose{v1::PRICE, ""})}) {
      const absl::Status status = Apply(Facts(closed), transition).status();
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(Reason(status), "OPPORTUNITY_CLOSED");
    }
  }
  EXPECT_EQ(Apply(Facts(v1::WON), ChangeStageTo{v1::LEAD}).status().message(),
            "the opportunity is WON; only ReopenOpportunity changes the stage of a closed one");
}

TEST(StageGateTest, PassingSolutionNeedsACompleteSurvey) {
  OpportunityFacts facts = Facts(v1::SOLUTION);
  facts.survey_completeness_bp = 5714;
  const absl::Status status = Apply(facts, ChangeStageTo{v1::QUOTE}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "STAGE_GATE_NOT_MET");
  EXPECT_EQ(status.message(),
            "moving from SOLUTION to QUOTE is not possible yet: needs survey is 5714 bp "
            "complete; 10000 needed to pass SOLUTION");
  facts.survey_completeness_bp = 9999;
  EXPECT_EQ(Reason(Apply(facts, ChangeStageTo{v1::QUOTE}).status()), "STAGE_GATE_NOT_MET");
  facts.survey_completeness_bp = 10000;
  EXPECT_TRUE(Apply(facts, ChangeStageTo{v1::QUOTE}).ok());
}

TEST(StageGateTest, PassingSolutionNeedsADecisionMaker) {
  OpportunityFacts facts = Facts(v1::LEAD);
  facts.has_decision_maker = false;
  facts.survey_completeness_bp = 0;
  const absl::Status status = Apply(facts, ChangeStageTo{v1::NEGOTIATION}).status();
  EXPECT_EQ(Reason(status), "STAGE_GATE_NOT_MET");
  EXPECT_EQ(status.message(),
            "moving from LEAD to NEGOTIATION is not possible yet: needs survey is 0 bp complete; "
            "10000 needed to pass SOLUTION; no DECISION_MAKER in the buying committee");
  const auto info = status::GetErrorInfo(status);
  EXPECT_EQ(info->metadata().at("surveyCompletenessBp"), "0");
  EXPECT_EQ(info->metadata().at("minSurveyCompletenessBp"), "10000");
  EXPECT_EQ(info->metadata().at("hasDecisionMaker"), "false");
  EXPECT_EQ(info->metadata().at("to"), "NEGOTIATION");
}

TEST(StageGateTest, OnlyPassingSolutionIsGated) {
  OpportunityFacts facts = Facts(v1::LEAD);
  facts.has_decision_maker = false;
  facts.survey_completeness_bp = 0;
  EXPECT_TRUE(Apply(facts, ChangeStageTo{v1::SOLUTION}).ok());  // up to SOLUTION
  facts.stage = v1::QUOTE;
  EXPECT_TRUE(Apply(facts, ChangeStageTo{v1::NEGOTIATION}).ok());  // already past it
  EXPECT_TRUE(Apply(facts, Win{}).ok());
  EXPECT_TRUE(Apply(facts, Lose{v1::PRICE, ""}).ok());
  facts.stage = v1::SOLUTION;
  EXPECT_EQ(Reason(Apply(facts, Win{}).status()), "STAGE_GATE_NOT_MET");
}

TEST(StageGateTest, TheModelConfiguresTheGates) {
  StageModel model = DefaultStageModel();
  model.min_survey_completeness_bp = 0;
  model.require_decision_maker = false;
  OpportunityFacts facts = Facts(v1::DISCOVERY);
  facts.has_decision_maker = false;
  facts.survey_completeness_bp = 0;
  EXPECT_TRUE(ApplyTransition(facts, ChangeStageTo{v1::QUOTE}, kSeller, model).ok());
  model.min_survey_completeness_bp = 5000;
  facts.survey_completeness_bp = 5714;
  EXPECT_TRUE(ApplyTransition(facts, ChangeStageTo{v1::QUOTE}, kSeller, model).ok());
  model.require_decision_maker = true;
  const absl::Status status =
      ApplyTransition(facts, ChangeStageTo{v1::QUOTE}, kSeller, model).status();
  EXPECT_EQ(status.message(),
            "moving from DISCOVERY to QUOTE is not possible yet: no DECISION_MAKER in the buying "
            "committee");
}

TEST(StageModelVersionTest, NewProbabilitiesApplyToNewChanges) {
  StageModel model = DefaultStageModel();
  model.version = 3;
  model.probabilities[v1::SOLUTION] = 50;
  const absl::StatusOr<TransitionResult> result =
      ApplyTransition(Facts(v1::DISCOVERY), ChangeStageTo{v1::SOLUTION}, kSeller, model);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->probability, 50);
  EXPECT_EQ(result->stage_model_version, 3);
}

TEST(WinTest, ClosesAtHundredAsClosed) {
  OpportunityFacts facts = Facts(v1::NEGOTIATION);
  facts.probability = 90;
  facts.probability_overridden = true;
  facts.forecast_category = v1::COMMIT;
  const absl::StatusOr<TransitionResult> result = Apply(facts, Win{});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::WON);
  EXPECT_EQ(result->probability, 100);
  EXPECT_EQ(result->forecast_category, v1::CLOSED);
  EXPECT_THAT(result->skipped_stages, IsEmpty());
  EXPECT_EQ(result->furthest_stage, v1::WON);
}

TEST(WinTest, WonIsHundredAndLostZeroWhateverTheModelSays) {
  StageModel model = DefaultStageModel();  // not validated: built in code
  model.probabilities[v1::WON] = 90;
  model.probabilities[v1::LOST] = 10;
  EXPECT_EQ(ApplyTransition(Facts(v1::QUOTE), Win{}, kSeller, model)->probability, 100);
  EXPECT_EQ(ApplyTransition(Facts(v1::QUOTE), Lose{v1::TIMING, ""}, kSeller, model)->probability,
            0);
}

TEST(WinTest, WinningEarlySkipsTheRestOfTheOpenStages) {
  const absl::StatusOr<TransitionResult> result = Apply(Facts(v1::DISCOVERY), Win{});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->skipped_stages, ElementsAre(v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION));
}

TEST(WinTest, NeedsAnAmountAboveZeroAndACloseDate) {
  OpportunityFacts facts = Facts(v1::NEGOTIATION);
  facts.amount_minor_units = 0;
  absl::Status status = Apply(facts, Win{}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "WIN_REQUIREMENTS_NOT_MET");
  EXPECT_EQ(status.message(), "winning needs an amount above 0 (it is 0)");
  facts.has_close_date = false;
  EXPECT_EQ(Apply(facts, Win{}).status().message(),
            "winning needs an amount above 0 (it is 0) and a close date");
  facts.amount_minor_units = 1;
  EXPECT_EQ(Apply(facts, Win{}).status().message(), "winning needs a close date");
  facts.has_close_date = true;
  EXPECT_TRUE(Apply(facts, Win{}).ok());
  facts.amount_minor_units = -100;
  EXPECT_EQ(Reason(Apply(facts, Win{}).status()), "WIN_REQUIREMENTS_NOT_MET");
}

TEST(LoseTest, ClosesAtZeroAsOmittedWithTheReason) {
  OpportunityFacts facts = Facts(v1::QUOTE);
  facts.probability = 70;
  facts.probability_overridden = true;
  const absl::StatusOr<TransitionResult> result = Apply(facts, Lose{v1::COMPETITOR, "用友 won"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::LOST);
  EXPECT_EQ(result->probability, 0);
  EXPECT_EQ(result->forecast_category, v1::OMITTED);
  EXPECT_EQ(result->loss_reason, v1::COMPETITOR);
  EXPECT_EQ(result->loss_reason_text, "用友 won");
  EXPECT_EQ(result->furthest_stage, v1::QUOTE);  // LOST is not reached
  EXPECT_THAT(result->skipped_stages, IsEmpty());
}

TEST(LoseTest, NeedsAReasonAndWordsForOther) {
  absl::Status status = Apply(Facts(v1::QUOTE), Lose{}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(status), ElementsAre("loss_reason"));
  status = Apply(Facts(v1::QUOTE), Lose{v1::OTHER, "  "}).status();
  EXPECT_THAT(ViolationFields(status), ElementsAre("loss_reason_text"));
  EXPECT_EQ(status::GetFieldViolations(status)[0].description(),
            "loss_reason_text: required with OTHER; say why it was lost (up to 2000 characters)");
  EXPECT_TRUE(Apply(Facts(v1::QUOTE), Lose{v1::OTHER, "客户内部重组"}).ok());
  EXPECT_TRUE(Apply(Facts(v1::QUOTE), Lose{v1::PRICE, ""}).ok());
  EXPECT_TRUE(Apply(Facts(v1::QUOTE), Lose{v1::PRICE, std::string(2000, 'x')}).ok());
  EXPECT_THAT(
      ViolationFields(Apply(Facts(v1::QUOTE), Lose{v1::PRICE, std::string(2001, 'x')}).status()),
      ElementsAre("loss_reason_text"));
  EXPECT_THAT(
      ViolationFields(Apply(Facts(v1::QUOTE), Lose{static_cast<v1::LossReason>(99), ""}).status()),
      ElementsAre("loss_reason"));
}

TEST(ReopenTest, HqOrTheOwnerOrgUnitReopensAtAnOpenStage) {
  for (const CallerRelation& caller : {kSeller, kHq}) {
    OpportunityFacts facts = Facts(v1::LOST);
    facts.probability_overridden = true;
    const absl::StatusOr<TransitionResult> result =
        Apply(facts, Reopen{v1::DISCOVERY, "客户重新启动采购"}, caller);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->stage, v1::DISCOVERY);
    EXPECT_EQ(result->probability, 20);
    EXPECT_FALSE(result->probability_overridden);
    EXPECT_EQ(result->forecast_category, v1::PIPELINE);
    EXPECT_TRUE(result->reopened);
    EXPECT_EQ(result->furthest_stage, v1::DISCOVERY);
    EXPECT_EQ(result->loss_reason, v1::LOSS_REASON_UNSPECIFIED);
    EXPECT_THAT(result->skipped_stages, IsEmpty());
  }
}

TEST(ReopenTest, AWonOneKeepsWonAsItsFurthestStage) {
  const absl::StatusOr<TransitionResult> result =
      Apply(Facts(v1::WON), Reopen{v1::NEGOTIATION, "contract fell through"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stage, v1::NEGOTIATION);
  EXPECT_EQ(result->probability, 80);
  EXPECT_EQ(result->furthest_stage, v1::WON);
}

TEST(ReopenTest, OthersMayNot) {
  const absl::Status status = Apply(Facts(v1::WON), Reopen{v1::QUOTE, "why"}, kOtherUnit).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(status), "REOPEN_NOT_PERMITTED");
}

TEST(ReopenTest, OnlyClosedOpportunities) {
  const absl::Status status = Apply(Facts(v1::QUOTE), Reopen{v1::LEAD, "why"}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "OPPORTUNITY_NOT_CLOSED");
  EXPECT_EQ(status.message(),
            "only a WON or LOST opportunity can be reopened; this one is open in "
            "QUOTE");
}

TEST(ReopenTest, NeedsAnOpenStageAndAReason) {
  absl::Status status = Apply(Facts(v1::LOST), Reopen{v1::WON, ""}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationFields(status), ElementsAre("stage", "reason"));
  EXPECT_EQ(status::GetFieldViolations(status)[0].description(),
            "stage: WON is reached with WinOpportunity; ReopenOpportunity takes an open stage, "
            "LEAD … NEGOTIATION");
  EXPECT_EQ(status::GetFieldViolations(status)[1].description(),
            "reason: required (1-2000 characters)");
  status = Apply(Facts(v1::LOST), Reopen{v1::STAGE_UNSPECIFIED, std::string(2001, 'r')}).status();
  EXPECT_THAT(ViolationFields(status), ElementsAre("stage", "reason"));
}

TEST(ReopenTest, ReopeningPastSolutionPassesTheGates) {
  OpportunityFacts facts = Facts(v1::LOST);
  facts.survey_completeness_bp = 2857;
  EXPECT_TRUE(Apply(facts, Reopen{v1::SOLUTION, "back"}).ok());
  const absl::Status status = Apply(facts, Reopen{v1::QUOTE, "back"}).status();
  EXPECT_EQ(Reason(status), "STAGE_GATE_NOT_MET");
  EXPECT_EQ(status.message(),
            "moving from LOST to QUOTE is not possible yet: needs survey is 2857 bp complete; "
            "10000 needed to pass SOLUTION");
}

TEST(ApplyTransitionTest, InvalidInputIsReportedBeforePermission) {
  const absl::Status status = Apply(Facts(v1::WON), Reopen{v1::WON, ""}, kOtherUnit).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(ApplyTransitionTest, AStoredOpportunityWithoutAStageIsInternal) {
  OpportunityFacts facts = Facts(v1::LEAD);
  facts.stage = v1::STAGE_UNSPECIFIED;
  EXPECT_EQ(Apply(facts, ChangeStageTo{v1::QUOTE}).status().code(), absl::StatusCode::kInternal);
}

TEST(DaysInStageTest, WholeDaysRoundedDown) {
  const absl::Time entered = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(DaysInStage(entered, entered), 0);
  EXPECT_EQ(DaysInStage(entered, entered + absl::Hours(23) + absl::Minutes(59)), 0);
  EXPECT_EQ(DaysInStage(entered, entered + absl::Hours(24)), 1);
  EXPECT_EQ(DaysInStage(entered, entered + absl::Hours(24 * 14) - absl::Seconds(1)), 13);
  EXPECT_EQ(DaysInStage(entered, entered + absl::Hours(24 * 14)), 14);
  EXPECT_EQ(DaysInStage(entered, entered - absl::Hours(48)), 0);  // clock skew
  EXPECT_EQ(DaysInStage(entered, absl::InfiniteFuture()), std::numeric_limits<int>::max());
}

}  // namespace
}  // namespace crm::opportunity
