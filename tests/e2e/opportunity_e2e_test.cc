// The pipeline through the gateway, against the real customer, hierarchy and
// opportunity services: a subsidiary's seller runs deals from lead to won and
// lost, its manager reads the team's funnel, HQ the funnel of a customer
// group across subsidiaries, and merges of customers carry the deals along.
// Every figure asserted was worked out by hand from the fixture.
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::opportunity {
namespace {

using gateway::testing::Reason;
using gateway::testing::TokenFor;
using gateway::testing::With;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

// Who works here: a seller in a team of sub-east, the subsidiary's manager,
// HQ, and a seller of sub-west; the merge test has a team of its own so the
// team funnel below is only the pipeline test's.
constexpr char kSeller[] = "o.seller";    // sales, orgUnits/east-pipeline
constexpr char kManager[] = "o.manager";  // sales, orgUnits/sub-east
constexpr char kHq[] = "o.hq";            // hq_admin, orgUnits/hq
constexpr char kWest[] = "o.west";        // sales, orgUnits/sub-west
constexpr char kMerger[] = "o.merger";    // sales, orgUnits/east-merge
constexpr char kTeam[] = "orgUnits/east-pipeline";

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// Today where the service counts days (Asia/Shanghai, UTC+8 all year).
absl::CivilDay TodayInShanghai() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
}

google::protobuf::Timestamp Ago(absl::Duration duration) {
  return TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(absl::Now() - duration));
}

v1::ProductLine Line(const std::string& code, int64_t quantity, int64_t unit_fen,
                     int32_t discount_bp) {
  v1::ProductLine line;
  line.set_product_code(code);
  line.set_quantity(quantity);
  *line.mutable_unit_price() = Cny(unit_fen);
  line.set_discount_bp(discount_bp);
  return line;
}

std::vector<std::string> Names(const google::protobuf::RepeatedPtrField<v1::Opportunity>& all) {
  std::vector<std::string> names;
  for (const v1::Opportunity& o : all) names.push_back(o.name());
  return names;
}

