// Runs whole crmctl scoring command lines (customer overview, group
// overview, risk, tier review, scorecard target, scoring rebuild, reminders)
// against in-process fakes of the ScoringService and the
// OpportunityService: what reaches the server (the etag read first, the
// proposal found in its review) and what the person sees.

#include "tools/crmctl/scoring_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/client_context.h"
#include "tools/crmctl/crmctl_test_fixture.h"
#include "tools/crmctl/exit_status.h"
#include "tools/crmctl/parse_for_test.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;
namespace opportunity_v1 = ::crm::opportunity::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money;
}

v1::ChurnWarning StoredWarning() {
  v1::ChurnWarning warning;
  warning.set_name("churnWarnings/w1");
  warning.set_customer("customers/c3");
  warning.set_display_name("北京华信新能源科技有限公司");
  warning.set_owner_org_unit("orgUnits/sub-north");
  warning.set_state(v1::ChurnWarning::OPEN);
  warning.add_reasons("overdue receivables 500,000.00 CNY, 45 days past due");
  warning.add_reasons("no visit for 120 days");
  warning.set_health_score(38.5);
  warning.set_tier(v1::TIER_B);
  warning.set_etag("\"v4\"");
  return warning;
}

v1::TierProposal Proposal(const std::string& customer) {
  v1::TierProposal proposal;
  proposal.set_name("tierReviews/2026Q4/proposals/" + customer);
  proposal.set_customer("customers/" + customer);
  proposal.set_current_tier(v1::TIER_C);
  proposal.set_proposed_tier(v1::TIER_B);
  proposal.set_state(v1::TierProposal::PENDING);
  proposal.set_etag("\"e-" + customer + "\"");
  return proposal;
}

class FakeScoringService final : public v1::ScoringService::Service {
 public:
  grpc::Status GetCustomerOverview(grpc::ServerContext*,
                                   const v1::GetCustomerOverviewRequest* request,
                                   v1::CustomerOverview* response) override {
    calls_.Add("GetCustomerOverview " + request->customer());
    response->set_customer(request->customer());
    response->set_display_name("北京华信新能源科技有限公司");
    response->set_owner_org_unit("orgUnits/sub-north");
    response->set_tier(v1::TIER_B);
    response->set_coordinated_by("orgUnits/sub-north");
    v1::ValueAssessment* value = response->mutable_value();
    value->set_score(46.2);
    value->set_computed_tier(v1::TIER_B);
    value->set_tier_reason("annual purchases 1,750,000.00 CNY from 1,000,000.00");
    v1::ValueFactor* factor = value->add_factors();
    factor->set_factor("annual_purchases");
    factor->set_value(175000000);
    factor->set_unit("fen");
    factor->set_weight_bp(4000);
    factor->set_points(7.0);
    factor->set_explanation("annual purchases 1,750,000.00 CNY of 10,000,000.00 for full marks");
    v1::HealthAssessment* health = response->mutable_health();
    health->set_score(38.5);
    health->set_risk(v1::RISK_HIGH);
    health->add_reasons("overdue receivables 500,000.00 CNY, 45 days past due");
    v1::HealthSignal* signal = health->add_signals();
    signal->set_signal("days_since_visit");
    signal->set_value(120);
    signal->set_threshold(60);
    signal->set_weight_bp(1000);
    signal->set_triggered(true);
    signal->set_penalty(10);
    signal->set_reason("no visit for 120 days");
    *response->mutable_overdue() = Cny(50000000);
    response->set_open_collaboration_requests(2);
    response->set_churn_warning("churnWarnings/w1");
    return grpc::Status::OK;
  }

