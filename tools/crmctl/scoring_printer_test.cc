#include "tools/crmctl/scoring_printer.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ScoringPrinterTest, TiersAndRisksAreColouredOnlyWhenAsked) {
  EXPECT_EQ(TierText(v1::TIER_A, false), "A");
  EXPECT_EQ(TierText(v1::TIER_A, true), "\033[1;35mA\033[0m");
  EXPECT_EQ(TierText(v1::TIER_C, true), "C");
  EXPECT_EQ(RiskText(v1::RISK_HIGH, false), "high 高");
  EXPECT_EQ(RiskText(v1::RISK_HIGH, true), "\033[31mhigh 高\033[0m");
  EXPECT_EQ(RiskText(v1::RISK_LOW, true), "\033[32mlow 低\033[0m");
  EXPECT_EQ(RiskText(v1::RISK_LEVEL_UNSPECIFIED, true), "");
}

TEST(ScoringPrinterTest, TheTreeIsIndentedByDepth) {
  v1::GroupOverview overview;
  v1::GroupOverviewNode* root = overview.add_nodes();
  root->set_node("nodes/1");
  root->set_display_name("上海华信能源集团有限公司");
  root->set_customer("customers/c1");
  root->set_tier(v1::TIER_A);
  root->set_risk(v1::RISK_MEDIUM);
  root->set_health_score(70);
  v1::GroupOverviewNode* department = overview.add_nodes();
  department->set_node("nodes/2");
  department->set_depth(1);
  v1::GroupOverviewNode* unscored = overview.add_nodes();
  unscored->set_node("nodes/3");
  unscored->set_depth(2);
  unscored->set_display_name("华信售电（杭州）有限公司");
  unscored->set_customer("customers/c7");
  EXPECT_EQ(GroupTreeText(overview, false, -1),
            "上海华信能源集团有限公司  [tier A; medium 中 risk, health 70.0]\n"
            "  nodes/2  [department]\n"
            "    华信售电（杭州）有限公司  [not scored yet]\n");
  EXPECT_EQ(GroupTreeText(overview, false, 1),
            "上海华信能源集团有限公司  [tier A; medium 中 risk, health 70.0]\n"
            "  nodes/2  [department]\n"
            "… 1 node below depth 1 not shown\n");
}

TEST(ScoringPrinterTest, ScorecardsAreRankedWithTheirComponents) {
  v1::ListScorecardsResponse response;
  v1::Scorecard* scorecard = response.add_scorecards();
  scorecard->set_name("orgUnits/sub-east/scorecards/2026Q4");
  scorecard->set_total(81.5);
  v1::ScorecardComponent* sales = scorecard->add_components();
  sales->set_component("sales_result");
  sales->set_weight_bp(6000);
  sales->set_score(82);
  sales->set_points(49.2);
  sales->set_explanation("won 9,840,000.00 of a 12,000,000.00 target (82%)");
  v1::ScorecardInput* won = sales->add_inputs();
  won->set_name("won_amount");
  won->set_value(984000000);
  won->set_unit("fen");
  v1::ScorecardComponent* satisfaction = scorecard->add_components();
  satisfaction->set_component("customer_satisfaction");
  satisfaction->set_weight_bp(1000);
  satisfaction->set_score(40);
  satisfaction->set_points(4);
  std::ostringstream out;
  PrintScorecardList(response, out);
  EXPECT_THAT(out.str(), HasSubstr("1     sub-east  81.5   82.0"));
  EXPECT_THAT(out.str(), HasSubstr("40.0"));
  EXPECT_THAT(out.str(),
              HasSubstr("sales_result 82.0 × 60.00% = 49.2: won 9,840,000.00 of a 12,000,000.00 "
                        "target (82%) (won_amount 9,840,000.00 CNY (984.00万))"));
}

TEST(ScoringPrinterTest, RebuildProgressInWords) {
  v1::FactsRebuild rebuild;
  rebuild.set_state(v1::FactsRebuild::RUNNING);
  rebuild.set_customers_total(5000);
  rebuild.set_customers_done(1200);
  EXPECT_EQ(RebuildProgress(rebuild), "running: 1,200 of 5,000 customers (24%)");
  rebuild.set_customers_total(0);
  rebuild.set_customers_done(0);
  EXPECT_EQ(RebuildProgress(rebuild), "running: 0 of 0 customers");
}

TEST(ScoringPrinterTest, AWarningWithoutAPlanSaysHowToRecordOne) {
  v1::ChurnWarning warning;
  warning.set_name("churnWarnings/w1");
  warning.set_state(v1::ChurnWarning::OPEN);
  warning.add_reasons("contract 集团总部大楼能源托管服务合同 ends in 40 days without a renewal");
  std::ostringstream out;
  PrintChurnWarning(warning, out);
  EXPECT_THAT(out.str(), HasSubstr("none yet (crmctl risk plan)"));
  EXPECT_THAT(out.str(), HasSubstr("ends in 40 days without a renewal"));
  EXPECT_THAT(out.str(), Not(HasSubstr("outcome")));
}

TEST(ScoringPrinterTest, AWarningRowShowsItsThreeHeaviestReasons) {
  v1::ListChurnWarningsResponse response;
  v1::ChurnWarning* warning = response.add_churn_warnings();
  warning->set_name("churnWarnings/w1");
  for (const char* reason : {"r1", "r2", "r3", "r4", "r5"}) warning->add_reasons(reason);
  std::ostringstream out;
  PrintChurnWarningList(response, out);
  EXPECT_THAT(out.str(), HasSubstr("r1; r2; r3; +2 more"));
  EXPECT_THAT(out.str(), Not(HasSubstr("r4")));
}

}  // namespace
}  // namespace crm::crmctl
