// Runs whole crmctl collab, attribution and credit command lines against an
// in-process fake of the CollaborationService: what reaches the server (the
// etag or the attribution read first) and what the person sees.

#include <string>
#include <vector>

#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::collaboration::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::CollaborationRequest StoredRequest(v1::CollaborationStep step) {
  v1::CollaborationRequest request;
  request.set_name("collaborationRequests/r1");
  request.set_title("智慧园区综合能源项目：设计+施工+物资");
  request.set_customer("customers/c2");
  request.set_urgency(v1::URGENT);
  request.set_step(step);
  request.set_etag("\"v2\"");
  return request;
}

v1::Attribution StoredAttribution() {
  v1::Attribution attribution;
  attribution.set_name("attributions/a1");
  attribution.set_state(v1::DRAFT);
  attribution.set_etag("\"v1\"");
  attribution.mutable_amount()->set_currency_code("CNY");
  attribution.mutable_amount()->set_minor_units(320000000);
  for (const char* org_unit : {"orgUnits/sub-north", "orgUnits/sub-south"}) {
    v1::Contributor* contributor = attribution.add_contributors();
    contributor->set_org_unit(org_unit);
    contributor->add_roles(v1::DEAL_OWNER);
  }
  return attribution;
}

std::string Scores(const v1::Contributor& contributor) {
  if (!contributor.has_scores()) return contributor.org_unit() + "=unscored";
  const v1::ContributionScores& s = contributor.scores();
  return contributor.org_unit() + "=" + std::to_string(s.information()) + "," +
         std::to_string(s.resources()) + "," + std::to_string(s.participation()) + "," +
         std::to_string(s.customer_evaluation());
}

class FakeCollaborationService final : public v1::CollaborationService::Service {
 public:
  grpc::Status GetCollaborationRequest(grpc::ServerContext*,
                                       const v1::GetCollaborationRequestRequest* request,
                                       v1::CollaborationRequest* response) override {
    calls_.Add("GetCollaborationRequest " + request->name());
    *response = StoredRequest(v1::TO_SURVEY);
    return grpc::Status::OK;
  }

  grpc::Status AdvanceCollaborationRequest(grpc::ServerContext*,
                                           const v1::AdvanceCollaborationRequestRequest* request,
                                           v1::CollaborationRequest* response) override {
    calls_.Add("AdvanceCollaborationRequest " + request->name() + " etag=" + request->etag() +
               " step=" + v1::CollaborationStep_Name(request->step()) +
               " owner=" + request->step_owner());
    *response = StoredRequest(request->step());
    response->set_step_owner(request->step_owner());
    return grpc::Status::OK;
  }

  grpc::Status CancelCollaborationRequest(grpc::ServerContext*,
                                          const v1::CancelCollaborationRequestRequest* request,
                                          v1::CollaborationRequest*) override {
    calls_.Add("CancelCollaborationRequest " + request->name());
    return grpc::Status::OK;
  }

  grpc::Status GetCollaborationBoard(grpc::ServerContext*,
                                     const v1::GetCollaborationBoardRequest* request,
                                     v1::CollaborationBoard* response) override {
    calls_.Add("GetCollaborationBoard org_unit=" + request->org_unit());
    for (v1::CollaborationStep step :
         {v1::TO_SURVEY, v1::DESIGNING, v1::PENDING_APPROVAL, v1::EXECUTING, v1::DONE}) {
      v1::BoardColumn* column = response->add_columns();
      column->set_step(step);
      if (step != v1::TO_SURVEY) continue;
      column->set_count(1);
      column->set_overdue_count(1);
      v1::BoardCard* card = column->add_cards();
      card->set_title("储能柜BMS告警紧急排查");
      card->set_urgency(v1::CRITICAL);
      card->set_customer_display_name("深圳华信储能技术有限公司");
      card->set_step_owner("users/he.jun");
      card->mutable_step_due_time()->set_seconds(1796544000);
      card->set_seconds_left(-600);
    }
    return grpc::Status::OK;
  }