  grpc::Status GetGroupOverview(grpc::ServerContext*, const v1::GetGroupOverviewRequest* request,
                                v1::GroupOverview* response) override {
    calls_.Add("GetGroupOverview " + request->node());
    response->set_node(request->node());
    response->set_display_name("上海华信能源集团有限公司");
    response->set_customers(2);
    response->set_partial(true);
    response->set_worst_risk(v1::RISK_HIGH);
    response->set_worst_health_score(38.5);
    v1::GroupOverviewNode* root = response->add_nodes();
    root->set_node(request->node());
    root->set_display_name("上海华信能源集团有限公司");
    root->set_customer("customers/c1");
    root->set_tier(v1::TIER_A);
    root->set_risk(v1::RISK_LOW);
    root->set_health_score(91);
    v1::GroupOverviewNode* child = response->add_nodes();
    child->set_node("nodes/2");
    child->set_parent(request->node());
    child->set_depth(1);
    child->set_display_name("北京华信新能源科技有限公司");
    child->set_customer("customers/c3");
    child->set_tier(v1::TIER_B);
    child->set_risk(v1::RISK_HIGH);
    child->set_health_score(38.5);
    v1::GroupOverviewNode* hidden = response->add_nodes();
    hidden->set_node("nodes/3");
    hidden->set_parent(request->node());
    hidden->set_depth(1);
    hidden->set_display_name("深圳华信储能技术有限公司");
    v1::AtRiskMember* member = response->add_at_risk();
    member->set_customer("customers/c3");
    member->set_display_name("北京华信新能源科技有限公司");
    member->set_owner_org_unit("orgUnits/sub-north");
    member->set_tier(v1::TIER_B);
    member->set_risk(v1::RISK_HIGH);
    member->set_health_score(38.5);
    member->add_reasons("no visit for 120 days");
    return grpc::Status::OK;
  }

  grpc::Status GetChurnWarning(grpc::ServerContext*, const v1::GetChurnWarningRequest* request,
                               v1::ChurnWarning* response) override {
    calls_.Add("GetChurnWarning " + request->name());
    *response = StoredWarning();
    return grpc::Status::OK;
  }

  grpc::Status RecordRetentionPlan(grpc::ServerContext*,
                                   const v1::RecordRetentionPlanRequest* request,
                                   v1::ChurnWarning* response) override {
    calls_.Add("RecordRetentionPlan " + request->name() + " etag=" + request->etag() + " " +
               request->retention_plan().actions());
    *response = StoredWarning();
    *response->mutable_retention_plan() = request->retention_plan();
    response->mutable_retention_plan()->set_outcome(v1::RetentionPlan::IN_PROGRESS);
    return grpc::Status::OK;
  }

  grpc::Status ListChurnWarnings(grpc::ServerContext*, const v1::ListChurnWarningsRequest* request,
                                 v1::ListChurnWarningsResponse* response) override {
    calls_.Add("ListChurnWarnings state=" + v1::ChurnWarning::State_Name(request->state()) +
               " org_unit=" + request->owner_org_unit());
    *response->add_churn_warnings() = StoredWarning();
    return grpc::Status::OK;
  }

  // Two pages: c1 on the first, c9 on the second.
  grpc::Status ListTierProposals(grpc::ServerContext*, const v1::ListTierProposalsRequest* request,
                                 v1::ListTierProposalsResponse* response) override {
    calls_.Add("ListTierProposals " + request->parent() + " token=" + request->page_token());
    if (request->page_token().empty()) {
      *response->add_proposals() = Proposal("c1");
      response->set_next_page_token("p2");
    } else {
      *response->add_proposals() = Proposal("c9");
    }
    return grpc::Status::OK;
  }

  grpc::Status DecideTierProposal(grpc::ServerContext*,
                                  const v1::DecideTierProposalRequest* request,
                                  v1::TierProposal* response) override {
    calls_.Add("DecideTierProposal " + request->name() + " etag=" + request->etag() + " " +
               v1::DecideTierProposalRequest::Decision_Name(request->decision()));
    *response = Proposal("c9");
    response->set_state(v1::TierProposal::APPROVED);
    response->set_decided_tier(v1::TIER_B);
    response->set_decided_by("users/fang.lin");
    return grpc::Status::OK;
  }

  grpc::Status ListSalesTargets(grpc::ServerContext*, const v1::ListSalesTargetsRequest* request,
                                v1::ListSalesTargetsResponse* response) override {
    calls_.Add("ListSalesTargets " + request->quarter());
    v1::SalesTarget* target = response->add_sales_targets();
    target->set_name("orgUnits/sub-east/salesTargets/" + request->quarter());
    target->set_etag("\"t1\"");
    return grpc::Status::OK;
  }

  grpc::Status SetSalesTarget(grpc::ServerContext*, const v1::SetSalesTargetRequest* request,
                              v1::SalesTarget* response) override {
    calls_.Add("SetSalesTarget " + request->sales_target().name() +
               " etag=" + request->sales_target().etag() +
               " amount=" + std::to_string(request->sales_target().amount().minor_units()));
    *response = request->sales_target();
    return grpc::Status::OK;
  }

