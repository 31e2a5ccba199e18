#include "tools/crmctl/collaboration_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/collaboration_values.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;
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

v1::Contributor Contributor(const std::string& org_unit, std::vector<v1::ContributorRole> roles) {
  v1::Contributor contributor;
  contributor.set_org_unit(org_unit);
  for (v1::ContributorRole role : roles) contributor.add_roles(role);
  contributor.set_share_bp(5000);
  contributor.set_weighted_score(4200);
  contributor.mutable_credited_amount()->set_currency_code("CNY");
  contributor.mutable_credited_amount()->set_minor_units(100);
  return contributor;
}

TEST(CollaborationRequestsTest, CreateTakesEveryFlag) {
  absl::StatusOr<v1::CreateCollaborationRequestRequest> request =
      BuildCreateCollaborationRequest(Parse({"--request-id",
                                             "r-1",
                                             "collab",
                                             "create",
                                             "--customer",
                                             "c1",
                                             "--title",
                                             "智慧园区综合能源项目：设计+施工+物资",
                                             "--urgency",
                                             "urgent",
                                             "--description",
                                             "园区光储一体化",
                                             "--requesting-org-unit",
                                             "east-ka",
                                             "--opportunity",
                                             "o9",
                                             "--participant",
                                             "sub-north:园区光储系统方案设计",
                                             "--participant",
                                             "orgUnits/sub-east:配电:光伏施工:users/li.si",
                                             "--step-owner",
                                             "zhao.lei",
                                             "--step-due",
                                             "2026-12-10T18:00:00+08:00"}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::CollaborationRequest& created = request->collaboration_request();
  EXPECT_EQ(created.customer(), "customers/c1");
  EXPECT_EQ(created.urgency(), v1::URGENT);
  EXPECT_EQ(created.requesting_org_unit(), "orgUnits/east-ka");
  EXPECT_EQ(created.opportunity(), "opportunities/o9");
  ASSERT_EQ(created.participants_size(), 2);
  EXPECT_EQ(created.participants(0).org_unit(), "orgUnits/sub-north");
  EXPECT_EQ(created.participants(0).task(), "园区光储系统方案设计");
  EXPECT_EQ(created.participants(0).owner(), "");
  // The task keeps its colons; the owner is the last part naming a user.
  EXPECT_EQ(created.participants(1).org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.participants(1).task(), "配电:光伏施工");
  EXPECT_EQ(created.participants(1).owner(), "users/li.si");
  EXPECT_EQ(created.step_owner(), "users/zhao.lei");
  EXPECT_EQ(created.step_due_time().seconds(), 1796896800);  // 2026-12-10T10:00:00Z
  EXPECT_EQ(request->request_id(), "r-1");
}

TEST(CollaborationRequestsTest, CreateNamesWhatIsMissing) {
  EXPECT_THAT(UsageMessage(BuildCreateCollaborationRequest(
                  Parse({"collab", "create", "--customer", "c1", "--title", "t", "--participant",
                         "sub-north:设计"}))),
              HasSubstr("--urgency is required: general|urgent|critical"));
  EXPECT_THAT(
      UsageMessage(BuildCreateCollaborationRequest(Parse(
          {"collab", "create", "--customer", "c1", "--title", "t", "--urgency", "critical"}))),
      HasSubstr("--participant is required"));
  EXPECT_THAT(UsageMessage(BuildCreateCollaborationRequest(
                  Parse({"collab", "create", "--customer", "c1", "--title", "t", "--urgency",
                         "urgent", "--participant", "sub-north"}))),
              HasSubstr("--participant: \"sub-north\" is not ORGUNIT:TASK"));
  EXPECT_THAT(UsageMessage(BuildCreateCollaborationRequest(
                  Parse({"collab", "create", "--customer", "c1", "--title", "t", "--urgency",
                         "soon", "--participant", "sub-north:x"}))),
              HasSubstr("--urgency: unknown value \"soon\""));
}

TEST(CollaborationRequestsTest, UpdateMasksTheFlagsGiven) {
  absl::StatusOr<v1::UpdateCollaborationRequestRequest> request = BuildUpdateCollaborationRequest(
      Parse({"collab", "update", "r1", "--urgency", "critical", "--step-owner", "users/liu.yang",
             "--etag", "\"v2\""}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->collaboration_request().name(), "collaborationRequests/r1");
  EXPECT_EQ(request->collaboration_request().etag(), "\"v2\"");
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("urgency", "step_owner"));
  EXPECT_THAT(UsageMessage(BuildUpdateCollaborationRequest(Parse({"collab", "update", "r1"}))),
              HasSubstr("nothing to update"));
}

TEST(CollaborationRequestsTest, AdvanceTakesTheStepAndRefusesCancelling) {
  absl::StatusOr<v1::AdvanceCollaborationRequestRequest> request = BuildAdvanceCollaborationRequest(
      Parse({"collab", "advance", "collaborationRequests/r1", "pending_approval", "--owner",
             "liu.yang", "--comment", "方案已完成"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->step(), v1::PENDING_APPROVAL);
  EXPECT_EQ(request->step_owner(), "users/liu.yang");
  EXPECT_EQ(request->etag(), "");
  EXPECT_THAT(UsageMessage(BuildAdvanceCollaborationRequest(
                  Parse({"collab", "advance", "r1", "cancelled"}))),
              HasSubstr("crmctl collab cancel"));
  EXPECT_THAT(UsageMessage(
                  BuildAdvanceCollaborationRequest(Parse({"collab", "advance", "r1", "finished"}))),
              HasSubstr("STEP: unknown value \"finished\""));
  EXPECT_THAT(UsageMessage(BuildAdvanceCollaborationRequest(
                  Parse({"collab", "advance", "attributions/a1", "done"}))),
              HasSubstr("is not a collaboration request id"));
}

TEST(CollaborationRequestsTest, TheBoardTakesTheListsNarrowing) {
  absl::StatusOr<v1::GetCollaborationBoardRequest> request = BuildGetCollaborationBoard(
      Parse({"collab", "board", "--group", "nodes/17", "--org-unit", "sub-south", "--urgency",
             "critical", "--mine", "--cards", "5"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->customer_group(), "nodes/17");
  EXPECT_EQ(request->org_unit(), "orgUnits/sub-south");
  EXPECT_EQ(request->urgency(), v1::CRITICAL);
  EXPECT_TRUE(request->mine());
  EXPECT_EQ(request->cards_per_column(), 5);
  EXPECT_THAT(
      UsageMessage(BuildGetCollaborationBoard(Parse({"collab", "board", "--cards", "500"}))),
      HasSubstr("--cards: \"500\" is not a number of cards 0-200"));
}

TEST(CollaborationRequestsTest, SlaRulesAreInHoursOrWorkingDays) {
  absl::StatusOr<v1::SlaRule> critical = ParseSlaRule("critical:2h:1");
  ASSERT_TRUE(critical.ok()) << critical.status();
  EXPECT_EQ(critical->urgency(), v1::CRITICAL);
  EXPECT_EQ(critical->response_hours(), 2);
  EXPECT_EQ(critical->response_working_days(), 0);
  EXPECT_EQ(critical->step_working_days(), 1);
  absl::StatusOr<v1::SlaRule> general = ParseSlaRule("GENERAL:3wd:5");
  ASSERT_TRUE(general.ok()) << general.status();
  EXPECT_EQ(general->response_working_days(), 3);
  EXPECT_EQ(general->step_working_days(), 5);
  EXPECT_THAT(UsageMessage(ParseSlaRule("urgent:24:3")), HasSubstr("hours (2h) or working days"));
  EXPECT_THAT(UsageMessage(ParseSlaRule("urgent:24h")), HasSubstr("is not URGENCY:RESPONSE"));
}

TEST(CollaborationRequestsTest, SlaSetReplacesTheRulesGivenAndKeepsTheOthers) {
  v1::SlaPolicy current;
  current.set_etag("\"p1\"");
  for (auto [urgency, hours] : {std::pair{v1::CRITICAL, 2}, std::pair{v1::URGENT, 24}}) {
    v1::SlaRule* rule = current.add_rules();
    rule->set_urgency(urgency);
    rule->set_response_hours(hours);
    rule->set_step_working_days(1);
  }
  absl::StatusOr<v1::UpdateSlaPolicyRequest> request = BuildUpdateSlaPolicy(
      Parse({"collab", "sla", "set", "--rule", "critical:1h:1", "--rule", "general:3wd:5"}),
      current);
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::SlaPolicy& policy = request->sla_policy();
  EXPECT_EQ(policy.etag(), "\"p1\"");
  ASSERT_EQ(policy.rules_size(), 3);
  EXPECT_EQ(policy.rules(0).response_hours(), 1);
  EXPECT_EQ(policy.rules(1).response_hours(), 24);
  EXPECT_EQ(policy.rules(2).urgency(), v1::GENERAL);
}

TEST(CollaborationRequestsTest, ScoresReplaceThoseOfTheirOrgUnitAndKeepTheRest) {
  v1::Attribution current;
  current.set_name("attributions/a1");
  current.set_etag("\"v3\"");
  *current.add_contributors() =
      Contributor("orgUnits/sub-north", {v1::DEAL_OWNER, v1::ACCOUNT_OWNER});
  *current.add_contributors() = Contributor("orgUnits/sub-south", {v1::COLLABORATOR});
  current.mutable_contributors(1)->add_evidence("collaborationRequests/r1");
  *current.add_contributors() = Contributor("orgUnits/sub-east", {v1::REQUEST_PARTICIPANT});
  absl::StatusOr<v1::UpdateAttributionRequest> request = BuildUpdateAttribution(
      Parse({"attribution", "score", "a1", "--score", "sub-south=60,20,40,50", "--score",
             "orgUnits/hq=10,0,0,0", "--evidence", "sub-south=collaborationRequests/r1",
             "--evidence", "sub-south=activities/k7", "--remove", "sub-east"}),
      current);
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Attribution& sent = request->attribution();
  EXPECT_EQ(sent.name(), "attributions/a1");
  EXPECT_EQ(sent.etag(), "\"v3\"");
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("contributors"));
  ASSERT_EQ(sent.contributors_size(), 3);
  // Unscored and unchanged: as it was, without what the service computes.
  EXPECT_EQ(sent.contributors(0).org_unit(), "orgUnits/sub-north");
  EXPECT_FALSE(sent.contributors(0).has_scores());
  EXPECT_EQ(sent.contributors(0).roles_size(), 2);
  EXPECT_EQ(sent.contributors(0).share_bp(), 0);
  EXPECT_FALSE(sent.contributors(0).has_credited_amount());
  EXPECT_EQ(sent.contributors(1).scores().information(), 60);
  EXPECT_EQ(sent.contributors(1).scores().resources(), 20);
  EXPECT_EQ(sent.contributors(1).scores().participation(), 40);
  EXPECT_EQ(sent.contributors(1).scores().customer_evaluation(), 50);
  // Evidence it has already is not added twice.
  EXPECT_THAT(sent.contributors(1).evidence(),
              ElementsAre("collaborationRequests/r1", "activities/k7"));
  EXPECT_EQ(sent.contributors(2).org_unit(), "orgUnits/hq");
  EXPECT_EQ(sent.contributors(2).roles_size(), 0);
  EXPECT_EQ(sent.contributors(2).scores().information(), 10);
}

TEST(CollaborationRequestsTest, BadScoresAreUsageErrors) {
  v1::Attribution current;
  *current.add_contributors() = Contributor("orgUnits/sub-north", {v1::DEAL_OWNER});
  EXPECT_THAT(UsageMessage(BuildUpdateAttribution(Parse({"attribution", "score", "a1"}), current)),
              HasSubstr("nothing to change"));
  EXPECT_THAT(UsageMessage(BuildUpdateAttribution(
                  Parse({"attribution", "score", "a1", "--score", "sub-north=60,20,40"}), current)),
              HasSubstr("--score: \"sub-north=60,20,40\" is not ORGUNIT=INFORMATION"));
  EXPECT_THAT(
      UsageMessage(BuildUpdateAttribution(
          Parse({"attribution", "score", "a1", "--score", "sub-north=60,20,40,101"}), current)),
      HasSubstr("scores 0-100"));
  EXPECT_THAT(UsageMessage(BuildUpdateAttribution(
                  Parse({"attribution", "score", "a1", "--score", "sub-north=1,1,1,1", "--score",
                         "orgUnits/sub-north=2,2,2,2"}),
                  current)),
              HasSubstr("orgUnits/sub-north is scored twice"));
  EXPECT_THAT(
      UsageMessage(BuildUpdateAttribution(
          Parse({"attribution", "score", "a1", "--evidence", "sub-west=activities/x"}), current)),
      HasSubstr("orgUnits/sub-west is not a contributor"));
}

TEST(CollaborationRequestsTest, AdjustNeedsAReason) {
  v1::Attribution current;
  current.set_name("attributions/a1");
  current.set_etag("\"v5\"");
  *current.add_contributors() = Contributor("orgUnits/sub-north", {v1::DEAL_OWNER});
  EXPECT_THAT(UsageMessage(BuildAdjustAttribution(
                  Parse({"attribution", "adjust", "a1", "--score", "sub-north=1,1,1,1"}), current)),
              HasSubstr("--reason is required"));
  absl::StatusOr<v1::AdjustAttributionRequest> request = BuildAdjustAttribution(
      Parse({"attribution", "adjust", "a1", "--score", "sub-north=1,1,1,1", "--reason", "复核"}),
      current);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->etag(), "\"v5\"");
  EXPECT_EQ(request->reason(), "复核");
  ASSERT_EQ(request->contributors_size(), 1);
  EXPECT_EQ(request->contributors(0).scores().information(), 1);
}

TEST(CollaborationRequestsTest, PolicyWeightsArePercentAsBasisPoints) {
  v1::AttributionPolicy current;
  current.set_dispute_days(10);
  current.set_etag("\"p4\"");
  absl::StatusOr<v1::UpdateAttributionPolicyRequest> request = BuildUpdateAttributionPolicy(
      Parse({"attribution", "policy", "set", "--weights", "25,25.5,29.5,20%"}), current);
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::AttributionPolicy& policy = request->attribution_policy();
  EXPECT_EQ(policy.weights().information_bp(), 2500);
  EXPECT_EQ(policy.weights().resources_bp(), 2550);
  EXPECT_EQ(policy.weights().participation_bp(), 2950);
  EXPECT_EQ(policy.weights().customer_evaluation_bp(), 2000);
  EXPECT_EQ(policy.dispute_days(), 10);
  EXPECT_EQ(policy.etag(), "\"p4\"");
  EXPECT_THAT(UsageMessage(BuildUpdateAttributionPolicy(
                  Parse({"attribution", "policy", "set", "--weights", "20,30,50"}), current)),
              HasSubstr("--weights: \"20,30,50\" is not INFORMATION"));
}

TEST(CollaborationRequestsTest, TheCreditReportNeedsAQuarter) {
  absl::StatusOr<v1::GetCreditReportRequest> request =
      BuildGetCreditReport(Parse({"credit", "report", "--quarter", "2026q4", "--org-unit", "hq"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->quarter(), "2026Q4");
  EXPECT_EQ(request->org_unit(), "orgUnits/hq");
  EXPECT_THAT(UsageMessage(BuildGetCreditReport(Parse({"credit", "report"}))),
              HasSubstr("--quarter is required"));
  EXPECT_THAT(
      UsageMessage(BuildGetCreditReport(Parse({"credit", "report", "--quarter", "2026-4"}))),
      HasSubstr("--quarter: \"2026-4\" is not a quarter"));
}

}  // namespace
}  // namespace crm::crmctl
