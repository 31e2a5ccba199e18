#include "tools/crmctl/scoring_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/command_line.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;
using ::testing::HasSubstr;

// The message of the usage error `request` must be.
template <typename Request>
std::string UsageMessage(const absl::StatusOr<Request>& request) {
  EXPECT_FALSE(request.ok());
  if (request.ok()) return "";
  EXPECT_TRUE(IsUsageError(request.status())) << request.status();
  return std::string(request.status().message());
}

TEST(ScoringRequestsTest, CustomerOverviewTakesAnIdOrAName) {
  absl::StatusOr<v1::GetCustomerOverviewRequest> request =
      BuildGetCustomerOverview(Parse({"customer", "overview", "c1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->customer(), "customers/c1");
  request = BuildGetCustomerOverview(Parse({"customer", "overview", "customers/c2"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->customer(), "customers/c2");
  EXPECT_THAT(UsageMessage(BuildGetCustomerOverview(Parse({"customer", "overview", "nodes/7"}))),
              HasSubstr("is not a customer id"));
}

TEST(ScoringRequestsTest, GroupOverviewTakesANodeAndLimits) {
  absl::StatusOr<v1::GetGroupOverviewRequest> request = BuildGetGroupOverview(
      Parse({"group", "overview", "nodes/17", "--nodes", "500", "--at-risk", "5"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->node(), "nodes/17");
  EXPECT_EQ(request->node_limit(), 500);
  EXPECT_EQ(request->at_risk_limit(), 5);
  request = BuildGetGroupOverview(Parse({"group", "overview", "17"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->node(), "nodes/17");
  EXPECT_EQ(request->node_limit(), 0);
  EXPECT_EQ(
      UsageMessage(BuildGetGroupOverview(Parse({"group", "overview", "17", "--nodes", "5001"}))),
      "--nodes: \"5001\" is not a number of nodes 0-5000");
  EXPECT_THAT(UsageMessage(BuildGetGroupOverview(Parse({"group", "overview", "customers/c1"}))),
              HasSubstr("is not a node id"));
}

TEST(ScoringRequestsTest, AtRiskCustomersNarrowing) {
  absl::StatusOr<v1::ListAtRiskCustomersRequest> request =
      BuildListAtRiskCustomers(Parse({"risk", "customers", "--min-risk", "medium", "--org-unit",
                                      "sub-east", "--group", "nodes/3", "--page-size", "20"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->min_risk(), v1::RISK_MEDIUM);
  EXPECT_EQ(request->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(request->group(), "nodes/3");
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_EQ(UsageMessage(BuildListAtRiskCustomers(Parse({"risk", "customers", "--min-risk", "x"}))),
            "--min-risk: unknown value \"x\"; use one of low|medium|high");
}

TEST(ScoringRequestsTest, WarningsAreOpenByDefaultOnTheServer) {
  absl::StatusOr<v1::ListChurnWarningsRequest> request =
      BuildListChurnWarnings(Parse({"risk", "list"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->state(), v1::ChurnWarning::STATE_UNSPECIFIED);
  request = BuildListChurnWarnings(
      Parse({"risk", "list", "--state", "cleared", "--org-unit", "orgUnits/sub-north"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->state(), v1::ChurnWarning::CLEARED);
  EXPECT_EQ(request->owner_org_unit(), "orgUnits/sub-north");
}

TEST(ScoringRequestsTest, RemindersAskForOpenWarnings) {
  v1::ListChurnWarningsRequest request = BuildReminderWarnings(Parse({"reminders"}));
  EXPECT_EQ(request.state(), v1::ChurnWarning::OPEN);
  EXPECT_EQ(request.owner_org_unit(), "");
  request = BuildReminderWarnings(Parse({"reminders", "--org-unit", "sub-east"}));
  EXPECT_EQ(request.owner_org_unit(), "orgUnits/sub-east");
}

TEST(ScoringRequestsTest, RetentionPlanAndOutcome) {
  absl::StatusOr<v1::RecordRetentionPlanRequest> plan = BuildRecordRetentionPlan(
      Parse({"risk", "plan", "w1", "--actions", "总经理拜访，续签服务合同", "--owner", "li.si",
             "--due", "2027-01-15", "--etag", "\"v2\""}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->name(), "churnWarnings/w1");
  EXPECT_EQ(plan->retention_plan().actions(), "总经理拜访，续签服务合同");
  EXPECT_EQ(plan->retention_plan().owner(), "users/li.si");
  EXPECT_EQ(plan->retention_plan().due_date().year(), 2027);
  EXPECT_EQ(plan->retention_plan().due_date().day(), 15);
  EXPECT_EQ(plan->etag(), "\"v2\"");
  EXPECT_THAT(UsageMessage(BuildRecordRetentionPlan(Parse({"risk", "plan", "w1"}))),
              HasSubstr("--actions is required"));
  EXPECT_THAT(UsageMessage(BuildRecordRetentionPlan(
                  Parse({"risk", "plan", "w1", "--actions", "x", "--due", "15/01/2027"}))),
              HasSubstr("--due"));

  absl::StatusOr<v1::RecordRetentionOutcomeRequest> outcome = BuildRecordRetentionOutcome(
      Parse({"risk", "outcome", "churnWarnings/w1", "retained", "--note", "续签三年"}));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->name(), "churnWarnings/w1");
  EXPECT_EQ(outcome->outcome(), v1::RetentionPlan::RETAINED);
  EXPECT_EQ(outcome->note(), "续签三年");
  EXPECT_EQ(outcome->etag(), "");
  EXPECT_EQ(UsageMessage(BuildRecordRetentionOutcome(Parse({"risk", "outcome", "w1", "won"}))),
            "OUTCOME: unknown value \"won\"; use one of in-progress|retained|lost");
}

TEST(ScoringRequestsTest, TierReviewNamesAndDecisions) {
  absl::StatusOr<v1::OpenTierReviewRequest> open =
      BuildOpenTierReview(Parse({"tier", "review", "open", "2026q4"}));
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(open->quarter(), "2026Q4");
  EXPECT_EQ(UsageMessage(BuildOpenTierReview(Parse({"tier", "review", "open", "2026-12"}))),
            "QUARTER: \"2026-12\" is not a quarter, e.g. 2026Q4");

  absl::StatusOr<v1::ListTierProposalsRequest> list = BuildListTierProposals(
      Parse({"tier", "review", "list", "tierReviews/2026Q4", "--state", "pending"}));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->parent(), "tierReviews/2026Q4");
  EXPECT_EQ(list->state(), v1::TierProposal::PENDING);

  absl::StatusOr<v1::DecideTierProposalRequest> approve =
      BuildApproveTierProposal(Parse({"tier", "review", "approve", "2026Q4", "c9"}));
  ASSERT_TRUE(approve.ok()) << approve.status();
  EXPECT_EQ(approve->name(), "tierReviews/2026Q4/proposals/c9");
  EXPECT_EQ(approve->decision(), v1::DecideTierProposalRequest::APPROVE);
  EXPECT_EQ(approve->etag(), "");

  absl::StatusOr<v1::DecideTierProposalRequest> override_request = BuildOverrideTierProposal(
      Parse({"tier", "review", "override", "2026Q4", "customers/c9", "--tier", "A", "--reason",
             "集团战略客户，保持A类", "--etag", "e7"}));
  ASSERT_TRUE(override_request.ok()) << override_request.status();
  EXPECT_EQ(override_request->decision(), v1::DecideTierProposalRequest::OVERRIDE);
  EXPECT_EQ(override_request->tier(), v1::TIER_A);
  EXPECT_EQ(override_request->reason(), "集团战略客户，保持A类");
  EXPECT_EQ(override_request->etag(), "e7");
  EXPECT_THAT(UsageMessage(BuildOverrideTierProposal(
                  Parse({"tier", "review", "override", "2026Q4", "c9", "--tier", "b"}))),
              HasSubstr("--reason is required"));
  EXPECT_THAT(UsageMessage(BuildOverrideTierProposal(
                  Parse({"tier", "review", "override", "2026Q4", "c9", "--reason", "x"}))),
              HasSubstr("--tier is required"));
  EXPECT_EQ(UsageMessage(BuildOverrideTierProposal(Parse(
                {"tier", "review", "override", "2026Q4", "c9", "--tier", "d", "--reason", "x"}))),
            "--tier: unknown value \"d\"; use one of a|b|c");
}

TEST(ScoringRequestsTest, ScorecardOneOrAll) {
  const Invocation all = Parse({"scorecard", "--quarter", "2026Q4"});
  EXPECT_FALSE(IsOneScorecard(all));
  absl::StatusOr<v1::ListScorecardsRequest> list = BuildListScorecards(all);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->quarter(), "2026Q4");

  const Invocation one = Parse({"scorecard", "--quarter", "2026Q4", "--org-unit", "sub-east"});
  EXPECT_TRUE(IsOneScorecard(one));
  absl::StatusOr<v1::GetScorecardRequest> get = BuildGetScorecard(one);
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->name(), "orgUnits/sub-east/scorecards/2026Q4");

  EXPECT_EQ(UsageMessage(BuildListScorecards(Parse({"scorecard"}))),
            "--quarter is required, e.g. --quarter 2026Q4");
}

TEST(ScoringRequestsTest, SalesTargetIsInCny) {
  const Invocation invocation = Parse(
      {"scorecard", "target", "set", "sub-east", "--quarter", "2026Q4", "--amount", "12000000.00"});
  ASSERT_NE(invocation.command, nullptr);
  EXPECT_EQ(invocation.command->path, "scorecard target set");
  absl::StatusOr<v1::SetSalesTargetRequest> request = BuildSetSalesTarget(invocation, "\"v3\"");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->sales_target().name(), "orgUnits/sub-east/salesTargets/2026Q4");
  EXPECT_EQ(request->sales_target().amount().currency_code(), "CNY");
  EXPECT_EQ(request->sales_target().amount().minor_units(), 1200000000);
  EXPECT_EQ(request->sales_target().etag(), "\"v3\"");
  EXPECT_THAT(UsageMessage(BuildSetSalesTarget(Parse({"scorecard", "target", "set", "sub-east",
                                                      "--quarter", "2026Q4", "--amount", "12.345"}),
                                               "")),
              HasSubstr("--amount"));
  EXPECT_THAT(UsageMessage(BuildSetSalesTarget(
                  Parse({"scorecard", "target", "set", "sub-east", "--amount", "1"}), "")),
              HasSubstr("--quarter is required"));
}

TEST(ScoringRequestsTest, SurveyRecordChecksTheScore) {
  absl::StatusOr<v1::RecordSurveyRequest> request = BuildRecordSurvey(
      Parse({"--request-id", "s-1", "survey", "record", "--contact", "customers/c1/contacts/k2",
             "--period", "2026Q4", "--score", "4", "--comment", "交付延期，响应慢"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->survey().customer(), "customers/c1");
  EXPECT_EQ(request->survey().contact(), "customers/c1/contacts/k2");
  EXPECT_EQ(request->survey().period(), "2026Q4");
  EXPECT_EQ(request->survey().score(), 4);
  EXPECT_EQ(request->survey().comment(), "交付延期，响应慢");
  EXPECT_EQ(request->request_id(), "s-1");
  EXPECT_EQ(UsageMessage(BuildRecordSurvey(
                Parse({"survey", "record", "--contact", "customers/c1/contacts/k2", "--period",
                       "2026Q4", "--score", "11"}))),
            "--score: \"11\" is not a score 0-10");
  EXPECT_THAT(UsageMessage(BuildRecordSurvey(Parse(
                  {"survey", "record", "--contact", "k2", "--period", "2026Q4", "--score", "5"}))),
              HasSubstr("--contact"));
}

TEST(ScoringRequestsTest, RebuildAndProfile) {
  absl::StatusOr<v1::StartFactsRebuildRequest> start =
      BuildStartFactsRebuild(Parse({"--request-id", "rb-1", "scoring", "rebuild"}));
  ASSERT_TRUE(start.ok()) << start.status();
  EXPECT_EQ(start->request_id(), "rb-1");
  absl::StatusOr<v1::GetFactsRebuildRequest> get =
      BuildGetFactsRebuild(Parse({"scoring", "rebuild", "r5"}));
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->name(), "factsRebuilds/r5");

  absl::StatusOr<v1::UpdateScoringProfileRequest> profile =
      BuildUpdateScoringProfile(Parse({"scoring", "profile", "set", "c1", "--strategic", "--margin",
                                       "-3.5", "--reason", "集团战略合作伙伴"}));
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->scoring_profile().name(), "customers/c1/scoringProfile");
  EXPECT_TRUE(profile->scoring_profile().strategic());
  EXPECT_EQ(profile->scoring_profile().margin_bp().value(), -350);
  EXPECT_EQ(profile->scoring_profile().reason(), "集团战略合作伙伴");
  profile = BuildUpdateScoringProfile(
      Parse({"scoring", "profile", "set", "c1", "--strategic=false", "--etag", "e1"}));
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_FALSE(profile->scoring_profile().strategic());
  EXPECT_FALSE(profile->scoring_profile().has_margin_bp());
  EXPECT_EQ(profile->scoring_profile().etag(), "e1");
  EXPECT_THAT(UsageMessage(BuildUpdateScoringProfile(Parse({"scoring", "profile", "set", "c1"}))),
              HasSubstr("give --strategic"));
}

TEST(ScoringRequestsTest, ACommandThatStartsOthersStillTakesItsFlags) {
  Invocation invocation;
  ASSERT_TRUE(ParseCommandLine({"scorecard", "target", "list", "--quarter", "2026Q4"},
                               AllCommands(), Defaults(), &invocation)
                  .ok());
  EXPECT_EQ(invocation.command->path, "scorecard target list");
  invocation = Invocation();
  ASSERT_TRUE(
      ParseCommandLine({"scorecard", "--quarter", "2026Q4"}, AllCommands(), Defaults(), &invocation)
          .ok());
  EXPECT_EQ(invocation.command->path, "scorecard");
  invocation = Invocation();
  const absl::Status status =
      ParseCommandLine({"scorecard", "extra"}, AllCommands(), Defaults(), &invocation);
  EXPECT_TRUE(IsUsageError(status)) << status;
}

}  // namespace
}  // namespace crm::crmctl