  // RUNNING 0 of 3, then 2 of 3, then SUCCEEDED 3 of 3.
  grpc::Status StartFactsRebuild(grpc::ServerContext*, const v1::StartFactsRebuildRequest*,
                                 v1::FactsRebuild* response) override {
    calls_.Add("StartFactsRebuild");
    Rebuild(0, response);
    return grpc::Status::OK;
  }

  grpc::Status GetFactsRebuild(grpc::ServerContext*, const v1::GetFactsRebuildRequest* request,
                               v1::FactsRebuild* response) override {
    calls_.Add("GetFactsRebuild " + request->name());
    Rebuild(++reads_ == 1 ? 2 : 3, response);
    return grpc::Status::OK;
  }

  std::vector<std::string> calls() const { return calls_.all(); }

 private:
  static void Rebuild(int done, v1::FactsRebuild* rebuild) {
    rebuild->set_name("factsRebuilds/r1");
    rebuild->set_customers_total(3);
    rebuild->set_customers_done(done);
    rebuild->set_state(done == 3 ? v1::FactsRebuild::SUCCEEDED : v1::FactsRebuild::RUNNING);
  }

  Recorder<std::string> calls_;
  std::atomic<int> reads_ = 0;
};

class FakeStaleOpportunities final : public opportunity_v1::OpportunityService::Service {
 public:
  grpc::Status ListStaleOpportunities(grpc::ServerContext*,
                                      const opportunity_v1::ListStaleOpportunitiesRequest*,
                                      opportunity_v1::ListStaleOpportunitiesResponse*) override {
    return grpc::Status::OK;
  }
};

class ScoringCommandsTest : public CrmctlServerTest {
 protected:
  void RegisterServices(grpc::ServerBuilder& builder) override {
    builder.RegisterService(&service_);
    builder.RegisterService(&opportunities_);
  }

  FakeScoringService service_;
  FakeStaleOpportunities opportunities_;
};

// Counts the waits and never asks to stop.
class CountingWaiter final : public PollWaiter {
 public:
  bool StopRequested() override { return false; }
  void Wait(absl::Duration) override { ++waits; }
  int waits = 0;
};

TEST_F(ScoringCommandsTest, TheCustomerOverviewShowsTierValueAndReasons) {
  ASSERT_EQ(Run({"customer", "overview", "c3"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("GetCustomerOverview customers/c3"));
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("B (coordinated by orgUnits/sub-north)"));
  EXPECT_THAT(out, HasSubstr("38.5 of 100, high 高 risk"));
  EXPECT_THAT(out, HasSubstr("overdue receivables 500,000.00 CNY, 45 days past due"));
  EXPECT_THAT(out, HasSubstr("annual_purchases  1,750,000.00 CNY (175.00万)  40.00%"));
  EXPECT_THAT(out, HasSubstr("no visit for 120 days"));
  EXPECT_THAT(out, HasSubstr("churnWarnings/w1 (open)"));
  EXPECT_THAT(out, HasSubstr("last_visit_time"));
}

TEST_F(ScoringCommandsTest, TheGroupOverviewIsPlainUnlessStdoutTakesColour) {
  ASSERT_EQ(Run({"group", "overview", "nodes/1"}), kExitOk) << err_.str();
  std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("上海华信能源集团有限公司  [tier A; low 低 risk, health 91.0]"));
  EXPECT_THAT(out,
              HasSubstr("\n  北京华信新能源科技有限公司  [tier B; high 高 risk, health 38.5]"));
  EXPECT_THAT(out, HasSubstr("  深圳华信储能技术有限公司  [outside your scope]"));
  EXPECT_THAT(out, HasSubstr("Partial: the figures count only the customers"));
  EXPECT_THAT(out, Not(HasSubstr("\033[")));

  defaults_.stdout_takes_colour = true;
  ASSERT_EQ(Run({"group", "overview", "nodes/1"}), kExitOk) << err_.str();
  out = out_.str();
  EXPECT_THAT(out, HasSubstr("tier \033[36mB\033[0m; \033[31mhigh 高\033[0m risk"));
  EXPECT_THAT(out, HasSubstr("tier \033[1;35mA\033[0m"));
}

