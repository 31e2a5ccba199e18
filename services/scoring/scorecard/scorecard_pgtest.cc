// Sales targets and org-unit scorecards against real servers, with the real
// opportunity, contract and collaboration modules: a won opportunity of the
// quarter against the target, the credit of an approved attribution, open
// opportunities with an overdue follow-up, collaboration response SLAs met
// and breached, the customer service's data completeness, the surveys'
// mean and the policy's weights; who may set targets and read scorecards;
// etags; a service that does not answer named, never made up.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/scoring/scorecard/scorecard_handlers.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring::testing {
namespace {

namespace opp = ::crm::opportunity::v1;
namespace collab = ::crm::collaboration::v1;
using auth::v1::Principal;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kYuan = 100;  // fen

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(status)) fields.insert(violation.field());
  return fields;
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

const v1::ScorecardComponent& ComponentOf(const v1::Scorecard& scorecard, const std::string& name) {
  for (const v1::ScorecardComponent& component : scorecard.components()) {
    if (component.component() == name) return component;
  }
  static const v1::ScorecardComponent none;
  ADD_FAILURE() << "no component " << name;
  return none;
}

std::map<std::string, double> Inputs(const v1::ScorecardComponent& component) {
  std::map<std::string, double> inputs;
  for (const v1::ScorecardInput& input : component.inputs()) inputs[input.name()] = input.value();
  return inputs;
}

class ScorecardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start(
        "scoring_scorecard", {.opportunity = true, .contract = true, .collaboration = true});
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    // Winning a new opportunity at once (the way through the stages and
    // their gates is the pipeline's tests' business).
    opp::StageModel model;
    ASSERT_TRUE(env_->opportunities()
                    .GetStageModel(env_->As(Hq()).get(), opp::GetStageModelRequest(), &model)
                    .ok());
    opp::UpdateStageModelRequest update;
    *update.mutable_stage_model() = model;
    update.mutable_stage_model()->set_min_survey_completeness_bp(0);
    update.mutable_stage_model()->set_require_decision_maker(false);
    const grpc::Status updated =
        env_->opportunities().UpdateStageModel(env_->As(Hq()).get(), update, &model);
    ASSERT_TRUE(updated.ok()) << updated.error_message();
  }
  static void TearDownTestSuite() { env_.reset(); }

  static std::string Quarter() {
    return clock::FormatQuarter(clock::QuarterOf(clock::BusinessToday(env_->clock())));
  }

  static absl::StatusOr<v1::SalesTarget> SetTarget(const Principal& as, const std::string& name,
                                                   int64_t fen, const std::string& etag = "",
                                                   const std::string& currency = "CNY") {
    v1::SetSalesTargetRequest request;
    request.mutable_sales_target()->set_name(name);
    request.mutable_sales_target()->mutable_amount()->set_currency_code(currency);
    request.mutable_sales_target()->mutable_amount()->set_minor_units(fen);
    request.mutable_sales_target()->set_etag(etag);
    v1::SalesTarget target;
    const grpc::Status status = env_->stub().SetSalesTarget(env_->As(as).get(), request, &target);
    if (!status.ok()) return status::FromGrpc(status);
    return target;
  }

  static absl::StatusOr<std::vector<std::string>> Targets(const Principal& as,
                                                          const std::string& quarter) {
    v1::ListSalesTargetsRequest request;
    request.set_quarter(quarter);
    v1::ListSalesTargetsResponse response;
    const grpc::Status status =
        env_->stub().ListSalesTargets(env_->As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    std::vector<std::string> rows;
    for (const v1::SalesTarget& t : response.sales_targets()) {
      rows.push_back(crm::StrCat(t.name(), " ", t.amount().minor_units()));
    }
    return rows;
  }

  static absl::StatusOr<v1::Scorecard> Scorecard(const Principal& as, const std::string& name) {
    v1::GetScorecardRequest request;
    request.set_name(name);
    v1::Scorecard scorecard;
    const grpc::Status status = env_->stub().GetScorecard(env_->As(as).get(), request, &scorecard);
    if (!status.ok()) return status::FromGrpc(status);
    return scorecard;
  }

  static absl::StatusOr<v1::ListScorecardsResponse> Scorecards(const Principal& as,
                                                               const std::string& quarter) {
    v1::ListScorecardsRequest request;
    request.set_quarter(quarter);
    v1::ListScorecardsResponse response;
    const grpc::Status status = env_->stub().ListScorecards(env_->As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    return response;
  }

  // An opportunity of `as`'s org unit on `customer`, open or won today.
  static opp::Opportunity Opportunity(const Principal& as, const std::string& customer,
                                      const std::string& title, int64_t fen, bool win,
                                      const std::vector<std::string>& collaborating = {},
                                      std::optional<absl::CivilDay> follow_up = std::nullopt) {
    opp::CreateOpportunityRequest create;
    opp::Opportunity& values = *create.mutable_opportunity();
    values.set_customer(customer);
    values.set_title(title);
    *values.mutable_amount() = Cny(fen);
    for (const std::string& unit : collaborating) values.add_collaborating_org_units(unit);
    if (follow_up.has_value()) {
      *values.mutable_next_follow_up_date() = validation::FromCivilDay(*follow_up);
    }
    opp::Opportunity created;
    grpc::Status status =
        env_->opportunities().CreateOpportunity(env_->As(as).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!win) return created;
    opp::WinOpportunityRequest request;
    request.set_name(created.name());
    request.set_etag(created.etag());
    opp::Opportunity won;
    status = env_->opportunities().WinOpportunity(env_->As(as).get(), request, &won);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(won.stage(), opp::WON);
    return won;
  }

  // A request of `as` on `customer` asking `participant` for help (urgent:
  // answer due within 24 hours).
  static collab::CollaborationRequest Request(const Principal& as, const std::string& customer,
                                              const std::string& participant,
                                              const std::string& title) {
    collab::CreateCollaborationRequestRequest create;
    collab::CollaborationRequest& values = *create.mutable_collaboration_request();
    values.set_customer(customer);
    values.set_title(title);
    values.set_urgency(collab::URGENT);
    collab::Participant& p = *values.add_participants();
    p.set_org_unit(participant);
    p.set_task("施工方案");
    collab::CollaborationRequest created;
    const grpc::Status status =
        env_->collaboration().CreateCollaborationRequest(env_->As(as).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // The won opportunity's attribution, scored `owner_score` for its owner
  // sub-east and `west_score` for sub-west, submitted and approved by the
  // strategy centre.
  static void ApproveAttribution(const std::string& opportunity, int owner_score, int west_score) {
    absl::StatusOr<int64_t> followed = env_->FollowCollaborationDealsOnce();
    ASSERT_TRUE(followed.ok()) << followed.status();
    collab::ListAttributionsRequest list;
    list.set_page_size(100);
    collab::ListAttributionsResponse listed;
    grpc::Status status =
        env_->collaboration().ListAttributions(env_->As(Hq()).get(), list, &listed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::optional<collab::Attribution> attribution;
    for (const collab::Attribution& a : listed.attributions()) {
      if (a.opportunity() == opportunity) attribution = a;
    }
    ASSERT_TRUE(attribution.has_value()) << "no attribution opened for " << opportunity;
    const auto scored = [](const std::string& unit, int score) {
      collab::Contributor contributor;
      contributor.set_org_unit(unit);
      collab::ContributionScores& scores = *contributor.mutable_scores();
      scores.set_information(score);
      scores.set_resources(score);
      scores.set_participation(score);
      scores.set_customer_evaluation(score);
      return contributor;
    };
    collab::UpdateAttributionRequest update;
    update.mutable_attribution()->set_name(attribution->name());
    update.mutable_attribution()->set_etag(attribution->etag());
    *update.mutable_attribution()->add_contributors() = scored("orgUnits/sub-east", owner_score);
    *update.mutable_attribution()->add_contributors() = scored("orgUnits/sub-west", west_score);
    update.mutable_update_mask()->add_paths("contributors");
    status =
        env_->collaboration().UpdateAttribution(env_->As(EastSales()).get(), update, &*attribution);
    ASSERT_TRUE(status.ok()) << status.error_message();
    collab::SubmitAttributionRequest submit;
    submit.set_name(attribution->name());
    submit.set_etag(attribution->etag());
    status =
        env_->collaboration().SubmitAttribution(env_->As(EastSales()).get(), submit, &*attribution);
    ASSERT_TRUE(status.ok()) << status.error_message();
    collab::ApproveAttributionRequest approve;
    approve.set_name(attribution->name());
    approve.set_etag(attribution->etag());
    approve.set_comment("同意");
    status = env_->collaboration().ApproveAttribution(env_->As(Strategy()).get(), approve,
                                                      &*attribution);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(attribution->state(), collab::APPROVED);
  }

  static void Survey(const std::string& customer, const std::string& contact,
                     const std::string& period, int score) {
    env_->Exec(crm::StrCat(
        "INSERT INTO scoring.surveys (id, customer_id, contact, period, score, comment, org_unit,"
        " recorded_by, create_time) VALUES (gen_random_uuid(), '",
        IdOf(customer), "', '", customer, "/contacts/", contact, "', '", period, "', ", score,
        ", '', 'orgUnits/sub-east', 'users/li.si', now())"));
  }

  static std::unique_ptr<ScoringTestEnv> env_;
};

std::unique_ptr<ScoringTestEnv> ScorecardTest::env_;

TEST_F(ScorecardTest, TheCentreOrHqSetsTargetsWithEtagsAndOthersAreRefused) {
  const std::string q = "2031Q2";
  const std::string east = crm::StrCat("orgUnits/sub-east/salesTargets/", q);
  absl::StatusOr<v1::SalesTarget> created = SetTarget(Strategy(), east, 10'000'000 * kYuan);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), east);
  EXPECT_EQ(created->amount().minor_units(), 10'000'000 * kYuan);
  EXPECT_EQ(created->amount().currency_code(), "CNY");
  EXPECT_EQ(created->set_by(), Strategy().user());
  EXPECT_FALSE(created->etag().empty());
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM scoring.events WHERE type ="
                                         " 'SALES_TARGET_SET' AND resource = '",
                                         east, "'")),
            "1");

  // Set again: the etag of the last read is needed, and a stale one refused.
  absl::StatusOr<v1::SalesTarget> no_etag = SetTarget(Hq(), east, 12'000'000 * kYuan);
  EXPECT_EQ(no_etag.status().code(), absl::StatusCode::kInvalidArgument) << no_etag.status();
  EXPECT_THAT(Fields(no_etag.status()), ElementsAre("sales_target.etag"));
  absl::StatusOr<v1::SalesTarget> updated =
      SetTarget(Hq(), east, 12'000'000 * kYuan, created->etag());
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->amount().minor_units(), 12'000'000 * kYuan);
  EXPECT_EQ(updated->set_by(), Hq().user());
  EXPECT_NE(updated->etag(), created->etag());
  absl::StatusOr<v1::SalesTarget> stale = SetTarget(Strategy(), east, 1 * kYuan, created->etag());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(Reason(stale.status()), "ETAG_MISMATCH");
  // A new target with an etag names a version that never was.
  absl::StatusOr<v1::SalesTarget> phantom = SetTarget(
      Strategy(), crm::StrCat("orgUnits/sub-north/salesTargets/", q), 1 * kYuan, created->etag());
  EXPECT_EQ(phantom.status().code(), absl::StatusCode::kAborted) << phantom.status();
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM scoring.events WHERE type ="
                                         " 'SALES_TARGET_SET' AND resource = '",
                                         east, "'")),
            "2");

  // Sellers, and the strategy role below HQ, may not set targets.
  for (const Principal& refused : {EastSales(), SubStrategy(), EastAdmin()}) {
    absl::StatusOr<v1::SalesTarget> denied =
        SetTarget(refused, crm::StrCat("orgUnits/sub-east/salesTargets/", q), 1, updated->etag());
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << refused.user();
    EXPECT_EQ(Reason(denied.status()), "STRATEGY_ROLE_REQUIRED") << refused.user();
  }
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT amount_minor FROM scoring.sales_targets WHERE"
                                         " org_unit = 'orgUnits/sub-east' AND quarter = '",
                                         q, "'")),
            std::to_string(12'000'000 * kYuan));

  // Every bad field at once.
  absl::StatusOr<v1::SalesTarget> bad =
      SetTarget(Strategy(), "orgUnits/sub-east/salesTargets/2031Q5", -1, "7", "USD");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad.status()),
              ElementsAre("sales_target.amount.currency_code", "sales_target.amount.minor_units",
                          "sales_target.etag", "sales_target.name"));

  ASSERT_TRUE(SetTarget(Hq(), crm::StrCat("orgUnits/sub-west/salesTargets/", q), 3 * kYuan).ok());
  absl::StatusOr<std::vector<std::string>> all = Targets(Hq(), q);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(*all, ElementsAre(crm::StrCat(east, " ", 12'000'000 * kYuan),
                                crm::StrCat("orgUnits/sub-west/salesTargets/", q, " 300")));
  absl::StatusOr<std::vector<std::string>> mine = Targets(EastSales(), q);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_THAT(*mine, ElementsAre(crm::StrCat(east, " ", 12'000'000 * kYuan)));
  absl::StatusOr<std::vector<std::string>> none = Targets(NorthSales(), q);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(Targets(Hq(), "2031").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ScorecardTest, EachComponentFromTheRealServicesAndTheWeightsInForce) {
  const std::string q = Quarter();
  const absl::CivilDay today = clock::BusinessToday(env_->clock());
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团考核有限公司");
  ASSERT_TRUE(env_->SyncCustomers().ok());
  ASSERT_TRUE(
      SetTarget(Strategy(), crm::StrCat("orgUnits/sub-east/salesTargets/", q), 1'000'000 * kYuan)
          .ok());

  // Won this quarter: 600,000.00, with sub-west collaborating (credited 40 %).
  const opp::Opportunity won = Opportunity(EastSales(), customer, "储能电站总包", 600'000 * kYuan,
                                           true, {"orgUnits/sub-west"});
  ApproveAttribution(won.name(), 60, 40);
  // Two open ones, one of which will miss its follow-up.
  Opportunity(EastSales(), customer, "运维服务", 50'000 * kYuan, false, {}, today + 1);
  Opportunity(EastSales(), customer, "备件采购", 20'000 * kYuan, false);
  // sub-west answers one request in time and leaves another unanswered.
  const collab::CollaborationRequest answered =
      Request(EastSales(), customer, "orgUnits/sub-west", "现场勘察");
  collab::AcknowledgeCollaborationRequestRequest ack;
  ack.set_name(answered.name());
  ack.set_org_unit("orgUnits/sub-west");
  collab::CollaborationRequest acknowledged;
  const grpc::Status acked = env_->collaboration().AcknowledgeCollaborationRequest(
      env_->As(WestSales()).get(), ack, &acknowledged);
  ASSERT_TRUE(acked.ok()) << acked.error_message();
  Request(EastSales(), customer, "orgUnits/sub-west", "方案设计");
  // Two surveys of the customer this quarter, one of another quarter.
  Survey(customer, "c1", q, 8);
  Survey(customer, "c2", q, 9);
  Survey(customer, "c3", "2020Q1", 0);
  // Three days on: the follow-up is overdue, the unanswered request breached.
  env_->clock().Advance(absl::Hours(72));
  ASSERT_EQ(Quarter(), q) << "the test's days must stay in one quarter";

  customer::v1::GetDataQualityReportRequest quality_request;
  quality_request.set_owner_org_unit("orgUnits/sub-east");
  customer::v1::DataQualityReport quality;
  const grpc::Status read_quality =
      env_->customers().GetDataQualityReport(env_->As(Hq()).get(), quality_request, &quality);
  ASSERT_TRUE(read_quality.ok()) << read_quality.error_message();
  ASSERT_GT(quality.total().customers(), 0);

  const std::string east_name = crm::StrCat("orgUnits/sub-east/scorecards/", q);
  absl::StatusOr<v1::Scorecard> east = Scorecard(EastSales(), east_name);
  ASSERT_TRUE(east.ok()) << east.status();
  EXPECT_EQ(east->name(), east_name);
  ASSERT_EQ(east->components_size(), 4);

  const v1::ScorecardComponent& sales = ComponentOf(*east, "sales_result");
  EXPECT_EQ(sales.weight_bp(), 6000);
  EXPECT_DOUBLE_EQ(sales.score(), 60);
  EXPECT_DOUBLE_EQ(sales.points(), 36);
  EXPECT_EQ(sales.explanation(),
            "won 600,000.00 of a 1,000,000.00 target (60%) plus 0.00 credited: 60% of the target");
  EXPECT_DOUBLE_EQ(Inputs(sales).at("won_amount"), 600'000.0 * kYuan);
  EXPECT_DOUBLE_EQ(Inputs(sales).at("target"), 1'000'000.0 * kYuan);
  EXPECT_DOUBLE_EQ(Inputs(sales).at("credited_amount"), 0);

  const v1::ScorecardComponent& completeness = ComponentOf(*east, "data_completeness");
  EXPECT_EQ(completeness.weight_bp(), 1500);
  EXPECT_NEAR(completeness.score(), quality.total().average_completeness(), 0.005);
  EXPECT_DOUBLE_EQ(Inputs(completeness).at("customers"),
                   static_cast<double>(quality.total().customers()));

  const v1::ScorecardComponent& compliance = ComponentOf(*east, "process_compliance");
  EXPECT_EQ(compliance.weight_bp(), 1500);
  EXPECT_DOUBLE_EQ(compliance.score(), 50);
  EXPECT_DOUBLE_EQ(compliance.points(), 7.5);
  EXPECT_DOUBLE_EQ(Inputs(compliance).at("opportunities_open"), 2);
  EXPECT_DOUBLE_EQ(Inputs(compliance).at("follow_ups_overdue"), 1);
  EXPECT_EQ(compliance.explanation(),
            "1 of 2 open opportunities without an overdue follow-up (50%); no collaboration "
            "requests due; contract approvals in time not available (the contract service keeps "
            "no approval deadline to measure approvals against)");

  const v1::ScorecardComponent& satisfaction = ComponentOf(*east, "customer_satisfaction");
  EXPECT_EQ(satisfaction.weight_bp(), 1000);
  EXPECT_DOUBLE_EQ(satisfaction.score(), 85);
  EXPECT_DOUBLE_EQ(satisfaction.points(), 8.5);
  EXPECT_EQ(satisfaction.explanation(),
            crm::StrCat("2 survey answers for ", q, " averaging 8.5 of 10"));

  double sum = 0;
  for (const v1::ScorecardComponent& c : east->components()) sum += c.points();
  EXPECT_NEAR(east->total(), sum, 0.011);
  EXPECT_NEAR(east->total(), 36 + completeness.points() + 7.5 + 8.5, 0.011);

  // sub-west: no target, its 40 % credited, one request answered in time and
  // one not.
  absl::StatusOr<v1::Scorecard> west =
      Scorecard(Hq(), crm::StrCat("orgUnits/sub-west/scorecards/", q));
  ASSERT_TRUE(west.ok()) << west.status();
  const v1::ScorecardComponent& west_sales = ComponentOf(*west, "sales_result");
  EXPECT_DOUBLE_EQ(west_sales.score(), 0);
  EXPECT_DOUBLE_EQ(Inputs(west_sales).at("credited_amount"), 240'000.0 * kYuan);
  EXPECT_EQ(west_sales.explanation(),
            crm::StrCat("no sales target set for ", q,
                        ": won 0.00 plus 240,000.00 credited, not scored"));
  const v1::ScorecardComponent& west_compliance = ComponentOf(*west, "process_compliance");
  EXPECT_DOUBLE_EQ(Inputs(west_compliance).at("requests_sla_met"), 1);
  EXPECT_DOUBLE_EQ(Inputs(west_compliance).at("requests_sla_breached"), 1);
  EXPECT_DOUBLE_EQ(west_compliance.score(), 50);
  EXPECT_THAT(west_compliance.explanation(),
              HasSubstr("1 of 2 collaboration requests answered within the SLA (50%)"));

  // The list: HQ sees both, highest total first; sub-east its own only.
  absl::StatusOr<v1::ListScorecardsResponse> listed = Scorecards(Hq(), q);
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<std::string> names;
  for (int i = 0; i < listed->scorecards_size(); ++i) {
    names.push_back(listed->scorecards(i).name());
    if (i > 0) {
      EXPECT_GE(listed->scorecards(i - 1).total(), listed->scorecards(i).total());
    }
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({east_name}));
  absl::StatusOr<v1::ListScorecardsResponse> east_list = Scorecards(EastSales(), q);
  ASSERT_TRUE(east_list.ok()) << east_list.status();
  ASSERT_EQ(east_list->scorecards_size(), 1);
  EXPECT_EQ(east_list->scorecards(0).name(), east_name);
  EXPECT_DOUBLE_EQ(east_list->scorecards(0).total(), east->total());

  // Other weights in force: sales result alone.
  env_->Exec(
      "INSERT INTO scoring.policies (version, policy, actor) SELECT version + 1,"
      " jsonb_set(policy, '{scorecardWeights}', '{\"salesResultBp\": 10000}'), 'test'"
      " FROM scoring.policies ORDER BY version DESC LIMIT 1");
  absl::StatusOr<v1::Scorecard> reweighted = Scorecard(EastSales(), east_name);
  env_->Exec(
      "INSERT INTO scoring.policies (version, policy, actor) SELECT version + 1,"
      " jsonb_set(policy, '{scorecardWeights}', (SELECT policy->'scorecardWeights' FROM"
      " scoring.policies WHERE version = 1)), 'test'"
      " FROM scoring.policies ORDER BY version DESC LIMIT 1");
  ASSERT_TRUE(reweighted.ok()) << reweighted.status();
  EXPECT_DOUBLE_EQ(reweighted->total(), 60);
  EXPECT_EQ(ComponentOf(*reweighted, "sales_result").weight_bp(), 10000);
  EXPECT_DOUBLE_EQ(ComponentOf(*reweighted, "customer_satisfaction").points(), 0);
}

TEST_F(ScorecardTest, AnOrgUnitOutsideTheCallersScopeIsRefused) {
  const std::string q = Quarter();
  for (const auto& [as, unit] : std::vector<std::pair<Principal, std::string>>{
           {NorthSales(), "sub-east"}, {EastSales(), "sub-west"}, {EastSales(), "nowhere"}}) {
    absl::StatusOr<v1::Scorecard> denied =
        Scorecard(as, crm::StrCat("orgUnits/", unit, "/scorecards/", q));
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << unit;
    EXPECT_EQ(Reason(denied.status()), "ORG_UNIT_NOT_IN_SCOPE") << unit;
  }
  absl::StatusOr<v1::Scorecard> bad = Scorecard(Hq(), "orgUnits/sub-east/scorecards/2026");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad.status()), ElementsAre("name"));
  EXPECT_EQ(Scorecards(Hq(), "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ScorecardTest, AServiceThatDoesNotAnswerIsNamedNotMadeUp) {
  const std::string q = "2031Q3";
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团问卷有限公司");
  ASSERT_TRUE(env_->SyncCustomers().ok());
  Survey(customer, "d1", q, 6);
  Survey(customer, "d2", q, 7);
  // The opportunity service at an address nothing listens on; the others
  // not configured.
  PeerClients dead(
      {.opportunities = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials())},
      auth::PrincipalSigner("unused"), absl::Seconds(2));
  ScoringContext context = env_->context();
  context.peers = &dead;
  ScorecardHandlers handlers(context);
  request::Actor actor{.principal = Hq(), .method = "GetScorecard"};
  v1::GetScorecardRequest request;
  request.set_name(crm::StrCat("orgUnits/sub-east/scorecards/", q));
  v1::Scorecard scorecard;
  status::FieldViolations violations;
  const absl::Status got = handlers.GetScorecard(actor, request, scorecard, violations);
  ASSERT_TRUE(got.ok()) << got;

  const v1::ScorecardComponent& sales = ComponentOf(scorecard, "sales_result");
  EXPECT_DOUBLE_EQ(sales.score(), 0);
  EXPECT_EQ(Inputs(sales).count("won_amount"), 0u);
  EXPECT_THAT(sales.explanation(),
              HasSubstr("won amount not available (the opportunity service did not answer"));
  EXPECT_THAT(sales.explanation(),
              HasSubstr("credited amount not available (the collaboration service's address is "
                        "not configured)"));
  const v1::ScorecardComponent& completeness = ComponentOf(scorecard, "data_completeness");
  EXPECT_DOUBLE_EQ(completeness.score(), 0);
  EXPECT_EQ(completeness.inputs_size(), 0);
  EXPECT_THAT(completeness.explanation(),
              HasSubstr("the customer service's address is not configured"));
  const v1::ScorecardComponent& compliance = ComponentOf(scorecard, "process_compliance");
  EXPECT_DOUBLE_EQ(compliance.score(), 0);
  EXPECT_THAT(compliance.explanation(),
              HasSubstr("follow-ups not available (the opportunity service did not answer"));
  // What the scoring schema holds still counts: the surveys.
  const v1::ScorecardComponent& satisfaction = ComponentOf(scorecard, "customer_satisfaction");
  EXPECT_DOUBLE_EQ(satisfaction.score(), 65);
  EXPECT_EQ(satisfaction.explanation(), "2 survey answers for 2031Q3 averaging 6.5 of 10");
}

}  // namespace
}  // namespace crm::scoring::testing