  grpc::Status GetAttribution(grpc::ServerContext*, const v1::GetAttributionRequest* request,
                              v1::Attribution* response) override {
    calls_.Add("GetAttribution " + request->name());
    *response = StoredAttribution();
    return grpc::Status::OK;
  }

  grpc::Status UpdateAttribution(grpc::ServerContext*, const v1::UpdateAttributionRequest* request,
                                 v1::Attribution* response) override {
    std::string call = "UpdateAttribution " + request->attribution().name() +
                       " etag=" + request->attribution().etag();
    for (const v1::Contributor& contributor : request->attribution().contributors()) {
      call += " " + Scores(contributor);
    }
    calls_.Add(call);
    *response = request->attribution();
    response->mutable_contributors(0)->set_share_bp(6000);
    response->mutable_contributors(1)->set_share_bp(4000);
    return grpc::Status::OK;
  }

  grpc::Status ApproveAttribution(grpc::ServerContext*,
                                  const v1::ApproveAttributionRequest* request,
                                  v1::Attribution*) override {
    calls_.Add("ApproveAttribution " + request->name() + " etag=" + request->etag());
    return status::ToGrpc(status::Error(
        absl::StatusCode::kPermissionDenied, "collaboration.crm", "STRATEGY_ROLE_REQUIRED",
        "approving an attribution needs the strategy role at HQ", {}));
  }

  std::vector<std::string> calls() const { return calls_.all(); }

 private:
  Recorder<std::string> calls_;
};

using CollaborationCommandsTest = CrmctlCommandTest<FakeCollaborationService>;

TEST_F(CollaborationCommandsTest, AnAdvanceWithoutAnEtagReadsTheCurrentOneFirst) {
  ASSERT_EQ(Run({"collab", "advance", "r1", "designing", "--owner", "liu.yang"}), kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("GetCollaborationRequest collaborationRequests/r1",
                          "AdvanceCollaborationRequest collaborationRequests/r1 etag=\"v2\" "
                          "step=DESIGNING owner=users/liu.yang"));
  EXPECT_THAT(out_.str(), HasSubstr("方案设计中 designing"));
}

TEST_F(CollaborationCommandsTest, AUsageErrorCallsNothing) {
  EXPECT_EQ(Run({"collab", "cancel", "r1"}), kExitUsage);
  EXPECT_THAT(service_.calls(), IsEmpty());
  EXPECT_THAT(err_.str(), HasSubstr("--reason is required"));
}

TEST_F(CollaborationCommandsTest, ScoringSendsEveryContributorWithTheScoresGiven) {
  ASSERT_EQ(Run({"attribution", "score", "a1", "--score", "sub-south=60,20,40,50"}), kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("GetAttribution attributions/a1",
                          "UpdateAttribution attributions/a1 etag=\"v1\" "
                          "orgUnits/sub-north=unscored orgUnits/sub-south=60,20,40,50"));
  EXPECT_THAT(out_.str(), HasSubstr("40.00%"));
}

TEST_F(CollaborationCommandsTest, TheBoardMarksUrgencyAndOverdue) {
  ASSERT_EQ(Run({"collab", "board", "--org-unit", "sub-south"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("GetCollaborationBoard org_unit=orgUnits/sub-south"));
  EXPECT_THAT(out_.str(), HasSubstr("待调研 to-survey"));
  EXPECT_THAT(out_.str(), HasSubstr("[特急] 储能柜BMS告警紧急排查"));
  EXPECT_THAT(out_.str(), HasSubstr("overdue 10m"));
  EXPECT_THAT(out_.str(), HasSubstr("1 (1 overdue)"));
}

TEST_F(CollaborationCommandsTest, ARefusalShowsItsReason) {
  EXPECT_EQ(Run({"attribution", "approve", "a1", "--comment", "按协同记录核定"}), kExitFailed);
  EXPECT_THAT(service_.calls(), ElementsAre("GetAttribution attributions/a1",
                                            "ApproveAttribution attributions/a1 etag=\"v1\""));
  EXPECT_THAT(err_.str(), HasSubstr("STRATEGY_ROLE_REQUIRED"));
}

}  // namespace
}  // namespace crm::crmctl
