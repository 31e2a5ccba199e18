#include "tools/crmctl/opportunity_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/activity_requests.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/pipeline_requests.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The message of the usage error `request` must be.
template <typename Request>
std::string UsageMessage(const absl::StatusOr<Request>& request) {
  EXPECT_FALSE(request.ok());
  if (request.ok()) return "";
  EXPECT_TRUE(IsUsageError(request.status())) << request.status();
  return std::string(request.status().message());
}

std::vector<std::string> Paths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

TEST(OpportunityRequestsTest, CreateTakesEveryFlag) {
  absl::StatusOr<v1::CreateOpportunityRequest> request =
      BuildCreateOpportunityRequest(Parse({"--request-id",     "r-1",
                                           "opportunity",      "create",
                                           "--customer",       "c1",
                                           "--title",          "光伏二期",
                                           "--amount",         "1200000.00",
                                           "--stage",          "discovery",
                                           "--expected-close", "2027-03-31",
                                           "--next-follow-up", "2026-12-15",
                                           "--owner-org-unit", "sub-east",
                                           "--owner-user",     "zhang.wei",
                                           "--collaborator",   "orgUnits/sub-north",
                                           "--collaborator",   "sub-south",
                                           "--competitor",     "远景",
                                           "--competitor",     "金风",
                                           "--lead-source",    "展会",
                                           "--probability",    "25",
                                           "--forecast",       "best-case"}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Opportunity& opportunity = request->opportunity();
  EXPECT_EQ(opportunity.customer(), "customers/c1");
  EXPECT_EQ(opportunity.title(), "光伏二期");
  EXPECT_EQ(opportunity.amount().currency_code(), "CNY");
  EXPECT_EQ(opportunity.amount().minor_units(), 120000000);
  EXPECT_EQ(opportunity.stage(), v1::DISCOVERY);
  EXPECT_EQ(opportunity.expected_close_date().year(), 2027);
  EXPECT_EQ(opportunity.expected_close_date().month(), 3);
  EXPECT_EQ(opportunity.expected_close_date().day(), 31);
  EXPECT_EQ(opportunity.next_follow_up_date().day(), 15);
  EXPECT_EQ(opportunity.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(opportunity.owner_user(), "users/zhang.wei");
  EXPECT_THAT(opportunity.collaborating_org_units(),
              ElementsAre("orgUnits/sub-north", "orgUnits/sub-south"));
  EXPECT_THAT(opportunity.competitors(), ElementsAre("远景", "金风"));
  EXPECT_EQ(opportunity.lead_source(), "展会");
  EXPECT_EQ(opportunity.probability(), 25);
  EXPECT_EQ(opportunity.forecast_category(), v1::BEST_CASE);
  EXPECT_FALSE(opportunity.has_needs_survey());
  EXPECT_TRUE(opportunity.product_lines().empty());
  EXPECT_EQ(request->request_id(), "r-1");
}

TEST(OpportunityRequestsTest, CreateWithProductLinesCommitteeAndSurvey) {
  absl::StatusOr<v1::CreateOpportunityRequest> request =
      BuildCreateOpportunityRequest(Parse({"opportunity",
                                           "create",
                                           "--customer",
                                           "customers/c1",
                                           "--title",
                                           "储能",
                                           "--currency",
                                           "USD",
                                           "--product",
                                           "PV-550:200:1250.00:15",
                                           "--product",
                                           "INV-10:3:99.5",
                                           "--product",
                                           "SVC:1:0:12.5%",
                                           "--committee",
                                           "customers/c1/contacts/k1:decision-maker:supporter:5",
                                           "--committee",
                                           "customers/c1/contacts/k2:veto_holder",
                                           "--background",
                                           "老厂房",
                                           "--goals",
                                           "降本",
                                           "--budget-min",
                                           "100000",
                                           "--budget-max",
                                           "200000.50",
                                           "--timeline",
                                           "明年",
                                           "--decision-process",
                                           "招标",
                                           "--survey-competitor",
                                           "远景",
                                           "--pain-point",
                                           "电费高",
                                           "--pain-point",
                                           "停电"}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Opportunity& opportunity = request->opportunity();
  EXPECT_FALSE(opportunity.has_amount());
  ASSERT_EQ(opportunity.product_lines_size(), 3);
  EXPECT_EQ(opportunity.product_lines(0).product_code(), "PV-550");
  EXPECT_EQ(opportunity.product_lines(0).quantity(), 200);
  EXPECT_EQ(opportunity.product_lines(0).unit_price().currency_code(), "USD");
  EXPECT_EQ(opportunity.product_lines(0).unit_price().minor_units(), 125000);
  EXPECT_EQ(opportunity.product_lines(0).discount_bp(), 1500);
  EXPECT_EQ(opportunity.product_lines(1).unit_price().minor_units(), 9950);
  EXPECT_EQ(opportunity.product_lines(1).discount_bp(), 0);
  EXPECT_EQ(opportunity.product_lines(2).discount_bp(), 1250);
  ASSERT_EQ(opportunity.buying_committee_size(), 2);
  EXPECT_EQ(opportunity.buying_committee(0).contact(), "customers/c1/contacts/k1");
  EXPECT_EQ(opportunity.buying_committee(0).role(), v1::CommitteeMember::DECISION_MAKER);
  EXPECT_EQ(opportunity.buying_committee(0).stance(), v1::CommitteeMember::SUPPORTER);
  EXPECT_EQ(opportunity.buying_committee(0).influence(), 5);
  EXPECT_EQ(opportunity.buying_committee(1).role(), v1::CommitteeMember::VETO_HOLDER);
  EXPECT_EQ(opportunity.buying_committee(1).stance(), v1::CommitteeMember::STANCE_UNSPECIFIED);
  const v1::NeedsSurvey& survey = opportunity.needs_survey();
  EXPECT_EQ(survey.background(), "老厂房");
  EXPECT_EQ(survey.goals(), "降本");
  EXPECT_EQ(survey.budget_min().minor_units(), 10000000);
  EXPECT_EQ(survey.budget_max().minor_units(), 20000050);
  EXPECT_EQ(survey.budget_max().currency_code(), "USD");
  EXPECT_EQ(survey.timeline(), "明年");
  EXPECT_EQ(survey.decision_process(), "招标");
  EXPECT_THAT(survey.competitors(), ElementsAre("远景"));
  EXPECT_THAT(survey.pain_points(), ElementsAre("电费高", "停电"));
}

TEST(OpportunityRequestsTest, CreateRefusesBadValuesNamingTheFlag) {
  const auto create = [](std::vector<std::string> flags) {
    std::vector<std::string> args = {"opportunity", "create"};
    args.insert(args.end(), flags.begin(), flags.end());
    return UsageMessage(BuildCreateOpportunityRequest(Parse(args)));
  };
  EXPECT_EQ(create({"--title", "T"}), "--customer is required");
  EXPECT_EQ(create({"--customer", "c1"}), "--title is required");
  EXPECT_EQ(create({"--customer", "a/b", "--title", "T"}),
            "--customer: \"a/b\" is not a customer id or a name customers/{customer}");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--amount", "12.345"}),
            "--amount: \"12.345\" has more than 2 decimals");
  EXPECT_THAT(create({"--customer", "c1", "--title", "T", "--amount", "1,200"}),
              HasSubstr("--amount: \"1,200\" is not an amount of money"));
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--amount", "1", "--product", "A:1:1"}),
            "give --amount or --product, not both: with product lines the amount is their sum");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--currency", "USD"}),
            "--currency goes with --amount, --product, --budget-min or --budget-max");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--stage", "won"}),
            "--stage: won is not an open stage; use \"crmctl opportunity win\" (open stages: "
            "lead|discovery|solution|quote|negotiation)");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--stage", "proposal"}),
            "--stage: unknown value \"proposal\"; use one of "
            "lead|discovery|solution|quote|negotiation|won|lost");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--expected-close", "2027-02-30"}),
            "--expected-close: \"2027-02-30\" is not a day of the calendar");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--probability", "101"}),
            "--probability: \"101\" is not a whole percentage from 0 to 100");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--probability", "default"}),
            "--probability: \"default\" is not a whole percentage from 0 to 100");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--forecast", "closed"}),
            "--forecast: unknown value \"closed\"; use one of commit|best-case|pipeline|omitted");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--owner-user", "users/a/b"}),
            "--owner-user: \"users/a/b\" is not a user id or a name users/{user}");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--collaborator", "users/x"}),
            "--collaborator: \"users/x\" is not an org unit id or a name orgUnits/{org_unit}");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--product", "PV-550:200"}),
            "--product: \"PV-550:200\" is not CODE:QTY:UNIT_PRICE[:DISCOUNT%], e.g. "
            "PV-550:200:1250.00:15");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--product", "PV:0:10"}),
            "--product: \"PV:0:10\" has quantity \"0\"; give a whole number above 0");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--product", "PV:1:10.001"}),
            "--product: \"PV:1:10.001\": unit price \"10.001\" has more than 2 decimals");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--product", "PV:1:10:120"}),
            "--product: \"PV:1:10:120\": discount \"120\" is more than 100");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--committee", "customers/c1/contacts/k1"}),
            "--committee: \"customers/c1/contacts/k1\" is not CONTACT:ROLE[:STANCE[:INFLUENCE]], "
            "e.g. customers/c1/contacts/k1:decision-maker:supporter:5");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--committee", "k1:champion"}),
            "--committee: \"k1\" is not a contact name customers/{customer}/contacts/{contact}; "
            "or give CUSTOMER_ID CONTACT_ID");
  EXPECT_EQ(
      create({"--customer", "c1", "--title", "T", "--committee", "customers/c1/contacts/k1:boss"}),
      "--committee: unknown value \"boss\"; use one of "
      "decision-maker|champion|user|veto-holder|influencer");
  EXPECT_EQ(create({"--customer", "c1", "--title", "T", "--committee",
                    "customers/c1/contacts/k1:champion:neutral:6"}),
            "--committee: \"customers/c1/contacts/k1:champion:neutral:6\" has influence \"6\"; "
            "give 1 to 5");
}

