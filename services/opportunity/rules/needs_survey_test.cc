#include "services/opportunity/rules/needs_survey.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kField[] = "opportunity.needs_survey";

common::v1::Money Cny(int64_t fen, std::string currency = "CNY") {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(fen);
  return money;
}

v1::NeedsSurvey FullSurvey() {
  v1::NeedsSurvey survey;
  survey.set_background("华信能源集团 is consolidating the ERP of its three subsidiaries");
  survey.set_goals("One finance close for the group");
  *survey.mutable_budget_min() = Cny(100000000);
  *survey.mutable_budget_max() = Cny(300000000);
  survey.set_timeline("Go-live before 2027-06");
  survey.set_decision_process("CFO decides, IT director can veto");
  survey.add_competitors("用友");
  survey.add_pain_points("Month-end close takes 12 days");
  return survey;
}

std::vector<std::string> Problems(const v1::NeedsSurvey& survey) {
  status::FieldViolations violations;
  ValidateNeedsSurvey(survey, kField, violations);
  return status::testing::Descriptions(violations);
}

TEST(SurveyCompletenessTest, AllSevenPartsAreTenThousand) {
  EXPECT_EQ(SurveyCompletenessBp(FullSurvey()), 10000);
  EXPECT_EQ(SurveyCompletenessBp(v1::NeedsSurvey()), 0);
}

TEST(SurveyCompletenessTest, PartsRoundDown) {
  // k × 10000 / 7, rounded down: 1428, 2857, 4285, 5714, 7142, 8571.
  v1::NeedsSurvey survey;
  survey.set_background("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 1428);
  survey.set_goals("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 2857);
  survey.set_timeline("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 4285);
  survey.set_decision_process("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 5714);
  survey.add_competitors("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 7142);
  survey.add_pain_points("x");
  EXPECT_EQ(SurveyCompletenessBp(survey), 8571);
  *survey.mutable_budget_max() = Cny(1);
  EXPECT_EQ(SurveyCompletenessBp(survey), 10000);
}

TEST(SurveyCompletenessTest, BudgetCountsOnlyWithAMaximumAboveZero) {
  v1::NeedsSurvey survey = FullSurvey();
  survey.mutable_budget_max()->set_minor_units(0);
  EXPECT_EQ(SurveyCompletenessBp(survey), 8571);
  survey.clear_budget_max();
  EXPECT_EQ(SurveyCompletenessBp(survey), 8571);  // budget_min alone does not count
}

TEST(SurveyCompletenessTest, BlankTextAndBlankListsDoNotCount) {
  v1::NeedsSurvey survey = FullSurvey();
  survey.set_background(" \u3000\n");
  survey.clear_pain_points();
  survey.add_pain_points(" ");
  EXPECT_EQ(SurveyCompletenessBp(survey), 7142);
}

TEST(ValidateNeedsSurveyTest, AFullSurveyAndAnEmptyOneAreValid) {
  EXPECT_THAT(Problems(FullSurvey()), IsEmpty());
  EXPECT_THAT(Problems(v1::NeedsSurvey()), IsEmpty());
}

TEST(ValidateNeedsSurveyTest, TextLengths) {
  v1::NeedsSurvey survey;
  survey.set_background(std::string(2000, 'a'));
  survey.set_goals(std::string(2000, 'a'));
  survey.set_decision_process(std::string(2000, 'a'));
  survey.set_timeline(std::string(500, 'a'));
  EXPECT_THAT(Problems(survey), IsEmpty());
  survey.set_background(std::string(2001, 'a'));
  survey.set_goals(std::string(2001, 'a'));
  survey.set_decision_process(std::string(2001, 'a'));
  survey.set_timeline(std::string(501, 'a'));
  EXPECT_THAT(
      Problems(survey),
      ElementsAre("opportunity.needs_survey.background: at most 2000 characters, got 2001",
                  "opportunity.needs_survey.goals: at most 2000 characters, got 2001",
                  "opportunity.needs_survey.timeline: at most 500 characters, got 501",
                  "opportunity.needs_survey.decision_process: at most 2000 characters, got 2001"));
}

TEST(ValidateNeedsSurveyTest, ListsAreBoundedAndItemsNotBlank) {
  v1::NeedsSurvey survey;
  for (int i = 0; i < 20; ++i) survey.add_competitors("c");
  survey.add_pain_points("");
  survey.add_pain_points(std::string(501, 'p'));
  status::FieldViolations violations;
  ValidateNeedsSurvey(survey, kField, violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("opportunity.needs_survey.pain_points[0]",
                          "opportunity.needs_survey.pain_points[1]"));
  survey.add_competitors("c");
  EXPECT_THAT(Problems(survey),
              ElementsAre("opportunity.needs_survey.competitors: 21 values given; at most 20",
                          "opportunity.needs_survey.pain_points[0]: required (1-500 characters)",
                          "opportunity.needs_survey.pain_points[1]: at most 500 characters, got "
                          "501"));
}

TEST(ValidateNeedsSurveyTest, BudgetRange) {
  v1::NeedsSurvey survey = FullSurvey();
  *survey.mutable_budget_min() = Cny(500);
  *survey.mutable_budget_max() = Cny(500);
  EXPECT_THAT(Problems(survey), IsEmpty());  // min = max is a range
  *survey.mutable_budget_max() = Cny(499);
  EXPECT_THAT(Problems(survey),
              ElementsAre("opportunity.needs_survey.budget_max: 499 is below budget_min's 500"));
  *survey.mutable_budget_max() = Cny(900, "USD");
  EXPECT_THAT(Problems(survey),
              ElementsAre("opportunity.needs_survey.budget_max.currency_code: USD differs from "
                          "budget_min's CNY; give the budget range in one currency"));
}

TEST(ValidateNeedsSurveyTest, BudgetIsValidMoneyAndNotNegative) {
  v1::NeedsSurvey survey;
  *survey.mutable_budget_min() = Cny(-1);
  *survey.mutable_budget_max() = Cny(100, "");
  status::FieldViolations violations;
  ValidateNeedsSurvey(survey, kField, violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("opportunity.needs_survey.budget_min.minor_units",
                          "opportunity.needs_survey.budget_max.currency_code"));
  // Either end alone is fine.
  survey.clear_budget_min();
  *survey.mutable_budget_max() = Cny(100);
  EXPECT_THAT(Problems(survey), IsEmpty());
}

}  // namespace
}  // namespace crm::opportunity
