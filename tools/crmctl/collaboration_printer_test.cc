#include "tools/crmctl/collaboration_printer.h"

#include <stdlib.h>

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;
using ::testing::HasSubstr;
using ::testing::Not;

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

// Times print in the terminal's zone: UTC for the tests.
class CollaborationPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = getenv("TZ");
    saved_tz_ = tz == nullptr ? "" : tz;
    had_tz_ = tz != nullptr;
    setenv("TZ", "UTC", 1);
  }
  void TearDown() override {
    if (had_tz_) {
      setenv("TZ", saved_tz_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
  }

 private:
  std::string saved_tz_;
  bool had_tz_ = false;
};

v1::BoardCard Card(const std::string& id, const std::string& title, v1::Urgency urgency,
                   int64_t due_seconds, int64_t seconds_left) {
  v1::BoardCard card;
  card.set_request("collaborationRequests/" + id);
  card.set_title(title);
  card.set_customer("customers/c1");
  card.set_customer_display_name("深圳华信储能技术有限公司");
  card.set_urgency(urgency);
  card.set_step_owner("users/he.jun");
  if (due_seconds != 0) card.mutable_step_due_time()->set_seconds(due_seconds);
  card.set_seconds_left(seconds_left);
  return card;
}

TEST(CollaborationTimeLeftTest, MinutesHoursDays) {
  EXPECT_EQ(TimeLeft(59), "0m left");
  EXPECT_EQ(TimeLeft(45 * 60), "45m left");
  EXPECT_EQ(TimeLeft(2 * 3600), "2h left");
  EXPECT_EQ(TimeLeft(2 * 3600 + 30 * 60 + 59), "2h30m left");
  EXPECT_EQ(TimeLeft(3 * 86400 + 4 * 3600 + 59 * 60), "3d4h left");
  EXPECT_EQ(TimeLeft(86400), "1d left");
  EXPECT_EQ(TimeLeft(-(3600 + 20 * 60)), "overdue 1h20m");
  EXPECT_EQ(TimeLeft(-2 * 86400), "overdue 2d");
}

TEST(CollaborationShareTest, BasisPointsAsPercent) {
  EXPECT_EQ(SharePercent(4000), "40.00%");
  EXPECT_EQ(SharePercent(3334), "33.34%");
  EXPECT_EQ(SharePercent(10000), "100.00%");
  EXPECT_EQ(SharePercent(5), "0.05%");
}

TEST_F(CollaborationPrinterTest, TheBoardHasAColumnPerStepWithTheOverdueFirst) {
  v1::CollaborationBoard board;
  // 2026-12-06T08:00:00Z is 1796544000.
  v1::BoardColumn* survey = board.add_columns();
  survey->set_step(v1::TO_SURVEY);
  survey->set_count(3);
  survey->set_overdue_count(1);
  *survey->add_cards() = Card("r2", "电池梯次利用方案", v1::GENERAL, 1796544000 + 86400, 86400);
  v1::BoardCard overdue = Card("r1", "储能柜BMS告警紧急排查", v1::CRITICAL, 1796544000, -4800);
  overdue.set_response_overdue(true);
  overdue.set_escalated(true);
  *survey->add_cards() = overdue;
  v1::BoardColumn* designing = board.add_columns();
  designing->set_step(v1::DESIGNING);
  designing->set_count(1);
  v1::BoardCard design = Card("r3", "智慧园区综合能源项目", v1::URGENT, 1796544000 + 7200, 7200);
  design.set_customer_display_name("苏州华信智慧能源服务有限公司");
  design.set_step_owner("users/liu.yang");
  *designing->add_cards() = design;
  for (v1::CollaborationStep step : {v1::PENDING_APPROVAL, v1::EXECUTING, v1::DONE}) {
    board.add_columns()->set_step(step);
  }
  std::ostringstream out;
  PrintCollaborationBoard(board, out);
  EXPECT_EQ(out.str(),
            "待调研 to-survey                   方案设计中 designing                "
            "待审批 pending-approval  执行中 executing  已完成 done\n"
            "─────────────────────────────────  ──────────────────────────────────  "
            "───────────────────────  ────────────────  ───────────\n"
            "[特急] 储能柜BMS告警紧急排查       [紧急] 智慧园区综合能源项目\n"
            "深圳华信储能技术有限公司 · he.jun  苏州华信智慧能源服务有… · liu.yang\n"
            "due 12-06 08:00 overdue 1h20m      due 12-06 10:00 2h left\n"
            "unanswered, escalated\n"
            "\n"
            "电池梯次利用方案\n"
            "深圳华信储能技术有限公司 · he.jun\n"
            "due 12-07 08:00 1d left\n"
            "─────────────────────────────────  ──────────────────────────────────  "
            "───────────────────────  ────────────────  ───────────\n"
            "3 (1 overdue) +1 more              1                                   "
            "0                        0                 0\n"
            "[特急] critical, [紧急] urgent; times are to the step's due time\n");
}

TEST_F(CollaborationPrinterTest, AnAttributionShowsItsSplit) {
  v1::Attribution attribution;
  attribution.set_name("attributions/a1");
  attribution.set_state(v1::APPROVED);
  attribution.set_deal_title("风电场储能配套项目");
  *attribution.mutable_amount() = Cny(320000000);
  attribution.set_owner_org_unit("orgUnits/sub-north");
  attribution.set_policy_version(1);
  attribution.mutable_weights()->set_information_bp(2000);
  attribution.mutable_weights()->set_resources_bp(3000);
  attribution.mutable_weights()->set_participation_bp(3000);
  attribution.mutable_weights()->set_customer_evaluation_bp(2000);
  v1::Contributor* south = attribution.add_contributors();
  south->set_org_unit("orgUnits/sub-south");
  south->add_roles(v1::COLLABORATOR);
  south->add_roles(v1::REQUEST_PARTICIPANT);
  south->mutable_scores()->set_information(60);
  south->mutable_scores()->set_resources(20);
  south->mutable_scores()->set_participation(40);
  south->mutable_scores()->set_customer_evaluation(50);
  south->set_weighted_score(4000);
  south->set_share_bp(4000);
  *south->mutable_credited_amount() = Cny(128000000);
  v1::Contributor* north = attribution.add_contributors();
  north->set_org_unit("orgUnits/sub-north");
  north->add_roles(v1::DEAL_OWNER);
  north->set_weighted_score(0);
  std::ostringstream out;
  PrintAttribution(attribution, out);
  EXPECT_THAT(out.str(), HasSubstr("state:                 approved 已批准\n"));
  EXPECT_THAT(out.str(), HasSubstr("amount:                3,200,000.00 CNY (320.00万)\n"));
  EXPECT_THAT(out.str(),
              HasSubstr("weights:               information 20.00%, resources 30.00%, "
                        "participation 30.00%, customer evaluation 20.00% (policy version 1)\n"));
  EXPECT_THAT(out.str(),
              HasSubstr("sub-south  collaborator,request-participant  60    20   40    50    "
                        "40.00     40.00%  1,280,000.00 CNY (128.00万)\n"));
  // Not scored yet: dashes, not zeros.
  EXPECT_THAT(out.str(), HasSubstr("sub-north  deal-owner                        -     -    -     "
                                   "-     0.00      0.00%\n"));
}

TEST_F(CollaborationPrinterTest, APartialCreditReportSaysSo) {
  v1::CreditReport report;
  report.set_quarter("2026Q4");
  v1::CreditRow* row = report.add_rows();
  row->set_org_unit("orgUnits/sub-south");
  row->set_deals(1);
  *row->mutable_credited_amount() = Cny(128000000);
  row->set_average_share_bp(4000);
  *row->mutable_owned_amount() = Cny(0);
  *row->mutable_owned_credited_amount() = Cny(0);
  report.set_deals(1);
  *report.mutable_total_amount() = Cny(128000000);
  report.set_partial(true);
  std::ostringstream out;
  PrintCreditReport(report, out);
  EXPECT_THAT(out.str(), HasSubstr("credit of 2026Q4"));
  EXPECT_THAT(out.str(), HasSubstr("sub-south  1      1,280,000.00 CNY (128.00万)  40.00%"));
  EXPECT_THAT(out.str(), HasSubstr("total: 1,280,000.00 CNY (128.00万)\n"));
  EXPECT_THAT(out.str(), HasSubstr("Partial: only the org units in your scope"));
  EXPECT_THAT(out.str(), Not(HasSubstr("add up")));
}

TEST_F(CollaborationPrinterTest, TheSlaPolicyCountsInHoursAndWorkingDays) {
  v1::SlaPolicy policy;
  policy.set_version(2);
  policy.set_etag("\"2\"");
  v1::SlaRule* critical = policy.add_rules();
  critical->set_urgency(v1::CRITICAL);
  critical->set_response_hours(1);
  critical->set_step_working_days(1);
  v1::SlaRule* general = policy.add_rules();
  general->set_urgency(v1::GENERAL);
  general->set_response_working_days(3);
  general->set_step_working_days(5);
  std::ostringstream out;
  PrintSlaPolicy(policy, out);
  EXPECT_THAT(out.str(), HasSubstr("URGENCY        ANSWER_WITHIN   STEP_TAKES\n"
                                   "critical 特急  1 hour          1 working day\n"
                                   "general 一般   3 working days  5 working days\n"));
  EXPECT_THAT(out.str(), HasSubstr("version: 2\n"));
}

TEST_F(CollaborationPrinterTest, AnUnscoredAttributionListsNoSplit) {
  v1::ListAttributionsResponse response;
  v1::Attribution* draft = response.add_attributions();
  draft->set_name("attributions/a2");
  draft->set_state(v1::DRAFT);
  draft->add_contributors()->set_org_unit("orgUnits/east-ka");
  v1::Attribution* approved = response.add_attributions();
  approved->set_name("attributions/a1");
  approved->set_state(v1::APPROVED);
  for (auto [org_unit, share] :
       {std::pair{"orgUnits/sub-north", 6000}, std::pair{"orgUnits/sub-south", 4000}}) {
    v1::Contributor* contributor = approved->add_contributors();
    contributor->set_org_unit(org_unit);
    contributor->set_share_bp(share);
  }
  std::ostringstream out;
  PrintAttributionList(response, out);
  EXPECT_THAT(out.str(), HasSubstr("a2  draft\n"));
  EXPECT_THAT(out.str(), HasSubstr("a1  approved"));
  EXPECT_THAT(out.str(), HasSubstr("  sub-north 60.00%, sub-south 40.00%\n"));
}

TEST_F(CollaborationPrinterTest, TheTimelineShowsStepChanges) {
  v1::ListCollaborationTimelineResponse response;
  v1::TimelineEntry* entry = response.add_entries();
  entry->set_kind(v1::TimelineEntry::STEP_CHANGED);
  entry->set_actor("users/liu.yang");
  entry->mutable_create_time()->set_seconds(1796544000);
  entry->set_previous_step(v1::TO_SURVEY);
  entry->set_step(v1::DESIGNING);
  entry->set_comment("调研完成");
  v1::TimelineEntry* breach = response.add_entries();
  breach->set_kind(v1::TimelineEntry::SLA_BREACHED);
  breach->set_actor("system");
  breach->mutable_create_time()->set_seconds(1796544060);
  std::ostringstream out;
  PrintTimeline(response, out);
  EXPECT_THAT(out.str(), HasSubstr("2026-12-06T08:00:00+00:00  liu.yang  step-changed  "
                                   "to-survey → designing  调研完成\n"));
  EXPECT_THAT(out.str(), HasSubstr("2026-12-06T08:01:00+00:00  system    sla-breached\n"));
}

}  // namespace
}  // namespace crm::crmctl