TEST(OpportunityRequestsTest, UpdateMasksTheFlagsGiven) {
  absl::StatusOr<v1::UpdateOpportunityRequest> request = BuildUpdateOpportunityRequest(
      Parse({"--request-id", "r-2", "opportunity", "update", "o1", "--etag", "\"e1\"", "--title",
             "光伏二期（扩容）", "--amount", "1500000", "--expected-close", "2027-04-30",
             "--next-follow-up", "", "--probability", "70", "--forecast", "commit"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->opportunity().name(), "opportunities/o1");
  EXPECT_EQ(request->opportunity().etag(), "\"e1\"");
  EXPECT_THAT(Paths(request->update_mask()),
              ElementsAre("title", "probability", "forecast_category", "amount",
                          "expected_close_date", "next_follow_up_date"));
  EXPECT_EQ(request->opportunity().amount().minor_units(), 150000000);
  EXPECT_EQ(request->opportunity().probability(), 70);
  EXPECT_EQ(request->opportunity().forecast_category(), v1::COMMIT);
  EXPECT_FALSE(request->opportunity().has_next_follow_up_date());  // "" clears it
  EXPECT_FALSE(request->reset_probability());
  EXPECT_EQ(request->request_id(), "r-2");

  // No --etag: left empty for the command to read the current one.
  request = BuildUpdateOpportunityRequest(
      Parse({"opportunity", "update", "opportunities/o1", "--probability", "default",
             "--collaborator", "", "--competitor", "", "--committee", "", "--goals", "降本"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->opportunity().etag(), "");
  EXPECT_TRUE(request->reset_probability());
  EXPECT_THAT(Paths(request->update_mask()),
              ElementsAre("collaborating_org_units", "probability", "competitors",
                          "buying_committee", "needs_survey"));
  EXPECT_TRUE(request->opportunity().collaborating_org_units().empty());
  EXPECT_TRUE(request->opportunity().competitors().empty());
  EXPECT_TRUE(request->opportunity().buying_committee().empty());
  EXPECT_EQ(request->opportunity().needs_survey().goals(), "降本");

  EXPECT_THAT(UsageMessage(BuildUpdateOpportunityRequest(Parse({"opportunity", "update", "o1"}))),
              HasSubstr("nothing to update; give one or more of --title, --amount"));
  EXPECT_EQ(UsageMessage(BuildUpdateOpportunityRequest(
                Parse({"opportunity", "update", "o1", "--title", ""}))),
            "--title cannot be empty");
  EXPECT_EQ(UsageMessage(BuildUpdateOpportunityRequest(
                Parse({"opportunity", "update", "customers/c1", "--title", "T"}))),
            "\"customers/c1\" is not an opportunity id or a name opportunities/{opportunity}");
}

TEST(OpportunityRequestsTest, StageWinLoseReopen) {
  absl::StatusOr<v1::ChangeStageRequest> stage = BuildChangeStageRequest(
      Parse({"--request-id", "r-3", "opportunity", "stage", "o1", "QUOTE", "--etag", "e1"}));
  ASSERT_TRUE(stage.ok()) << stage.status();
  EXPECT_EQ(stage->name(), "opportunities/o1");
  EXPECT_EQ(stage->stage(), v1::QUOTE);
  EXPECT_EQ(stage->etag(), "e1");
  EXPECT_EQ(stage->request_id(), "r-3");
  EXPECT_EQ(UsageMessage(BuildChangeStageRequest(Parse({"opportunity", "stage", "o1", "lost"}))),
            "STAGE: lost is not an open stage; use \"crmctl opportunity lose\" (open stages: "
            "lead|discovery|solution|quote|negotiation)");
  EXPECT_EQ(UsageMessage(BuildChangeStageRequest(Parse({"opportunity", "stage", "o1", ""}))),
            "STAGE needs a stage: lead|discovery|solution|quote|negotiation");

  absl::StatusOr<v1::WinOpportunityRequest> win =
      BuildWinOpportunityRequest(Parse({"opportunity", "win", "o1", "--close-date", "2026-12-01"}));
  ASSERT_TRUE(win.ok()) << win.status();
  EXPECT_EQ(win->close_date().month(), 12);
  EXPECT_EQ(win->etag(), "");
  win = BuildWinOpportunityRequest(Parse({"opportunity", "win", "o1"}));
  ASSERT_TRUE(win.ok()) << win.status();
  EXPECT_FALSE(win->has_close_date());  // the server's today
  EXPECT_EQ(UsageMessage(BuildWinOpportunityRequest(
                Parse({"opportunity", "win", "o1", "--close-date", "12/01/2026"}))),
            "--close-date: \"12/01/2026\" is not a date YYYY-MM-DD, e.g. 2024-07-01");

  absl::StatusOr<v1::LoseOpportunityRequest> lose = BuildLoseOpportunityRequest(
      Parse({"opportunity", "lose", "o1", "--reason", "no_budget", "--text", "预算冻结"}));
  ASSERT_TRUE(lose.ok()) << lose.status();
  EXPECT_EQ(lose->loss_reason(), v1::NO_BUDGET);
  EXPECT_EQ(lose->loss_reason_text(), "预算冻结");
  EXPECT_EQ(UsageMessage(BuildLoseOpportunityRequest(Parse({"opportunity", "lose", "o1"}))),
            "--reason is required: price|competitor|no-budget|no-decision|product-fit|"
            "relationship|timing|other");
  EXPECT_EQ(UsageMessage(BuildLoseOpportunityRequest(
                Parse({"opportunity", "lose", "o1", "--reason", "other"}))),
            "--reason other needs --text saying what the reason was");
  EXPECT_EQ(UsageMessage(BuildLoseOpportunityRequest(
                Parse({"opportunity", "lose", "o1", "--reason", "weather"}))),
            "--reason: unknown value \"weather\"; use one of price|competitor|no-budget|"
            "no-decision|product-fit|relationship|timing|other");

  absl::StatusOr<v1::ReopenOpportunityRequest> reopen =
      BuildReopenOpportunityRequest(Parse({"opportunity", "reopen", "o1", "--stage", "negotiation",
                                           "--reason", "客户重启招标", "--etag", "e9"}));
  ASSERT_TRUE(reopen.ok()) << reopen.status();
  EXPECT_EQ(reopen->stage(), v1::NEGOTIATION);
  EXPECT_EQ(reopen->reason(), "客户重启招标");
  EXPECT_EQ(reopen->etag(), "e9");
  EXPECT_EQ(UsageMessage(BuildReopenOpportunityRequest(
                Parse({"opportunity", "reopen", "o1", "--reason", "x"}))),
            "--stage is required: the open stage to reopen at, "
            "lead|discovery|solution|quote|negotiation");
  EXPECT_EQ(UsageMessage(BuildReopenOpportunityRequest(
                Parse({"opportunity", "reopen", "o1", "--stage", "lead"}))),
            "--reason is required");
}

TEST(OpportunityRequestsTest, ListAndHistory) {
  absl::StatusOr<v1::ListOpportunitiesRequest> list = BuildListOpportunitiesRequest(Parse(
      {"opportunity", "list", "--customer", "c1", "--owner-user", "li.na", "--org-unit", "sub-east",
       "--stage", "quote", "--stage", "won", "--page-size", "20", "--page-token", "t1"}));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->customer(), "customers/c1");
  EXPECT_EQ(list->owner_user(), "users/li.na");
  EXPECT_EQ(list->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(list->stages(), ElementsAre(v1::QUOTE, v1::WON));
  EXPECT_EQ(list->page_size(), 20);
  EXPECT_EQ(list->page_token(), "t1");
  EXPECT_EQ(UsageMessage(BuildListOpportunitiesRequest(
                Parse({"opportunity", "list", "--page-size", "many"}))),
            "--page-size: \"many\" is not a number");

  absl::StatusOr<v1::ListOpportunityHistoryRequest> history =
      BuildListOpportunityHistoryRequest(Parse({"opportunity", "history", "o1"}));
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->parent(), "opportunities/o1");
}

TEST(ActivityRequestsTest, LogTakesEveryFlag) {
  const absl::Time now = absl::FromUnixSeconds(1796000000);
  absl::StatusOr<v1::CreateActivityRequest> request =
      BuildCreateActivityRequest(Parse({"--request-id",
                                        "r-4",
                                        "activity",
                                        "log",
                                        "--customer",
                                        "c1",
                                        "--opportunity",
                                        "o1",
                                        "--type",
                                        "service_visit",
                                        "--summary",
                                        "回访储能项目",
                                        "--next-step",
                                        "报价",
                                        "--next-follow-up",
                                        "2026-12-20",
                                        "--contact",
                                        "customers/c1/contacts/k1",
                                        "--contact",
                                        "customers/c1/contacts/k2",
                                        "--at",
                                        "2026-12-01T10:00:00+08:00"}),
                                 now);
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Activity& activity = request->activity();
  EXPECT_EQ(activity.customer(), "customers/c1");
  EXPECT_EQ(activity.opportunity(), "opportunities/o1");
  EXPECT_EQ(activity.type(), v1::Activity::SERVICE_VISIT);
  EXPECT_EQ(activity.summary(), "回访储能项目");
  EXPECT_EQ(activity.next_step(), "报价");
  EXPECT_EQ(activity.next_follow_up_date().day(), 20);
  EXPECT_THAT(activity.contacts(),
              ElementsAre("customers/c1/contacts/k1", "customers/c1/contacts/k2"));
  // 2026-12-01T02:00:00Z.
  EXPECT_EQ(activity.occur_time().seconds(), 1796090400);
  EXPECT_FALSE(activity.has_complaint());
  EXPECT_EQ(request->request_id(), "r-4");

  request = BuildCreateActivityRequest(
      Parse({"activity", "log", "--customer", "c1", "--type", "complaint", "--summary",
             "逆变器故障", "--severity", "high", "--resolved"}),
      now);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->activity().occur_time().seconds(), 1796000000);  // now
  EXPECT_EQ(request->activity().complaint().severity(), v1::Complaint::HIGH);
  EXPECT_TRUE(request->activity().complaint().resolved());
}

TEST(ActivityRequestsTest, LogRefusesBadValues) {
  const auto log = [](std::vector<std::string> flags) {
    std::vector<std::string> args = {"activity", "log"};
    args.insert(args.end(), flags.begin(), flags.end());
    return UsageMessage(BuildCreateActivityRequest(Parse(args), absl::UnixEpoch()));
  };
  EXPECT_EQ(log({"--type", "visit", "--summary", "S"}), "--customer is required");
  EXPECT_EQ(log({"--customer", "c1", "--summary", "S"}),
            "--type is required: "
            "visit|call|meeting|email|complaint|service-visit|note|delivery-issue");
  EXPECT_EQ(log({"--customer", "c1", "--type", "lunch", "--summary", "S"}),
            "--type: unknown value \"lunch\"; use one of "
            "visit|call|meeting|email|complaint|service-visit|note|delivery-issue");
  EXPECT_EQ(log({"--customer", "c1", "--type", "visit"}), "--summary is required: what happened");
  EXPECT_EQ(log({"--customer", "c1", "--type", "complaint", "--summary", "S"}),
            "--type complaint needs --severity: low|medium|high|critical");
  EXPECT_EQ(log({"--customer", "c1", "--type", "visit", "--summary", "S", "--severity", "low"}),
            "--severity and --resolved are for --type complaint only");
  EXPECT_EQ(
      log({"--customer", "c1", "--type", "complaint", "--summary", "S", "--severity", "urgent"}),
      "--severity: unknown value \"urgent\"; use one of low|medium|high|critical");
  EXPECT_EQ(log({"--customer", "c1", "--type", "visit", "--summary", "S", "--at", "2026-12-01"}),
            "--at: \"2026-12-01\" is not a time with an offset, e.g. 2026-12-01T10:00:00+08:00");
  EXPECT_EQ(log({"--customer", "c1", "--type", "visit", "--summary", "S", "--contact", "k1"}),
            "--contact: \"k1\" is not a contact name customers/{customer}/contacts/{contact}; "
            "or give CUSTOMER_ID CONTACT_ID");
  EXPECT_EQ(log({"--customer", "c1", "--type", "visit", "--summary", "S", "--opportunity", "a/b"}),
            "--opportunity: \"a/b\" is not an opportunity id or a name "
            "opportunities/{opportunity}");
}

TEST(ActivityRequestsTest, ListTakesOneOfCustomerAndOpportunity) {
  absl::StatusOr<v1::ListActivitiesRequest> request =
      BuildListActivitiesRequest(Parse({"activity", "list", "--opportunity", "o1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->opportunity(), "opportunities/o1");
  EXPECT_EQ(request->customer(), "");
  EXPECT_EQ(UsageMessage(BuildListActivitiesRequest(Parse({"activity", "list"}))),
            "give one of --customer and --opportunity");
  EXPECT_EQ(UsageMessage(BuildListActivitiesRequest(
                Parse({"activity", "list", "--customer", "c1", "--opportunity", "o1"}))),
            "give one of --customer and --opportunity");
}

TEST(PipelineRequestsTest, BoardAsksForTheOpenStages) {
  absl::StatusOr<v1::ListOpportunitiesRequest> request = BuildBoardRequest(
      Parse({"pipeline", "board", "--org-unit", "sub-east", "--owner-user", "li.na"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(request->stages(),
              ElementsAre(v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION));
  EXPECT_EQ(request->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(request->owner_user(), "users/li.na");
  EXPECT_EQ(request->page_size(), 1000);
}

TEST(PipelineRequestsTest, FunnelTakesOneScopeAndAPeriod) {
  absl::StatusOr<v1::GetFunnelRequest> request =
      BuildGetFunnelRequest(Parse({"pipeline", "funnel", "--group", "n7", "--from", "2026-01-01",
                                   "--to", "2026-12-31", "--currency", "CNY"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->group(), "nodes/n7");
  EXPECT_EQ(request->start_date().year(), 2026);
  EXPECT_EQ(request->end_date().month(), 12);
  EXPECT_EQ(request->currency_code(), "CNY");
  request = BuildGetFunnelRequest(Parse({"pipeline", "funnel", "--org-unit", "sub-east"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->org_unit(), "orgUnits/sub-east");
  EXPECT_FALSE(request->has_start_date());

  EXPECT_EQ(UsageMessage(BuildGetFunnelRequest(Parse({"pipeline", "funnel"}))),
            "give what to report on: --org-unit, --customer or --group");
  EXPECT_EQ(UsageMessage(BuildGetFunnelRequest(
                Parse({"pipeline", "funnel", "--org-unit", "x", "--customer", "c1"}))),
            "give only one of --org-unit, --customer and --group");
  EXPECT_EQ(UsageMessage(BuildGetFunnelRequest(
                Parse({"pipeline", "funnel", "--customer", "c1", "--from", "2026-01-01"}))),
            "give --from and --to together (neither: the last 12 months)");
  EXPECT_EQ(
      UsageMessage(BuildGetFunnelRequest(Parse({"pipeline", "funnel", "--customer", "c1", "--from",
                                                "2026-02-01", "--to", "2026-01-31"}))),
      "--from 2026-02-01 is after --to 2026-01-31");
  EXPECT_EQ(
      UsageMessage(BuildGetFunnelRequest(Parse({"pipeline", "funnel", "--group", "customers/c1"}))),
      "--group: \"customers/c1\" is not a node id or a name nodes/{node}");
}

TEST(PipelineRequestsTest, RemindersAreMineUnlessSaidOtherwise) {
  absl::StatusOr<v1::ListStaleOpportunitiesRequest> request =
      BuildListStaleRequest(Parse({"reminders"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->owner_user(), "");
  EXPECT_EQ(request->org_unit(), "");
  request = BuildListStaleRequest(Parse({"reminders", "--org-unit", "sub-east"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(UsageMessage(BuildListStaleRequest(
                Parse({"reminders", "--org-unit", "x", "--owner-user", "y"}))),
            "give --owner-user or --org-unit, not both (neither: your own)");
}

}  // namespace
}  // namespace crm::crmctl