class OpportunityE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("opportunity_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    using gateway::v1::OrgUnit;
    gateway::testing::EnsureOrgUnit(org, "sub-east", "hq", OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureOrgUnit(org, "sub-west", "hq", OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureOrgUnit(org, "east-pipeline", "sub-east", OrgUnit::TEAM);
    gateway::testing::EnsureOrgUnit(org, "east-merge", "sub-east", OrgUnit::TEAM);
    gateway::testing::EnsureUser(org, kSeller, "east-pipeline", {"sales"});
    gateway::testing::EnsureUser(org, kManager, "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, kHq, "hq", {"hq_admin"});
    gateway::testing::EnsureUser(org, kWest, "sub-west", {"sales"});
    gateway::testing::EnsureUser(org, kMerger, "east-merge", {"sales"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override {
    ASSERT_NE(servers_.opportunity_stub, nullptr) << "the suite did not start";
  }

  static v1::OpportunityService::Stub& pipeline() { return *servers_.opportunity_stub; }

  // A customer owned by the org unit of `as`: "customers/{id}".
  static std::string NewCustomer(const std::string& as, const std::string& legal_name) {
    customer::v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("C");
    request.mutable_customer()->set_region("310115");
    customer::v1::Customer created;
    const grpc::Status status =
        servers_.gateway.customers->CreateCustomer(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
    return created.name();
  }

  static customer::v1::Contact NewContact(const std::string& as, const std::string& customer,
                                          const std::string& name) {
    customer::v1::CreateContactRequest request;
    request.set_parent(customer);
    request.mutable_contact()->set_display_name(name);
    request.mutable_contact()->set_title("总经理");
    request.mutable_contact()->set_phone("13912345678");
    customer::v1::Contact created;
    const grpc::Status status =
        servers_.gateway.customers->CreateContact(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static grpc::Status Create(const std::string& as, const v1::Opportunity& opportunity,
                             v1::Opportunity* out) {
    v1::CreateOpportunityRequest request;
    *request.mutable_opportunity() = opportunity;
    return pipeline().CreateOpportunity(With(TokenFor(as)).get(), request, out);
  }

  static v1::Opportunity MustCreate(const std::string& as, const v1::Opportunity& opportunity) {
    v1::Opportunity created;
    const grpc::Status status = Create(as, opportunity, &created);
    EXPECT_TRUE(status.ok()) << opportunity.title() << ": " << status.error_message();
    return created;
  }

  static grpc::Status Get(const std::string& as, const std::string& name, v1::Opportunity* out) {
    v1::GetOpportunityRequest request;
    request.set_name(name);
    return pipeline().GetOpportunity(With(TokenFor(as)).get(), request, out);
  }

  static v1::Opportunity MustGet(const std::string& as, const std::string& name) {
    v1::Opportunity read;
    const grpc::Status status = Get(as, name, &read);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return read;
  }

  static grpc::Status ChangeStage(const std::string& as, const v1::Opportunity& current,
                                  v1::Stage stage, v1::Opportunity* out) {
    v1::ChangeStageRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_stage(stage);
    return pipeline().ChangeStage(With(TokenFor(as)).get(), request, out);
  }

  // Moves `o` to `stage`, which must succeed; `o` becomes the answer.
  static void MustChangeStage(const std::string& as, v1::Opportunity& o, v1::Stage stage) {
    v1::Opportunity changed;
    const grpc::Status status = ChangeStage(as, o, stage, &changed);
    ASSERT_TRUE(status.ok()) << v1::Stage_Name(stage) << ": " << status.error_message();
    o = changed;
  }

  static grpc::Status Update(const std::string& as, const v1::Opportunity& values,
                             const std::vector<std::string>& paths, v1::Opportunity* out) {
    v1::UpdateOpportunityRequest request;
    *request.mutable_opportunity() = values;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return pipeline().UpdateOpportunity(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Lose(const std::string& as, const v1::Opportunity& current,
                           v1::LossReason reason, const std::string& text, v1::Opportunity* out) {
    v1::LoseOpportunityRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_loss_reason(reason);
    request.set_loss_reason_text(text);
    return pipeline().LoseOpportunity(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Reopen(const std::string& as, const v1::Opportunity& current, v1::Stage stage,
                             const std::string& reason, v1::Opportunity* out) {
    v1::ReopenOpportunityRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_stage(stage);
    request.set_reason(reason);
    return pipeline().ReopenOpportunity(With(TokenFor(as)).get(), request, out);
  }

  static v1::Activity MustRecord(const std::string& as, const v1::Activity& activity) {
    v1::CreateActivityRequest request;
    *request.mutable_activity() = activity;
    v1::Activity created;
    const grpc::Status status =
        pipeline().CreateActivity(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << activity.summary() << ": " << status.error_message();
    return created;
  }

  static std::vector<v1::Activity> Activities(const std::string& as, const std::string& customer,
                                              const std::string& opportunity) {
    v1::ListActivitiesRequest request;
    request.set_customer(customer);
    request.set_opportunity(opportunity);
    v1::ListActivitiesResponse listed;
    const grpc::Status status =
        pipeline().ListActivities(With(TokenFor(as)).get(), request, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {listed.activities().begin(), listed.activities().end()};
  }

  static std::vector<v1::OpportunityHistoryEntry> History(const std::string& as,
                                                          const std::string& name) {
    v1::ListOpportunityHistoryRequest request;
    request.set_parent(name);
    v1::ListOpportunityHistoryResponse listed;
    const grpc::Status status =
        pipeline().ListOpportunityHistory(With(TokenFor(as)).get(), request, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {listed.entries().begin(), listed.entries().end()};
  }

  static grpc::Status Funnel(const std::string& as, const v1::GetFunnelRequest& request,
                             v1::Funnel* out) {
    out->Clear();
    return pipeline().GetFunnel(With(TokenFor(as)).get(), request, out);
  }

  // Asks for the funnel until it equals `expected` or 10 s pass (the group
  // replica follows the hierarchy's feed); the last answer.
  static v1::Funnel AwaitFunnel(const std::string& as, const v1::GetFunnelRequest& request,
                                const v1::Funnel& expected) {
    v1::Funnel funnel;
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    do {
      const grpc::Status status = Funnel(as, request, &funnel);
      if (status.ok() && google::protobuf::util::MessageDifferencer::Equals(funnel, expected)) {
        break;
      }
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < give_up);
    return funnel;
  }

  // Reads `name` as `as` until `done` holds or 15 s pass (merges reach the
  // opportunity service through the customer feed); the last read.
  static v1::Opportunity AwaitOpportunity(const std::string& as, const std::string& name,
                                          absl::FunctionRef<bool(const v1::Opportunity&)> done) {
    v1::Opportunity read;
    const absl::Time give_up = absl::Now() + absl::Seconds(15);
    do {
      read.Clear();
      if (Get(as, name, &read).ok() && done(read)) break;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < give_up);
    return read;
  }

  // The feed's events about `resource`, as HQ reads them, once `done` holds
  // for them or 10 s pass (events are listed once settled).
  static std::vector<v1::OpportunityEvent> AwaitEvents(
      const std::string& resource,
      absl::FunctionRef<bool(const std::vector<v1::OpportunityEvent>&)> done) {
    std::vector<v1::OpportunityEvent> found;
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    do {
      found.clear();
      v1::ListOpportunityEventsRequest request;
      request.set_page_size(1000);
      v1::ListOpportunityEventsResponse page;
      do {
        page.Clear();
        const grpc::Status status =
            pipeline().ListOpportunityEvents(With(TokenFor(kHq)).get(), request, &page);
        EXPECT_TRUE(status.ok()) << status.error_message();
        if (!status.ok()) return found;
        for (const v1::OpportunityEvent& event : page.events()) {
          if (event.resource() == resource) found.push_back(event);
        }
        request.set_page_token(page.next_page_token());
      } while (page.events_size() > 0);
      if (done(found)) break;
      absl::SleepFor(absl::Milliseconds(200));
    } while (absl::Now() < give_up);
    return found;
  }

  static inline gateway::testing::SuiteServers servers_;
};

std::vector<v1::OpportunityEvent::Type> TypesOf(const std::vector<v1::OpportunityEvent>& events) {
  std::vector<v1::OpportunityEvent::Type> types;
  for (const v1::OpportunityEvent& event : events) types.push_back(event.type());
  return types;
}

v1::Funnel ParseFunnel(const std::string& text) {
  v1::Funnel funnel;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &funnel)) << text;
  return funnel;
}

void ExpectFunnel(const v1::Funnel& actual, const v1::Funnel& expected, std::string_view what) {
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(expected, actual))
      << what << ":\n"
      << differences << "\nexpected: " << expected.DebugString()
      << "\nactual: " << actual.DebugString();
}

// One FunnelStage in text format.
std::string StageText(const char* stage, int count, int64_t amount, int64_t weighted, int reached,
                      int conversion_bp, const char* currency = "CNY") {
  return absl::StrFormat(
      "stages { stage: %s count: %d amount { currency_code: \"%s\" minor_units: %d }"
      " weighted_amount { currency_code: \"%s\" minor_units: %d } reached_count: %d"
      " conversion_to_next_bp: %d average_days_in_stage: 0 }\n",
      stage, count, currency, amount, currency, weighted, reached, conversion_bp);
}

std::string ForecastText(const std::string& month, const char* category, int count, int64_t amount,
                         int64_t weighted) {
  return absl::StrFormat(
      "forecast { month: \"%s\" category: %s count: %d amount { currency_code: \"CNY\""
      " minor_units: %d } weighted_amount { currency_code: \"CNY\" minor_units: %d } }\n",
      month, category, count, amount, weighted);
}

// The whole pipeline of one team, in one test because the funnel at its end
// counts every deal made on the way.
TEST_F(OpportunityE2eTest, ASellerRunsAPipelineAndTheFunnelsAddUpToTheHandComputedFigures) {
  const absl::CivilDay today = TodayInShanghai();
  const std::string customer = NewCustomer(kSeller, "上海浦江智造科技有限公司");
  const customer::v1::Contact boss = NewContact(kSeller, customer, "王建国");

  // ---- A: product lines; the amount is their exact sum ----------------------
  // 3 × 12,345.67 less 15%: 3,703,701 × 0.85 = 3,148,145.85 → 3,148,146 fen
  // 2 × 9,999.99:                                          1,999,998 fen
  // 1 × 0.05 less 50%: 2.5 → 3 fen (half up)
  // Sum:                                                   5,148,147 fen
  v1::Opportunity a_values;
  a_values.set_customer(customer);
  a_values.set_title("浦江智造 MES 升级");
  *a_values.add_product_lines() = Line("MES-STD", 3, 1'234'567, 1500);
  *a_values.add_product_lines() = Line("MES-IOT", 2, 999'999, 0);
  *a_values.add_product_lines() = Line("SVC-HOUR", 1, 5, 5000);
  *a_values.mutable_expected_close_date() = DateOf(absl::CivilDay(2027, 3, 15));
  v1::Opportunity a = MustCreate(kSeller, a_values);
  ASSERT_FALSE(a.name().empty());
  EXPECT_EQ(a.amount().currency_code(), "CNY");
  EXPECT_EQ(a.amount().minor_units(), 5'148'147);
  ASSERT_EQ(a.product_lines_size(), 3);
  EXPECT_EQ(a.product_lines(0).amount().minor_units(), 3'148'146);
  EXPECT_EQ(a.product_lines(1).amount().minor_units(), 1'999'998);
  EXPECT_EQ(a.product_lines(2).amount().minor_units(), 3);
  EXPECT_EQ(a.stage(), v1::LEAD);
  EXPECT_EQ(a.probability(), 10);
  EXPECT_EQ(a.forecast_category(), v1::PIPELINE);
  EXPECT_EQ(a.owner_user(), "users/o.seller");
  EXPECT_EQ(a.owner_org_unit(), kTeam);
  EXPECT_EQ(a.customer_display_name(), "上海浦江智造科技有限公司");

  // ---- Stage gates: past SOLUTION needs a full survey and a decision maker --
  MustChangeStage(kSeller, a, v1::DISCOVERY);
  EXPECT_EQ(a.probability(), 20);
  MustChangeStage(kSeller, a, v1::SOLUTION);
  EXPECT_EQ(a.probability(), 40);
  v1::Opportunity refused;
  grpc::Status status = ChangeStage(kSeller, a, v1::QUOTE, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "STAGE_GATE_NOT_MET");
  EXPECT_THAT(status.error_message(), HasSubstr("DECISION_MAKER"));

  v1::Opportunity survey = a;
  v1::NeedsSurvey& needs = *survey.mutable_needs_survey();
  needs.set_background("三个工厂的生产数据分散在纸质报表里");
  needs.set_goals("产线数据实时可见，良率提升 2 个百分点");
  *needs.mutable_budget_min() = Cny(400'000'000);
  *needs.mutable_budget_max() = Cny(600'000'000);
  needs.set_timeline("2027 年第一季度上线");
  needs.set_decision_process("总经理拍板，采购部比价");
  needs.add_competitors("西门子");
  needs.add_pain_points("报表滞后一周");
  ASSERT_TRUE(Update(kSeller, survey, {"needs_survey"}, &a).ok());
  EXPECT_EQ(a.needs_survey().completeness_bp(), 10000);
  // The survey is complete; the decision maker is still missing.
  status = ChangeStage(kSeller, a, v1::QUOTE, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "STAGE_GATE_NOT_MET");
  EXPECT_THAT(status.error_message(), HasSubstr("DECISION_MAKER"));
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("needs survey")));

  v1::Opportunity committee = a;
  v1::CommitteeMember& member = *committee.add_buying_committee();
  member.set_contact(boss.name());
  member.set_role(v1::CommitteeMember::DECISION_MAKER);
  member.set_stance(v1::CommitteeMember::SUPPORTER);
  member.set_influence(5);
  status = Update(kSeller, committee, {"buying_committee"}, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(a.buying_committee_size(), 1);
  EXPECT_EQ(a.buying_committee(0).display_name(), "王建国");
  MustChangeStage(kSeller, a, v1::QUOTE);
  EXPECT_EQ(a.probability(), 60);

  // ---- Activities: a visit on the deal, a complaint on the customer --------
  v1::Activity visit_values;
  visit_values.set_customer(customer);
  visit_values.set_opportunity(a.name());
  visit_values.set_type(v1::Activity::VISIT);
  *visit_values.mutable_occur_time() = Ago(absl::Hours(72));
  visit_values.add_contacts(boss.name());
  visit_values.set_summary("上门演示报价方案，客户认可");
  visit_values.set_next_step("发送正式报价单");
  *visit_values.mutable_next_follow_up_date() = DateOf(absl::CivilDay(2027, 1, 10));
  const v1::Activity visit = MustRecord(kSeller, visit_values);
  EXPECT_EQ(visit.author(), "users/o.seller");
  EXPECT_EQ(visit.author_org_unit(), kTeam);
  v1::Activity complaint_values;
  complaint_values.set_customer(customer);
  complaint_values.set_type(v1::Activity::COMPLAINT);
  *complaint_values.mutable_occur_time() = Ago(absl::Hours(24));
  complaint_values.set_summary("试用账号开通延迟，客户投诉");
  complaint_values.mutable_complaint()->set_severity(v1::Complaint::HIGH);
  const v1::Activity complaint = MustRecord(kSeller, complaint_values);
  EXPECT_EQ(complaint.complaint().severity(), v1::Complaint::HIGH);
  EXPECT_FALSE(complaint.complaint().resolved());

  std::vector<v1::Activity> listed = Activities(kSeller, customer, "");
  ASSERT_EQ(listed.size(), 2u);  // newest first
  EXPECT_EQ(listed[0].name(), complaint.name());
  EXPECT_EQ(listed[1].name(), visit.name());
  listed = Activities(kManager, "", a.name());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name(), visit.name());
  EXPECT_THAT(listed[0].contacts(), ElementsAre(boss.name()));
  // The visit set the deal's follow-up date and its last activity.
  a = MustGet(kSeller, a.name());
  EXPECT_EQ(a.last_activity_time().seconds(), visit.occur_time().seconds());
  EXPECT_EQ(a.next_follow_up_date().year(), 2027);
  EXPECT_EQ(a.next_follow_up_date().month(), 1);
  EXPECT_EQ(a.next_follow_up_date().day(), 10);

  // ---- Win A, closing three days from today ---------------------------------
  const absl::CivilDay a_close = today + 3;
  v1::WinOpportunityRequest win;
  win.set_name(a.name());
  win.set_etag(a.etag());
  *win.mutable_close_date() = DateOf(a_close);
  status = pipeline().WinOpportunity(With(TokenFor(kSeller)).get(), win, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.stage(), v1::WON);
  EXPECT_EQ(a.probability(), 100);
  EXPECT_EQ(a.forecast_category(), v1::CLOSED);
  EXPECT_EQ(a.close_date().day(), a_close.day());

  // ---- B: lost; sub-west collaborates on it but may not reopen it ----------
  v1::Opportunity b_values;
  b_values.set_customer(customer);
  b_values.set_title("浦江智造 二期 仓储系统");
  *b_values.mutable_amount() = Cny(80'000'000);
  b_values.add_collaborating_org_units("orgUnits/sub-west");
  v1::Opportunity b = MustCreate(kSeller, b_values);
  MustChangeStage(kSeller, b, v1::DISCOVERY);
  status = Lose(kSeller, b, v1::LOSS_REASON_UNSPECIFIED, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Lose(kSeller, b, v1::COMPETITOR, "友商低价中标", &b);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(b.stage(), v1::LOST);
  EXPECT_EQ(b.probability(), 0);
  EXPECT_EQ(b.forecast_category(), v1::OMITTED);
  EXPECT_EQ(b.loss_reason(), v1::COMPETITOR);
  EXPECT_EQ(b.close_date().day(), today.day());

  // A collaborator sees the deal, but reopening is for HQ and the owner org unit.
  EXPECT_EQ(MustGet(kWest, b.name()).etag(), b.etag());
  status = Reopen(kWest, b, v1::DISCOVERY, "西区想接手", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "REOPEN_NOT_PERMITTED");
  // A deal sub-west does not see at all is refused as not in its scope.
  status = Reopen(kWest, a, v1::QUOTE, "西区想接手", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "OPPORTUNITY_NOT_IN_SCOPE");
  EXPECT_EQ(MustGet(kSeller, b.name()).etag(), b.etag()) << "a refused reopen changed B";
  EXPECT_EQ(MustGet(kSeller, a.name()).etag(), a.etag()) << "a refused reopen changed A";
  // Its owner reopens it, with a reason kept in the history, and loses it again.
  status = Reopen(kSeller, b, v1::DISCOVERY, "客户重新招标", &b);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(b.stage(), v1::DISCOVERY);
  EXPECT_EQ(b.probability(), 20);
  EXPECT_FALSE(b.has_close_date());
  ASSERT_TRUE(Lose(kSeller, b, v1::PRICE, "报价高于预算", &b).ok());

  // ---- History: every change of stage, amount, probability, category --------
  const std::vector<v1::OpportunityHistoryEntry> a_history = History(kManager, a.name());
  ASSERT_EQ(a_history.size(), 5u);  // created, DISCOVERY, SOLUTION, QUOTE, WON
  EXPECT_EQ(a_history[0].method(), "CreateOpportunity");
  EXPECT_EQ(a_history[0].previous_stage(), v1::STAGE_UNSPECIFIED);
  EXPECT_EQ(a_history[0].stage(), v1::LEAD);
  EXPECT_EQ(a_history[0].amount().minor_units(), 5'148'147);
  EXPECT_FALSE(a_history[0].has_previous_amount());
  EXPECT_EQ(a_history[3].previous_stage(), v1::SOLUTION);
  EXPECT_EQ(a_history[3].stage(), v1::QUOTE);
  EXPECT_EQ(a_history[3].previous_probability(), 40);
  EXPECT_EQ(a_history[3].probability(), 60);
  EXPECT_EQ(a_history[4].method(), "WinOpportunity");
  EXPECT_EQ(a_history[4].previous_stage(), v1::QUOTE);
  EXPECT_EQ(a_history[4].stage(), v1::WON);
  EXPECT_EQ(a_history[4].previous_forecast_category(), v1::PIPELINE);
  EXPECT_EQ(a_history[4].forecast_category(), v1::CLOSED);
  EXPECT_THAT(a_history[4].skipped_stages(), ElementsAre(v1::NEGOTIATION));
  for (const v1::OpportunityHistoryEntry& entry : a_history) {
    EXPECT_EQ(entry.actor(), "users/o.seller");
    EXPECT_EQ(entry.days_in_previous_stage(), 0);
  }
  const std::vector<v1::OpportunityHistoryEntry> b_history = History(kSeller, b.name());
  ASSERT_EQ(b_history.size(), 5u);  // created, DISCOVERY, LOST, reopened, LOST
  EXPECT_EQ(b_history[2].stage(), v1::LOST);
  EXPECT_EQ(b_history[3].method(), "ReopenOpportunity");
  EXPECT_EQ(b_history[3].previous_stage(), v1::LOST);
  EXPECT_EQ(b_history[3].stage(), v1::DISCOVERY);
  EXPECT_EQ(b_history[3].reason(), "客户重新招标");
  EXPECT_EQ(b_history[3].actor(), "users/o.seller");
  EXPECT_EQ(b_history[4].stage(), v1::LOST);

  // ---- C, D, E, F: open deals --------------------------------------------------
  v1::Opportunity c_values;
  c_values.set_customer(customer);
  c_values.set_title("浦江智造 能耗管理");
  c_values.set_stage(v1::SOLUTION);  // created past LEAD and DISCOVERY
  *c_values.mutable_amount() = Cny(30'000'000);
  c_values.set_forecast_category(v1::BEST_CASE);
  *c_values.mutable_expected_close_date() = DateOf(absl::CivilDay(2027, 2, 20));
  const v1::Opportunity c = MustCreate(kSeller, c_values);
  EXPECT_EQ(c.probability(), 40);
  v1::Opportunity d_values;
  d_values.set_customer(customer);
  d_values.set_title("浦江智造 培训服务");
  *d_values.mutable_amount() = Cny(12'345);
  d_values.set_probability(15);  // the seller's own estimate, kept
  *d_values.mutable_expected_close_date() = DateOf(absl::CivilDay(2027, 2, 5));
  const v1::Opportunity d = MustCreate(kSeller, d_values);
  EXPECT_EQ(d.probability(), 15);
  EXPECT_TRUE(d.probability_overridden());
  // E: no amount, no expected close, a follow-up date long past: stale.
  v1::Opportunity e_values;
  e_values.set_customer(customer);
  e_values.set_title("浦江智造 备件采购");
  *e_values.mutable_next_follow_up_date() = DateOf(absl::CivilDay(2026, 1, 5));
  const v1::Opportunity e = MustCreate(kSeller, e_values);
  // F: in dollars: counted, not summed.
  v1::Opportunity f_values;
  f_values.set_customer(customer);
  f_values.set_title("浦江智造 海外工厂");
  f_values.mutable_amount()->set_currency_code("USD");
  f_values.mutable_amount()->set_minor_units(10'000'000);
  const v1::Opportunity f = MustCreate(kSeller, f_values);

  // ---- Stale reminders: E's follow-up is overdue; nothing else is stale ----
  v1::ListStaleOpportunitiesRequest mine;
  v1::ListStaleOpportunitiesResponse stale;
  status = pipeline().ListStaleOpportunities(With(TokenFor(kSeller)).get(), mine, &stale);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(stale.stale_opportunities_size(), 1) << stale.DebugString();
  EXPECT_EQ(stale.stale_opportunities(0).opportunity().name(), e.name());
  EXPECT_TRUE(stale.stale_opportunities(0).follow_up_overdue());
  EXPECT_FALSE(stale.stale_opportunities(0).no_recent_activity());
  EXPECT_EQ(stale.stale_opportunities(0).days_since_activity(), 0);
  v1::ListStaleOpportunitiesRequest of_team;
  of_team.set_org_unit(kTeam);
  status = pipeline().ListStaleOpportunities(With(TokenFor(kManager)).get(), of_team, &stale);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(stale.stale_opportunities_size(), 1) << stale.DebugString();
  EXPECT_EQ(stale.stale_opportunities(0).opportunity().name(), e.name());

  // ---- The manager's funnel of the team -------------------------------------
  // Now: A WON 5,148,147 (furthest WON); B LOST 80,000,000 (furthest
  // DISCOVERY); C SOLUTION 30,000,000 at 40%; D LEAD 12,345 at 15%; E LEAD
  // 0 at 10%; F LEAD in USD (counted, not summed). All created today.
  //   LEAD      count 3 (D E F), amount 12,345, weighted (12,345 × 15) / 100
  //             = 1,851.75 → 1,852; reached 6; → DISCOVERY 3 of 6 = 5000 bp
  //   DISCOVERY count 0; reached 3 (A B C); → SOLUTION 2 of 3 = 6666 bp
  //   SOLUTION  count 1, 30,000,000, weighted 12,000,000; reached 2 (A C);
  //             → QUOTE 1 of 2 = 5000 bp
  //   QUOTE     reached 1 (A); → NEGOTIATION 1 of 1 = 10000 bp
  //   NEGOTIATION reached 1 (A won past it); → WON 1 of 1 = 10000 bp
  //   WON       count 1, 5,148,147, weighted 5,148,147; reached 1
  //   LOST      count 1, 80,000,000, weighted 0; reached 1
  //   win rate 1 of 2 = 5000 bp; cycle days (A 3, B 0) / 2 = 1.5
  //   forecast: A by close month, CLOSED; C and D in 2027-02; E and F have no
  //   expected close date.
  const std::string a_month = absl::StrFormat("%04d-%02d", a_close.year(), a_close.month());
  const std::string team_funnel_text =
      StageText("LEAD", 3, 12'345, 1'852, 6, 5000) + StageText("DISCOVERY", 0, 0, 0, 3, 6666) +
      StageText("SOLUTION", 1, 30'000'000, 12'000'000, 2, 5000) +
      StageText("QUOTE", 0, 0, 0, 1, 10000) + StageText("NEGOTIATION", 0, 0, 0, 1, 10000) +
      StageText("WON", 1, 5'148'147, 5'148'147, 1, 0) + StageText("LOST", 1, 80'000'000, 0, 1, 0) +
      "total_count: 6 win_rate_bp: 5000 average_cycle_days: 1.5 other_currency_count: 1\n" +
      ForecastText(a_month, "CLOSED", 1, 5'148'147, 5'148'147) +
      ForecastText("2027-02", "PIPELINE", 1, 12'345, 1'852) +
      ForecastText("2027-02", "BEST_CASE", 1, 30'000'000, 12'000'000);
  const v1::Funnel team_funnel = ParseFunnel(team_funnel_text);
  v1::GetFunnelRequest of_org_unit;
  of_org_unit.set_org_unit(kTeam);
  v1::Funnel funnel;
  status = Funnel(kManager, of_org_unit, &funnel);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectFunnel(funnel, team_funnel, "the team's funnel, as its subsidiary's manager");
  // The customer's funnel is the same set of deals.
  v1::GetFunnelRequest of_customer;
  of_customer.set_customer(customer);
  status = Funnel(kSeller, of_customer, &funnel);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectFunnel(funnel, team_funnel, "the customer's funnel");
  // Another subsidiary's manager may not read it.
  status = Funnel(kWest, of_org_unit, &funnel);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // ---- A customer group across subsidiaries ---------------------------------
  // HQ puts sub-west's customer W under this customer's group; W has one deal
  // of sub-west's: LEAD 20,000,000 at 10%, COMMIT, closing 2027-01-31.
  hierarchy::v1::CreateGroupRequest group;
  group.set_customer(customer);
  hierarchy::v1::Node root;
  status = servers_.hierarchy_stub->CreateGroup(With(TokenFor(kSeller)).get(), group, &root);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string west_customer = NewCustomer(kWest, "杭州浦江智造销售有限公司");
  hierarchy::v1::AttachNodeRequest attach;
  attach.set_parent(root.name());
  attach.mutable_node()->set_kind(hierarchy::v1::Node::CUSTOMER);
  attach.mutable_node()->set_customer(west_customer);
  attach.mutable_node()->set_edge_type(hierarchy::v1::CONTROLLED);
  attach.mutable_node()->set_ownership_percent("51.00");
  hierarchy::v1::Node west_node;
  status = servers_.hierarchy_stub->AttachNode(With(TokenFor(kHq)).get(), attach, &west_node);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Opportunity w_values;
  w_values.set_customer(west_customer);
  w_values.set_title("浦江智造 杭州分公司 MES");
  *w_values.mutable_amount() = Cny(20'000'000);
  w_values.set_forecast_category(v1::COMMIT);
  *w_values.mutable_expected_close_date() = DateOf(absl::CivilDay(2027, 1, 31));
  const v1::Opportunity w = MustCreate(kWest, w_values);

  // HQ sees the whole group: the team's six and W.
  //   LEAD      count 4 (D E F W), amount 12,345 + 20,000,000 = 20,012,345,
  //             weighted (12,345 × 15 + 20,000,000 × 10) / 100 = 2,001,851.75
  //             → 2,001,852; reached 7; → DISCOVERY 3 of 7 = 4285 bp
  //   the other stages as the team's; win rate 5000 bp; cycle days 1.5
  //   forecast: W in 2027-01 COMMIT, weighted 2,000,000
  v1::GetFunnelRequest of_group;
  of_group.set_group(root.name());
  const v1::Funnel hq_group_funnel = ParseFunnel(
      StageText("LEAD", 4, 20'012'345, 2'001'852, 7, 4285) +
      StageText("DISCOVERY", 0, 0, 0, 3, 6666) +
      StageText("SOLUTION", 1, 30'000'000, 12'000'000, 2, 5000) +
      StageText("QUOTE", 0, 0, 0, 1, 10000) + StageText("NEGOTIATION", 0, 0, 0, 1, 10000) +
      StageText("WON", 1, 5'148'147, 5'148'147, 1, 0) + StageText("LOST", 1, 80'000'000, 0, 1, 0) +
      "total_count: 7 win_rate_bp: 5000 average_cycle_days: 1.5 other_currency_count: 1\n" +
      ForecastText(a_month, "CLOSED", 1, 5'148'147, 5'148'147) +
      ForecastText("2027-01", "COMMIT", 1, 20'000'000, 2'000'000) +
      ForecastText("2027-02", "PIPELINE", 1, 12'345, 1'852) +
      ForecastText("2027-02", "BEST_CASE", 1, 30'000'000, 12'000'000));
  ExpectFunnel(AwaitFunnel(kHq, of_group, hq_group_funnel), hq_group_funnel,
               "the group's funnel, as HQ");
  // The seller sees the same group without sub-west's deal: the team's figures.
  ExpectFunnel(AwaitFunnel(kSeller, of_group, team_funnel), team_funnel,
               "the group's funnel, as sub-east's seller");
  // Sub-west sees W and B, on which it collaborates.
  status = Funnel(kWest, of_group, &funnel);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(funnel.total_count(), 2) << funnel.DebugString();
  ASSERT_EQ(funnel.stages_size(), 7);
  EXPECT_EQ(funnel.stages(0).amount().minor_units(), 20'000'000);
  EXPECT_EQ(funnel.stages(6).count(), 1);  // B, lost
  EXPECT_EQ(funnel.stages(2).count(), 0);  // not C

  // The lists say the same as the funnels.
  v1::ListOpportunitiesRequest list;
  list.set_customer(customer);
  v1::ListOpportunitiesResponse page;
  ASSERT_TRUE(pipeline().ListOpportunities(With(TokenFor(kManager)).get(), list, &page).ok());
  EXPECT_THAT(Names(page.opportunities()),
              ElementsAre(f.name(), e.name(), d.name(), c.name(), b.name(), a.name()));
  list.Clear();
  list.set_owner_org_unit(kTeam);
  list.add_stages(v1::WON);
  list.add_stages(v1::LOST);
  ASSERT_TRUE(pipeline().ListOpportunities(With(TokenFor(kManager)).get(), list, &page).ok());
  EXPECT_THAT(Names(page.opportunities()), ElementsAre(b.name(), a.name()));
  list.Clear();
  ASSERT_TRUE(pipeline().ListOpportunities(With(TokenFor(kWest)).get(), list, &page).ok());
  EXPECT_THAT(Names(page.opportunities()), UnorderedElementsAre(w.name(), b.name()));
}

TEST_F(OpportunityE2eTest, AMergeMovesTheDealsToTheSurvivorAndAnUnmergeGivesThemBack) {
  const std::string survivor = NewCustomer(kMerger, "苏州吴中精工有限公司");
  const std::string merged = NewCustomer(kMerger, "苏州吴中精工机械有限公司");
  v1::Opportunity values;
  values.set_customer(merged);
  values.set_title("吴中精工 质检系统");
  *values.mutable_amount() = Cny(5'000'000);
  const v1::Opportunity moving = MustCreate(kMerger, values);
  values.set_customer(survivor);
  values.set_title("吴中精工 设备联网");
  const v1::Opportunity staying = MustCreate(kMerger, values);
  v1::Activity call;
  call.set_customer(merged);
  call.set_opportunity(moving.name());
  call.set_type(v1::Activity::CALL);
  *call.mutable_occur_time() = Ago(absl::Hours(5));
  call.set_summary("电话确认质检需求");
  const v1::Activity recorded = MustRecord(kMerger, call);

  customer::v1::MergeCustomersRequest merge;
  merge.set_survivor(survivor);
  merge.add_merged(merged);
  customer::v1::MergeCustomersResponse merge_response;
  grpc::Status status = servers_.gateway.customers->MergeCustomers(With(TokenFor(kMerger)).get(),
                                                                   merge, &merge_response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const v1::Opportunity moved = AwaitOpportunity(
      kMerger, moving.name(), [&](const v1::Opportunity& o) { return o.customer() == survivor; });
  EXPECT_EQ(moved.customer(), survivor);
  EXPECT_NE(moved.etag(), moving.etag()) << "a move is a change of the deal";
  v1::ListOpportunitiesRequest list;
  list.set_customer(survivor);
  v1::ListOpportunitiesResponse page;
  ASSERT_TRUE(pipeline().ListOpportunities(With(TokenFor(kMerger)).get(), list, &page).ok());
  EXPECT_THAT(Names(page.opportunities()), UnorderedElementsAre(moving.name(), staying.name()));
  std::vector<v1::Activity> activities = Activities(kMerger, survivor, "");
  ASSERT_EQ(activities.size(), 1u);
  EXPECT_EQ(activities[0].name(), recorded.name());
  // The merged customer takes no new deals: it names its survivor.
  values.set_customer(merged);
  v1::Opportunity refused;
  status = Create(kMerger, values, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(Reason(status), "CUSTOMER_MERGED");

  customer::v1::UnmergeCustomerRequest unmerge;
  unmerge.set_name(merged);
  customer::v1::UnmergeCustomerResponse unmerge_response;
  status = servers_.gateway.customers->UnmergeCustomer(With(TokenFor(kMerger)).get(), unmerge,
                                                       &unmerge_response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Opportunity back = AwaitOpportunity(
      kMerger, moving.name(), [&](const v1::Opportunity& o) { return o.customer() == merged; });
  EXPECT_EQ(back.customer(), merged);
  EXPECT_EQ(MustGet(kMerger, staying.name()).customer(), survivor) << "only what came back goes";
  activities = Activities(kMerger, merged, "");
  ASSERT_EQ(activities.size(), 1u);
  EXPECT_EQ(activities[0].name(), recorded.name());
  EXPECT_TRUE(Activities(kMerger, survivor, "").empty());

  // The feed tells the other services where the deal went and came back.
  using E = v1::OpportunityEvent;
  const std::vector<E> events =
      AwaitEvents(moving.name(), [](const std::vector<E>& found) { return found.size() >= 3; });
  EXPECT_THAT(TypesOf(events),
              ElementsAre(E::OPPORTUNITY_CREATED, E::OPPORTUNITY_MOVED, E::OPPORTUNITY_MOVED));
  if (events.size() == 3) {
    EXPECT_EQ(events[0].customer(), merged);
    EXPECT_EQ(events[1].customer(), survivor);
    EXPECT_EQ(events[2].customer(), merged);
    EXPECT_LT(events[0].version(), events[1].version());
    EXPECT_LT(events[1].version(), events[2].version());
    // The etag is the quoted version.
    EXPECT_EQ(back.etag(), absl::StrCat("\"", events[2].version(), "\""));
  }
}

// A retried create with the same request_id is the first one, not a second deal.
TEST_F(OpportunityE2eTest, ARetriedCreateWithItsRequestIdMakesOneDeal) {
  const std::string customer = NewCustomer(kMerger, "无锡锡山重工有限公司");
  v1::CreateOpportunityRequest request;
  request.mutable_opportunity()->set_customer(customer);
  request.mutable_opportunity()->set_title("锡山重工 焊接产线");
  *request.mutable_opportunity()->mutable_amount() = Cny(9'900'000);
  request.set_request_id("e2e-retry-3f2a6c1e-9b7d-4e2a-8c3f-1a2b3c4d5e6f");
  v1::Opportunity first;
  v1::Opportunity second;
  ASSERT_TRUE(pipeline().CreateOpportunity(With(TokenFor(kMerger)).get(), request, &first).ok());
  ASSERT_TRUE(pipeline().CreateOpportunity(With(TokenFor(kMerger)).get(), request, &second).ok());
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.etag(), first.etag());
  v1::ListOpportunitiesRequest list;
  list.set_customer(customer);
  v1::ListOpportunitiesResponse page;
  ASSERT_TRUE(pipeline().ListOpportunities(With(TokenFor(kMerger)).get(), list, &page).ok());
  EXPECT_THAT(Names(page.opportunities()), ElementsAre(first.name()));
}

// The people an activity involved are checked with the customer service: a
// well-formed name of the customer's that names no contact is refused, with
// the field, and nothing is recorded.
TEST_F(OpportunityE2eTest, AnActivityNamesOnlyLiveContactsOfItsCustomer) {
  const std::string customer = NewCustomer(kMerger, "无锡锡山机电有限公司");
  const customer::v1::Contact contact = NewContact(kMerger, customer, "李明");
  v1::CreateActivityRequest request;
  request.mutable_activity()->set_customer(customer);
  request.mutable_activity()->set_type(v1::Activity::CALL);
  *request.mutable_activity()->mutable_occur_time() = Ago(absl::Hours(1));
  request.mutable_activity()->set_summary("电话确认需求");
  request.mutable_activity()->add_contacts(contact.name());
  request.mutable_activity()->add_contacts(customer +
                                           "/contacts/0f0e0d0c-0b0a-4908-8706-050403020100");
  v1::Activity created;
  const grpc::Status refused =
      pipeline().CreateActivity(With(TokenFor(kMerger)).get(), request, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << refused.error_message();
  EXPECT_THAT(refused.error_message(), HasSubstr("activity.contacts[1]"));
  EXPECT_THAT(refused.error_message(), Not(HasSubstr("activity.contacts[0]")));

  request.mutable_activity()->mutable_contacts()->RemoveLast();
  const grpc::Status recorded =
      pipeline().CreateActivity(With(TokenFor(kMerger)).get(), request, &created);
  ASSERT_TRUE(recorded.ok()) << recorded.error_message();
  v1::ListActivitiesRequest list;
  list.set_customer(customer);
  v1::ListActivitiesResponse page;
  ASSERT_TRUE(pipeline().ListActivities(With(TokenFor(kMerger)).get(), list, &page).ok());
  ASSERT_EQ(page.activities_size(), 1);
  EXPECT_THAT(page.activities(0).contacts(), ElementsAre(contact.name()));
}

// HQ replaces the stage model: deals keep what they have; their next stage
// change follows the new version. The default model is put back at the end
// (as a newer version), so the other tests see DOMAIN.md's gates.
TEST_F(OpportunityE2eTest, ANewStageModelAppliesFromTheNextStageChange) {
  v1::StageModel model;
  v1::GetStageModelRequest get;
  get.set_name("stageModel");
  ASSERT_TRUE(pipeline().GetStageModel(With(TokenFor(kMerger)).get(), get, &model).ok());
  v1::StageModel defaults;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"(stages { stage: LEAD probability: 10 } stages { stage: DISCOVERY probability: 20 }
         stages { stage: SOLUTION probability: 40 } stages { stage: QUOTE probability: 60 }
         stages { stage: NEGOTIATION probability: 80 } stages { stage: WON probability: 100 }
         stages { stage: LOST probability: 0 }
         min_survey_completeness_bp: 10000 require_decision_maker: true stale_after_days: 14)",
      &defaults));
  v1::StageModel shape = model;  // the model without its identity and version
  shape.clear_name();
  shape.clear_version();
  shape.clear_etag();
  shape.clear_update_time();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(shape, defaults))
      << "not DOMAIN.md's defaults: " << model.DebugString();

  v1::Opportunity values;
  values.set_customer(NewCustomer(kMerger, "常州武进新材料有限公司"));
  values.set_title("武进新材料 仓储改造");
  *values.mutable_amount() = Cny(3'000'000);
  v1::Opportunity deal = MustCreate(kMerger, values);
  EXPECT_EQ(deal.stage_model_version(), model.version());

  // Only HQ sets it (the gateway refuses a seller before the service).
  v1::UpdateStageModelRequest update;
  *update.mutable_stage_model() = defaults;
  update.mutable_stage_model()->set_etag(model.etag());
  update.mutable_stage_model()->mutable_stages(1)->set_probability(25);  // DISCOVERY
  update.mutable_stage_model()->set_require_decision_maker(false);
  update.mutable_stage_model()->set_min_survey_completeness_bp(0);
  v1::StageModel updated;
  grpc::Status status =
      pipeline().UpdateStageModel(With(TokenFor(kMerger)).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = pipeline().UpdateStageModel(With(TokenFor(kHq)).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.version(), model.version() + 1);
  // The same etag again is stale now.
  v1::StageModel again;
  EXPECT_EQ(pipeline().UpdateStageModel(With(TokenFor(kHq)).get(), update, &again).error_code(),
            grpc::StatusCode::ABORTED);

  EXPECT_EQ(MustGet(kMerger, deal.name()).probability(), 10) << "a deal keeps its probability";
  MustChangeStage(kMerger, deal, v1::DISCOVERY);
  EXPECT_EQ(deal.probability(), 25);
  EXPECT_EQ(deal.stage_model_version(), updated.version());
  MustChangeStage(kMerger, deal, v1::QUOTE);  // no gates in this version
  EXPECT_EQ(deal.probability(), 60);

  *update.mutable_stage_model() = defaults;
  update.mutable_stage_model()->set_etag(updated.etag());
  status = pipeline().UpdateStageModel(With(TokenFor(kHq)).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Opportunity held;
  status = ChangeStage(kMerger, MustGet(kMerger, deal.name()), v1::NEGOTIATION, &held);
  EXPECT_TRUE(status.ok()) << "QUOTE to NEGOTIATION does not pass SOLUTION: "
                           << status.error_message();
  values.set_title("武进新材料 二期");
  v1::Opportunity gated = MustCreate(kMerger, values);
  status = ChangeStage(kMerger, gated, v1::QUOTE, &held);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "the default gates are back";
}

}  // namespace
}  // namespace crm::opportunity
