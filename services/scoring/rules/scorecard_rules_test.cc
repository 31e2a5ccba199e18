#include "services/scoring/rules/scorecard_rules.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::scoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kYuan = 100;  // fen

std::vector<std::string> Descriptions(const status::FieldViolations& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations.bad_request().field_violations()) out.push_back(v.description());
  return out;
}

std::map<std::string, double> Inputs(const v1::ScorecardComponent& component) {
  std::map<std::string, double> inputs;
  for (const v1::ScorecardInput& input : component.inputs()) inputs[input.name()] = input.value();
  return inputs;
}

TEST(FormatYuanTest, GroupsThousandsWithoutTheCurrency) {
  EXPECT_EQ(FormatYuan(820000000), "8,200,000.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(0), "0.00");
}

TEST(SalesResultTest, WonAndCreditedAgainstTheTarget) {
  const v1::ScorecardComponent c = ScoreSalesResult({.target_minor = 10'000'000 * kYuan,
                                                     .won_minor = 8'200'000 * kYuan,
                                                     .credited_minor = 1'200'000 * kYuan},
                                                    6000, "2026Q4");
  EXPECT_EQ(c.component(), "sales_result");
  EXPECT_EQ(c.weight_bp(), 6000);
  EXPECT_DOUBLE_EQ(c.score(), 94);
  EXPECT_DOUBLE_EQ(c.points(), 56.4);
  EXPECT_EQ(c.explanation(),
            "won 8,200,000.00 of a 10,000,000.00 target (82%) plus 1,200,000.00 credited: 94% "
            "of the target");
  const auto inputs = Inputs(c);
  EXPECT_DOUBLE_EQ(inputs.at("target"), 1'000'000'000.0);
  EXPECT_DOUBLE_EQ(inputs.at("won_amount"), 820'000'000.0);
  EXPECT_DOUBLE_EQ(inputs.at("credited_amount"), 120'000'000.0);
  EXPECT_DOUBLE_EQ(inputs.at("achievement"), 94);
}

TEST(SalesResultTest, AboveTheTargetIsCappedAtFullMarks) {
  const v1::ScorecardComponent c = ScoreSalesResult(
      {.target_minor = 1'000 * kYuan, .won_minor = 1'500 * kYuan, .credited_minor = 0}, 6000,
      "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 100);
  EXPECT_DOUBLE_EQ(c.points(), 60);
  EXPECT_DOUBLE_EQ(Inputs(c).at("achievement"), 150);
  EXPECT_THAT(c.explanation(), HasSubstr("(150%)"));
}

TEST(SalesResultTest, NoTargetScoresZeroAndSaysSo) {
  const v1::ScorecardComponent c =
      ScoreSalesResult({.won_minor = 8'200'000 * kYuan, .credited_minor = 0}, 6000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 0);
  EXPECT_DOUBLE_EQ(c.points(), 0);
  EXPECT_EQ(c.explanation(),
            "no sales target set for 2026Q4: won 8,200,000.00 plus 0.00 credited, not scored");
  EXPECT_EQ(Inputs(c).count("target"), 0u);
}

TEST(SalesResultTest, AZeroTargetIsMet) {
  const v1::ScorecardComponent c =
      ScoreSalesResult({.target_minor = 0, .won_minor = 0, .credited_minor = 0}, 6000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 100);
  EXPECT_THAT(c.explanation(), HasSubstr("a zero target is met"));
}

TEST(SalesResultTest, CreditedUnavailableIsNamedAndTheWonAmountScored) {
  const v1::ScorecardComponent c =
      ScoreSalesResult({.target_minor = 10'000 * kYuan,
                        .won_minor = 5'000 * kYuan,
                        .credited_unavailable = {"the collaboration service did not answer"}},
                       6000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 50);
  EXPECT_EQ(c.explanation(),
            "won 5,000.00 of a 10,000.00 target (50%); credited amount not available (the "
            "collaboration service did not answer)");
  EXPECT_EQ(Inputs(c).count("credited_amount"), 0u);
}

TEST(SalesResultTest, WonUnavailableIsNamedAndTheCreditScored) {
  const v1::ScorecardComponent c =
      ScoreSalesResult({.target_minor = 10'000 * kYuan,
                        .won_unavailable = {"the opportunity service did not answer"},
                        .credited_minor = 2'500 * kYuan},
                       6000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 25);
  EXPECT_EQ(c.explanation(),
            "won amount not available (the opportunity service did not answer); 2,500.00 "
            "credited of a 10,000.00 target (25%)");
  EXPECT_EQ(Inputs(c).count("won_amount"), 0u);
}

TEST(SalesResultTest, NothingAvailableScoresZero) {
  const v1::ScorecardComponent c =
      ScoreSalesResult({.target_minor = 10'000 * kYuan,
                        .won_unavailable = {"the opportunity service did not answer"},
                        .credited_unavailable = {"the collaboration service did not answer"}},
                       6000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 0);
  EXPECT_THAT(c.explanation(), HasSubstr("won amount not available"));
  EXPECT_THAT(c.explanation(), HasSubstr("credited amount not available"));
  EXPECT_THAT(c.explanation(), HasSubstr("nothing to score against the 10,000.00 target"));
}

TEST(DataCompletenessTest, TheAverageIsTheScore) {
  const v1::ScorecardComponent c =
      ScoreDataCompleteness({.customers = 42, .average_completeness = 87.5}, 1500);
  EXPECT_EQ(c.component(), "data_completeness");
  EXPECT_DOUBLE_EQ(c.score(), 87.5);
  EXPECT_DOUBLE_EQ(c.points(), 13.13);  // 13.125 rounded
  EXPECT_EQ(c.explanation(), "the 42 customers owned are 87.5% complete on average");
  EXPECT_DOUBLE_EQ(Inputs(c).at("customers"), 42);
  EXPECT_DOUBLE_EQ(Inputs(c).at("average_completeness"), 87.5);
}

TEST(DataCompletenessTest, NoCustomersOrNoAnswerScoresZero) {
  const v1::ScorecardComponent none =
      ScoreDataCompleteness({.customers = 0, .average_completeness = 0}, 1500);
  EXPECT_DOUBLE_EQ(none.score(), 0);
  EXPECT_EQ(none.explanation(), "owns no live customers: nothing to measure");

  const v1::ScorecardComponent missing =
      ScoreDataCompleteness({.unavailable = {"the customer service did not answer"}}, 1500);
  EXPECT_DOUBLE_EQ(missing.score(), 0);
  EXPECT_EQ(missing.inputs_size(), 0);
  EXPECT_EQ(missing.explanation(),
            "customer data completeness not available (the customer service did not answer): "
            "nothing to score");
}

TEST(ProcessComplianceTest, TheMeanOfTheMeasuresThatCanBeHad) {
  const v1::ScorecardComponent c = ScoreProcessCompliance(
      {.opportunities_open = 40,
       .follow_ups_overdue = 2,
       .requests_sla_met = 9,
       .requests_sla_breached = 1,
       .approvals_unavailable = {"the contract service keeps no approval deadline"}},
      1500);
  EXPECT_EQ(c.component(), "process_compliance");
  EXPECT_DOUBLE_EQ(c.score(), 92.5);  // (95 + 90) / 2
  EXPECT_DOUBLE_EQ(c.points(), 13.88);
  EXPECT_EQ(c.explanation(),
            "38 of 40 open opportunities without an overdue follow-up (95%); 9 of 10 "
            "collaboration requests answered within the SLA (90%); contract approvals in time "
            "not available (the contract service keeps no approval deadline): the mean of 2 "
            "measures");
  const auto inputs = Inputs(c);
  EXPECT_DOUBLE_EQ(inputs.at("opportunities_open"), 40);
  EXPECT_DOUBLE_EQ(inputs.at("follow_ups_overdue"), 2);
  EXPECT_DOUBLE_EQ(inputs.at("requests_sla_met"), 9);
  EXPECT_DOUBLE_EQ(inputs.at("requests_sla_breached"), 1);
  EXPECT_EQ(inputs.count("approvals_in_time"), 0u);
}

TEST(ProcessComplianceTest, ApprovalsCountWhenGiven) {
  const v1::ScorecardComponent c = ScoreProcessCompliance({.opportunities_open = 4,
                                                           .follow_ups_overdue = 0,
                                                           .requests_sla_met = 0,
                                                           .requests_sla_breached = 0,
                                                           .approvals_in_time = 1,
                                                           .approvals_decided = 2},
                                                          1500);
  EXPECT_DOUBLE_EQ(c.score(), 75);  // (100 + 50) / 2; no requests due
  EXPECT_THAT(c.explanation(), HasSubstr("no collaboration requests due"));
  EXPECT_THAT(c.explanation(), HasSubstr("1 of 2 contract approvals in time (50%)"));
}

TEST(ProcessComplianceTest, AMissingPeerIsNamedAndTheRestScored) {
  const v1::ScorecardComponent c = ScoreProcessCompliance(
      {.follow_ups_unavailable = {"the opportunity service did not answer"},
       .requests_sla_met = 3,
       .requests_sla_breached = 1,
       .approvals_unavailable = {"the contract service keeps no approval deadline"}},
      1500);
  EXPECT_DOUBLE_EQ(c.score(), 75);
  EXPECT_THAT(c.explanation(),
              HasSubstr("follow-ups not available (the opportunity service did not answer)"));
  EXPECT_THAT(c.explanation(), Not(HasSubstr("the mean of")));
}

TEST(ProcessComplianceTest, NothingToMeasureScoresZero) {
  const v1::ScorecardComponent c = ScoreProcessCompliance(
      {.opportunities_open = 0,
       .follow_ups_overdue = 0,
       .requests_sla_met = 0,
       .requests_sla_breached = 0,
       .approvals_unavailable = {"the contract service keeps no approval deadline"}},
      1500);
  EXPECT_DOUBLE_EQ(c.score(), 0);
  EXPECT_EQ(c.explanation(),
            "no open opportunities; no collaboration requests due; contract approvals in time "
            "not available (the contract service keeps no approval deadline): nothing to "
            "measure");
}

TEST(CustomerSatisfactionTest, TheMeanTimesTen) {
  const v1::ScorecardComponent c =
      ScoreCustomerSatisfaction({.answers = 3, .mean_score = 25.0 / 3}, 1000, "2026Q4");
  EXPECT_EQ(c.component(), "customer_satisfaction");
  EXPECT_DOUBLE_EQ(c.score(), 83.33);
  EXPECT_DOUBLE_EQ(c.points(), 8.33);
  EXPECT_EQ(c.explanation(), "3 survey answers for 2026Q4 averaging 8.3 of 10");
  EXPECT_DOUBLE_EQ(Inputs(c).at("survey_answers"), 3);
  EXPECT_DOUBLE_EQ(Inputs(c).at("mean_score"), 8.33);
}

TEST(CustomerSatisfactionTest, NoAnswersScoresZero) {
  const v1::ScorecardComponent c = ScoreCustomerSatisfaction({}, 1000, "2026Q4");
  EXPECT_DOUBLE_EQ(c.score(), 0);
  EXPECT_EQ(c.explanation(), "no survey answers for 2026Q4 from the customers owned");
}

TEST(ScorecardTotalTest, SumsThePoints) {
  v1::Scorecard scorecard;
  *scorecard.add_components() = ScoreSalesResult(
      {.target_minor = 10'000 * kYuan, .won_minor = 10'000 * kYuan, .credited_minor = 0}, 6000,
      "2026Q4");
  *scorecard.add_components() =
      ScoreDataCompleteness({.customers = 2, .average_completeness = 80}, 1500);
  *scorecard.add_components() = ScoreProcessCompliance({.opportunities_open = 2,
                                                        .follow_ups_overdue = 1,
                                                        .requests_sla_met = 0,
                                                        .requests_sla_breached = 0},
                                                       1500);
  *scorecard.add_components() =
      ScoreCustomerSatisfaction({.answers = 1, .mean_score = 9}, 1000, "2026Q4");
  // 60 + 12 + 7.5 + 9
  EXPECT_DOUBLE_EQ(ScorecardTotal(scorecard), 88.5);
}

TEST(ScorecardWeightsTest, MustSumToTenThousand) {
  v1::ScorecardWeights weights;
  weights.set_sales_result_bp(6000);
  weights.set_data_completeness_bp(1500);
  weights.set_process_compliance_bp(1500);
  weights.set_customer_satisfaction_bp(1000);
  status::FieldViolations ok;
  ValidateScorecardWeights(weights, "scoring_policy.scorecard_weights", ok);
  EXPECT_TRUE(ok.empty());

  weights.set_customer_satisfaction_bp(0);
  status::FieldViolations short_sum;
  ValidateScorecardWeights(weights, "scoring_policy.scorecard_weights", short_sum);
  EXPECT_THAT(Descriptions(short_sum),
              ElementsAre("scoring_policy.scorecard_weights: the weights sum to 9,000 basis "
                          "points; they must sum to 10,000 (100%)"));

  weights.set_customer_satisfaction_bp(-1);
  status::FieldViolations negative;
  ValidateScorecardWeights(weights, "w", negative);
  EXPECT_THAT(Descriptions(negative),
              ElementsAre("w.customer_satisfaction_bp: must be 0-10,000 basis points, got -1"));
}

}  // namespace
}  // namespace crm::scoring