TEST_F(ScoringCommandsTest, APlanWithoutAnEtagReadsTheWarningFirst) {
  ASSERT_EQ(Run({"risk", "plan", "w1", "--actions", "总经理拜访，催收并续签"}), kExitOk)
      << err_.str();
  EXPECT_THAT(
      service_.calls(),
      ElementsAre("GetChurnWarning churnWarnings/w1",
                  "RecordRetentionPlan churnWarnings/w1 etag=\"v4\" 总经理拜访，催收并续签"));
  EXPECT_THAT(out_.str(), HasSubstr("in-progress"));
}

TEST_F(ScoringCommandsTest, ADecisionFindsTheProposalsEtagInItsReview) {
  ASSERT_EQ(Run({"tier", "review", "approve", "2026Q4", "c9"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("ListTierProposals tierReviews/2026Q4 token=",
                          "ListTierProposals tierReviews/2026Q4 token=p2",
                          "DecideTierProposal tierReviews/2026Q4/proposals/c9 etag=\"e-c9\" "
                          "APPROVE"));
  EXPECT_THAT(out_.str(), HasSubstr("C → B"));
  EXPECT_THAT(out_.str(), HasSubstr("users/fang.lin"));
}

TEST_F(ScoringCommandsTest, AProposalNotInTheReviewIsNotDecided) {
  EXPECT_EQ(Run({"tier", "review", "approve", "2026Q4", "c404"}), kExitFailed);
  EXPECT_THAT(service_.calls(), ElementsAre("ListTierProposals tierReviews/2026Q4 token=",
                                            "ListTierProposals tierReviews/2026Q4 token=p2"));
  EXPECT_THAT(err_.str(), HasSubstr("is not among the review's proposals you may see"));
}

TEST_F(ScoringCommandsTest, ATargetChangeSendsTheCurrentEtag) {
  ASSERT_EQ(Run({"scorecard", "target", "set", "sub-east", "--quarter", "2026Q4", "--amount",
                 "12000000"}),
            kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("ListSalesTargets 2026Q4",
                          "SetSalesTarget orgUnits/sub-east/salesTargets/2026Q4 etag=\"t1\" "
                          "amount=1200000000"));
  ASSERT_EQ(Run({"scorecard", "target", "set", "sub-north", "--quarter", "2026Q4", "--amount",
                 "8000000"}),
            kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls().back(),
              "SetSalesTarget orgUnits/sub-north/salesTargets/2026Q4 etag= amount=800000000");
}

TEST_F(ScoringCommandsTest, TheRebuildShowsProgressUntilDone) {
  const Invocation invocation = Parse({"scoring", "rebuild"});
  std::unique_ptr<ContextFactory> contexts = ContextFactoryFor(invocation.options, "token");
  std::unique_ptr<v1::ScoringService::Stub> stub =
      v1::ScoringService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  CountingWaiter waiter;
  std::ostringstream out;
  ASSERT_TRUE(
      RunScoringRebuild(invocation, *stub, *contexts, out, waiter, absl::Milliseconds(1)).ok());
  EXPECT_THAT(service_.calls(), ElementsAre("StartFactsRebuild", "GetFactsRebuild factsRebuilds/r1",
                                            "GetFactsRebuild factsRebuilds/r1"));
  EXPECT_EQ(waiter.waits, 2);
  EXPECT_EQ(out.str(),
            "factsRebuilds/r1: running: 0 of 3 customers (0%)\n"
            "factsRebuilds/r1: running: 2 of 3 customers (66%)\n"
            "factsRebuilds/r1: succeeded: 3 of 3 customers (100%)\n");
}

TEST_F(ScoringCommandsTest, RemindersListTheOpenChurnWarnings) {
  ASSERT_EQ(Run({"reminders", "--org-unit", "sub-north"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("ListChurnWarnings state=OPEN org_unit=orgUnits/sub-north"));
  EXPECT_THAT(out_.str(), HasSubstr("open churn warnings (流失预警)"));
  EXPECT_THAT(out_.str(), HasSubstr("北京华信新能源科技有限公司"));
  EXPECT_THAT(out_.str(), HasSubstr("no visit for 120 days"));
}

TEST_F(ScoringCommandsTest, AUsageErrorCallsNothing) {
  EXPECT_EQ(Run({"survey", "record", "--contact", "customers/c1/contacts/k1", "--period", "2026Q4",
                 "--score", "12"}),
            kExitUsage);
  EXPECT_THAT(service_.calls(), IsEmpty());
  EXPECT_THAT(err_.str(), HasSubstr("--score: \"12\" is not a score 0-10"));
}

}  // namespace
}  // namespace crm::crmctl
