// Runs whole crmctl pipeline command lines against an in-process fake of the
// OpportunityService: what reaches the server (the etag read first when none
// is given, every page of the board) and what the person sees.

#include <string>
#include <vector>

#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

v1::Opportunity Stored(v1::Stage stage, const std::string& title) {
  v1::Opportunity opportunity;
  opportunity.set_name("opportunities/o1");
  opportunity.set_customer("customers/c1");
  opportunity.set_customer_display_name("华信新能源");
  opportunity.set_title(title);
  opportunity.set_stage(stage);
  opportunity.mutable_amount()->set_currency_code("CNY");
  opportunity.mutable_amount()->set_minor_units(120000000);
  opportunity.set_etag("\"v7\"");
  return opportunity;
}

class FakeOpportunityService final : public v1::OpportunityService::Service {
 public:
  grpc::Status GetOpportunity(grpc::ServerContext*, const v1::GetOpportunityRequest* request,
                              v1::Opportunity* response) override {
    calls_.Add("GetOpportunity " + request->name());
    *response = Stored(v1::DISCOVERY, "光伏二期");
    return grpc::Status::OK;
  }

  grpc::Status ChangeStage(grpc::ServerContext*, const v1::ChangeStageRequest* request,
                           v1::Opportunity* response) override {
    calls_.Add("ChangeStage " + request->name() + " " + v1::Stage_Name(request->stage()) +
               " etag=" + request->etag());
    if (request->etag() != "\"v7\"") {
      return status::ToGrpc(status::Error(absl::StatusCode::kAborted, "opportunity.crm",
                                          "ETAG_MISMATCH", "the opportunity has changed", {}));
    }
    *response = Stored(request->stage(), "光伏二期");
    return grpc::Status::OK;
  }

  // Two pages of one opportunity each.
  grpc::Status ListOpportunities(grpc::ServerContext*, const v1::ListOpportunitiesRequest* request,
                                 v1::ListOpportunitiesResponse* response) override {
    calls_.Add("ListOpportunities stages=" + std::to_string(request->stages_size()) +
               " token=" + request->page_token());
    if (request->page_token().empty()) {
      *response->add_opportunities() = Stored(v1::LEAD, "光伏二期");
      response->set_next_page_token("p2");
    } else {
      *response->add_opportunities() = Stored(v1::QUOTE, "储能");
    }
    return grpc::Status::OK;
  }

  grpc::Status CreateActivity(grpc::ServerContext*, const v1::CreateActivityRequest* request,
                              v1::Activity* response) override {
    calls_.Add("CreateActivity " + v1::Activity::Type_Name(request->activity().type()));
    *response = request->activity();
    response->set_name("activities/a1");
    response->set_author("users/li.na");
    return grpc::Status::OK;
  }

  grpc::Status ListStaleOpportunities(grpc::ServerContext*,
                                      const v1::ListStaleOpportunitiesRequest* request,
                                      v1::ListStaleOpportunitiesResponse* response) override {
    calls_.Add("ListStaleOpportunities org_unit=" + request->org_unit());
    v1::StaleOpportunity* stale = response->add_stale_opportunities();
    *stale->mutable_opportunity() = Stored(v1::SOLUTION, "储能");
    stale->mutable_opportunity()->mutable_last_activity_time()->set_seconds(1);
    stale->mutable_opportunity()->mutable_next_follow_up_date()->set_year(2026);
    stale->mutable_opportunity()->mutable_next_follow_up_date()->set_month(11);
    stale->mutable_opportunity()->mutable_next_follow_up_date()->set_day(20);
    stale->set_no_recent_activity(true);
    stale->set_follow_up_overdue(true);
    stale->set_days_since_activity(30);
    return grpc::Status::OK;
  }

  std::vector<std::string> calls() const { return calls_.all(); }

 private:
  Recorder<std::string> calls_;
};

using OpportunityCommandsTest = CrmctlCommandTest<FakeOpportunityService>;

TEST_F(OpportunityCommandsTest, AStageChangeWithoutAnEtagReadsTheCurrentOneFirst) {
  ASSERT_EQ(Run({"opportunity", "stage", "o1", "quote"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("GetOpportunity opportunities/o1",
                                            "ChangeStage opportunities/o1 QUOTE etag=\"v7\""));
  EXPECT_THAT(out_.str(), HasSubstr("stage:"));
  EXPECT_THAT(out_.str(), HasSubstr("quote 报价"));
  EXPECT_THAT(out_.str(), HasSubstr("1,200,000.00 CNY (120.00万)"));
}

TEST_F(OpportunityCommandsTest, AGivenEtagIsSentAsItIs) {
  EXPECT_EQ(Run({"opportunity", "stage", "o1", "quote", "--etag", "\"v6\""}), kExitFailed);
  EXPECT_THAT(service_.calls(), ElementsAre("ChangeStage opportunities/o1 QUOTE etag=\"v6\""));
  EXPECT_THAT(err_.str(), HasSubstr("ETAG_MISMATCH"));
}

TEST_F(OpportunityCommandsTest, AUsageErrorCallsNothing) {
  EXPECT_EQ(Run({"opportunity", "stage", "o1", "won"}), kExitUsage);
  EXPECT_THAT(service_.calls(), IsEmpty());
  EXPECT_THAT(err_.str(), HasSubstr("use \"crmctl opportunity win\""));
}

TEST_F(OpportunityCommandsTest, TheBoardFetchesEveryPage) {
  ASSERT_EQ(Run({"pipeline", "board"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("ListOpportunities stages=5 token=",
                                            "ListOpportunities stages=5 token=p2"));
  EXPECT_THAT(out_.str(), HasSubstr("光伏二期 · 华信新能源 · 120.00万"));
  EXPECT_THAT(out_.str(), HasSubstr("储能 · 华信新能源 · 120.00万"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("More")));
}

TEST_F(OpportunityCommandsTest, RemindersSayWhy) {
  ASSERT_EQ(Run({"reminders", "--org-unit", "sub-east"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("ListStaleOpportunities org_unit=orgUnits/sub-east"));
  EXPECT_THAT(out_.str(), HasSubstr("no activity for 30 days; follow-up was due 2026-11-20"));
}

TEST_F(OpportunityCommandsTest, ActivityLogSendsTheActivity) {
  ASSERT_EQ(
      Run({"activity", "log", "--customer", "c1", "--type", "visit", "--summary", "拜访采购部"}),
      kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("CreateActivity VISIT"));
  EXPECT_THAT(out_.str(), HasSubstr("activities/a1"));
  EXPECT_THAT(out_.str(), HasSubstr("拜访采购部"));
}

}  // namespace
}  // namespace crm::crmctl
