// The pipeline through the opportunity service's gRPC API, against the real
// customer service, PostgreSQL and Redis (services/opportunity/testing):
// create/get/list/update with etags and request ids, every bad field at once
// with nothing written, stage changes with their gates and history, the
// stage model, scope against another subsidiary's real ids, the feed, and
// merges that move opportunities to the survivor and back.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/watch_reader.h"
#include "prometheus/registry.h"
#include "services/opportunity/testing/opportunity_test_env.h"

namespace crm::opportunity {
namespace {

using ::crm::opportunity::testing::EastSales;
using ::crm::opportunity::testing::Hq;
using ::crm::opportunity::testing::Integration;
using ::crm::opportunity::testing::OpportunityTestEnv;
using ::crm::opportunity::testing::WestSales;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;
using Principal = auth::v1::Principal;
using Watch = crm::testing::WatchReader<v1::WatchOpportunityEventsResponse, v1::OpportunityEvent,
                                        &v1::WatchOpportunityEventsResponse::events>;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
  return fields;
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

constexpr int kMaxWatches = 2;

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<OpportunityTestEnv>> env = OpportunityTestEnv::Start(
        "opportunity_pipeline",
        [](OpportunityConfig& config) { config.max_event_watches = kMaxWatches; });
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static v1::OpportunityService::Stub& stub() { return env_->stub(); }

  static v1::Opportunity Values(const std::string& customer, const std::string& title) {
    v1::Opportunity values;
    values.set_customer(customer);
    values.set_title(title);
    return values;
  }

  static absl::Status Create(const Principal& as, const v1::Opportunity& values,
                             v1::Opportunity* out, const std::string& request_id = "") {
    v1::CreateOpportunityRequest request;
    *request.mutable_opportunity() = values;
    request.set_request_id(request_id);
    return status::FromGrpc(stub().CreateOpportunity(env_->As(as).get(), request, out));
  }
  static v1::Opportunity MustCreate(const Principal& as, const v1::Opportunity& values) {
    v1::Opportunity created;
    const absl::Status status = Create(as, values, &created);
    EXPECT_TRUE(status.ok()) << status;
    return created;
  }
  static absl::Status Get(const Principal& as, const std::string& name, v1::Opportunity* out) {
    v1::GetOpportunityRequest request;
    request.set_name(name);
    return status::FromGrpc(stub().GetOpportunity(env_->As(as).get(), request, out));
  }
  static absl::Status Update(const Principal& as, const v1::Opportunity& values,
                             std::vector<std::string> paths, v1::Opportunity* out,
                             const std::string& request_id = "") {
    v1::UpdateOpportunityRequest request;
    *request.mutable_opportunity() = values;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    request.set_request_id(request_id);
    return status::FromGrpc(stub().UpdateOpportunity(env_->As(as).get(), request, out));
  }
  static absl::Status Stage(const Principal& as, const v1::Opportunity& o, v1::Stage stage,
                            v1::Opportunity* out) {
    v1::ChangeStageRequest request;
    request.set_name(o.name());
    request.set_etag(o.etag());
    request.set_stage(stage);
    return status::FromGrpc(stub().ChangeStage(env_->As(as).get(), request, out));
  }
  static absl::Status WinIt(const Principal& as, const v1::Opportunity& o, v1::Opportunity* out) {
    v1::WinOpportunityRequest request;
    request.set_name(o.name());
    request.set_etag(o.etag());
    return status::FromGrpc(stub().WinOpportunity(env_->As(as).get(), request, out));
  }
  static absl::Status LoseIt(const Principal& as, const v1::Opportunity& o, v1::LossReason reason,
                             v1::Opportunity* out) {
    v1::LoseOpportunityRequest request;
    request.set_name(o.name());
    request.set_etag(o.etag());
    request.set_loss_reason(reason);
    return status::FromGrpc(stub().LoseOpportunity(env_->As(as).get(), request, out));
  }
  static absl::Status ReopenIt(const Principal& as, const v1::Opportunity& o, v1::Stage stage,
                               v1::Opportunity* out) {
    v1::ReopenOpportunityRequest request;
    request.set_name(o.name());
    request.set_etag(o.etag());
    request.set_stage(stage);
    request.set_reason("客户重新启动采购");
    return status::FromGrpc(stub().ReopenOpportunity(env_->As(as).get(), request, out));
  }
  static std::vector<v1::OpportunityHistoryEntry> History(const Principal& as,
                                                          const std::string& name) {
    v1::ListOpportunityHistoryRequest request;
    request.set_parent(name);
    v1::ListOpportunityHistoryResponse response;
    const grpc::Status status =
        stub().ListOpportunityHistory(env_->As(as).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.entries().begin(), response.entries().end()};
  }
  static std::vector<std::string> ListNames(const Principal& as,
                                            v1::ListOpportunitiesRequest request) {
    std::vector<std::string> names;
    while (true) {
      v1::ListOpportunitiesResponse response;
      const grpc::Status status = stub().ListOpportunities(env_->As(as).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& o : response.opportunities()) names.push_back(o.name());
      if (!status.ok() || response.next_page_token().empty()) return names;
      request.set_page_token(response.next_page_token());
    }
  }
  static std::string Count(const std::string& where) {
    return env_->QueryValue(
        crm::StrCat("SELECT count(*) FROM opportunity.opportunities WHERE ", where));
  }
  static std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

  // A full needs survey.
  static v1::NeedsSurvey FullSurvey() {
    v1::NeedsSurvey survey;
    survey.set_background("集团推进储能改造");
    survey.set_goals("降低峰谷电费");
    *survey.mutable_budget_min() = Cny(50'000'000);
    *survey.mutable_budget_max() = Cny(80'000'000);
    survey.set_timeline("2026 年三季度");
    survey.set_decision_process("子公司提报，集团采购委员会决策");
    survey.add_competitors("远景能源");
    survey.add_pain_points("电费高");
    return survey;
  }

  // The cursor after every settled event of the feed.
  static std::string EndCursor() {
    absl::SleepFor(absl::Milliseconds(100));
    v1::ListOpportunityEventsRequest request;
    request.set_page_size(1000);
    while (true) {
      v1::ListOpportunityEventsResponse response;
      const grpc::Status status =
          stub().ListOpportunityEvents(env_->As(Integration()).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.events().empty()) return response.next_page_token();
      request.set_page_token(response.next_page_token());
    }
  }
  static std::vector<v1::OpportunityEvent> EventsAfter(const std::string& token) {
    absl::SleepFor(absl::Milliseconds(100));
    v1::ListOpportunityEventsRequest request;
    request.set_page_token(token);
    request.set_page_size(1000);
    v1::ListOpportunityEventsResponse response;
    const grpc::Status status =
        stub().ListOpportunityEvents(env_->As(Integration()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  static inline std::unique_ptr<OpportunityTestEnv> env_;
};

TEST_F(PipelineTest, CreateGetListAndUpdateWithEtagsAndARetriedRequestId) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海管道储能科技有限公司");
  v1::Opportunity values = Values(customer, "储能电站一期");
  *values.mutable_amount() = Cny(120'000'000);
  *values.mutable_expected_close_date() = Day(2026, 6, 30);
  v1::Opportunity created;
  ASSERT_TRUE(Create(EastSales(), values, &created, "create-storage-1").ok());
  EXPECT_THAT(created.name(), ::testing::StartsWith("opportunities/"));
  EXPECT_EQ(created.customer(), customer);
  EXPECT_EQ(created.customer_display_name(), "上海管道储能科技有限公司");
  EXPECT_EQ(created.stage(), v1::LEAD);
  EXPECT_EQ(created.probability(), 10);
  EXPECT_FALSE(created.probability_overridden());
  EXPECT_EQ(created.forecast_category(), v1::PIPELINE);
  EXPECT_EQ(created.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.owner_user(), "users/li.si");
  EXPECT_EQ(created.amount().minor_units(), 120'000'000);
  EXPECT_EQ(created.stage_model_version(), 1);
  EXPECT_FALSE(created.etag().empty());

  // The same request id returns the first answer and writes nothing more.
  v1::Opportunity again;
  ASSERT_TRUE(Create(EastSales(), values, &again, "create-storage-1").ok());
  EXPECT_EQ(again.name(), created.name());
  EXPECT_EQ(Count(crm::StrCat("customer_id = '", IdOf(customer), "'")), "1");

  v1::Opportunity got;
  ASSERT_TRUE(Get(EastSales(), created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  v1::ListOpportunitiesRequest list;
  list.set_customer(customer);
  EXPECT_THAT(ListNames(EastSales(), list), ElementsAre(created.name()));

  v1::Opportunity change;
  change.set_name(created.name());
  change.set_etag(created.etag());
  change.set_title("储能电站一期（扩容）");
  change.set_probability(35);
  v1::Opportunity updated;
  ASSERT_TRUE(Update(EastSales(), change, {"title", "probability"}, &updated).ok());
  EXPECT_EQ(updated.title(), "储能电站一期（扩容）");
  EXPECT_EQ(updated.probability(), 35);
  EXPECT_TRUE(updated.probability_overridden());
  EXPECT_NE(updated.etag(), created.etag());

  // The old etag is stale: ABORTED, and the title stays.
  change.set_title("被拒绝的标题");
  const absl::Status stale = Update(EastSales(), change, {"title"}, &updated);
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted) << stale;
  ASSERT_TRUE(Get(EastSales(), created.name(), &got).ok());
  EXPECT_EQ(got.title(), "储能电站一期（扩容）");

  // The stage is not in the mask's allow-list.
  change.set_etag(got.etag());
  const absl::Status stage = Update(EastSales(), change, {"stage"}, &updated);
  EXPECT_EQ(stage.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(stage), ElementsAre("update_mask.paths[0]"));
}

TEST_F(PipelineTest, ProductLinesArePricedAndSummedIntoTheAmountAndKeptInTheHistory) {
  const std::string customer = env_->NewCustomer(EastSales(), "徐州管道产品线有限公司");
  v1::Opportunity values = Values(customer, "储能柜采购");
  v1::ProductLine* cabinet = values.add_product_lines();
  cabinet->set_product_code("ESS-215");
  cabinet->set_quantity(3);
  *cabinet->mutable_unit_price() = Cny(12'345'67);
  cabinet->set_discount_bp(1500);  // 3 × 12,345.67 × 0.85 = 31,481.4585 → 31,481.46
  v1::ProductLine* service = values.add_product_lines();
  service->set_product_code("SVC-1Y");
  service->set_quantity(1);
  *service->mutable_unit_price() = Cny(2'000'00);
  const v1::Opportunity created = MustCreate(EastSales(), values);
  ASSERT_EQ(created.product_lines_size(), 2);
  EXPECT_EQ(created.product_lines(0).amount().minor_units(), 31'481'46);
  EXPECT_EQ(created.product_lines(0).quantity(), 3);
  EXPECT_EQ(created.product_lines(0).discount_bp(), 1500);
  EXPECT_EQ(created.product_lines(1).amount().minor_units(), 2'000'00);
  EXPECT_EQ(created.amount().minor_units(), 33'481'46);
  EXPECT_EQ(created.amount().currency_code(), "CNY");

  // With lines the amount is theirs: setting it alone is refused.
  v1::Opportunity change;
  change.set_name(created.name());
  change.set_etag(created.etag());
  *change.mutable_amount() = Cny(1);
  v1::Opportunity refused;
  const absl::Status amount = Update(EastSales(), change, {"amount"}, &refused);
  EXPECT_EQ(amount.code(), absl::StatusCode::kInvalidArgument) << amount;
  EXPECT_THAT(Fields(amount), ElementsAre("opportunity.amount"));

  // The expected close date's changes are history too.
  change.clear_amount();
  *change.mutable_expected_close_date() = Day(2026, 9, 30);
  v1::Opportunity dated;
  ASSERT_TRUE(Update(EastSales(), change, {"expected_close_date"}, &dated).ok());
  change.set_etag(dated.etag());
  *change.mutable_expected_close_date() = Day(2026, 12, 31);
  ASSERT_TRUE(Update(EastSales(), change, {"expected_close_date"}, &dated).ok());
  const std::vector<v1::OpportunityHistoryEntry> history = History(EastSales(), created.name());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_FALSE(history[1].has_previous_expected_close_date());
  EXPECT_EQ(history[1].expected_close_date().SerializeAsString(),
            Day(2026, 9, 30).SerializeAsString());
  EXPECT_EQ(history[2].previous_expected_close_date().SerializeAsString(),
            Day(2026, 9, 30).SerializeAsString());
  EXPECT_EQ(history[2].amount().minor_units(), 33'481'46);
  // A change of nothing the history tracks adds no row.
  change.set_etag(dated.etag());
  change.set_lead_source("老客户推荐");
  ASSERT_TRUE(Update(EastSales(), change, {"lead_source"}, &dated).ok());
  EXPECT_EQ(History(EastSales(), created.name()).size(), 3u);
  EXPECT_EQ(dated.lead_source(), "老客户推荐");
}

TEST_F(PipelineTest, EveryBadFieldIsNamedAtOnceAndNothingIsWritten) {
  const std::string before = Count("true");
  v1::Opportunity values;
  values.set_customer("customers/not-a-uuid");
  values.set_probability(120);
  values.set_forecast_category(v1::CLOSED);
  values.mutable_amount()->set_currency_code("cny");
  *values.mutable_expected_close_date() = Day(2026, 2, 30);
  values.add_collaborating_org_units("sub-west");
  v1::CommitteeMember* member = values.add_buying_committee();
  member->set_contact("x");
  v1::ProductLine* line = values.add_product_lines();
  line->set_quantity(0);
  v1::Opportunity created;
  const absl::Status refused = Create(EastSales(), values, &created);
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_THAT(
      Fields(refused),
      IsSupersetOf({"opportunity.customer", "opportunity.title", "opportunity.probability",
                    "opportunity.forecast_category", "opportunity.amount.currency_code",
                    "opportunity.expected_close_date", "opportunity.collaborating_org_units[0]",
                    "opportunity.buying_committee[0].contact",
                    "opportunity.buying_committee[0].role"}));
  EXPECT_EQ(Count("true"), before);
}

TEST_F(PipelineTest, StagesMoveThroughGatesSkipsWinLoseAndReopenWithHistory) {
  const std::string customer = env_->NewCustomer(EastSales("zhao.liu"), "南京管道阶段测试有限公司");
  const std::string contact = env_->NewContact(customer, "张三");
  v1::Opportunity values = Values(customer, "配电改造");
  values.add_collaborating_org_units("orgUnits/sub-west");
  const Principal owner = EastSales("zhao.liu");
  v1::Opportunity o = MustCreate(owner, values);

  ASSERT_TRUE(Stage(owner, o, v1::DISCOVERY, &o).ok());
  EXPECT_EQ(o.stage(), v1::DISCOVERY);
  EXPECT_EQ(o.probability(), 20);

  // Past SOLUTION needs the survey and a decision maker.
  v1::Opportunity refused;
  const absl::Status gate = Stage(owner, o, v1::QUOTE, &refused);
  EXPECT_EQ(gate.code(), absl::StatusCode::kFailedPrecondition) << gate;
  EXPECT_EQ(Reason(gate), "STAGE_GATE_NOT_MET");

  v1::Opportunity change;
  change.set_name(o.name());
  change.set_etag(o.etag());
  *change.mutable_needs_survey() = FullSurvey();
  v1::CommitteeMember* member = change.add_buying_committee();
  member->set_contact(contact);
  member->set_role(v1::CommitteeMember::DECISION_MAKER);
  member->set_stance(v1::CommitteeMember::SUPPORTER);
  member->set_influence(5);
  ASSERT_TRUE(Update(owner, change, {"needs_survey", "buying_committee"}, &o).ok());
  EXPECT_EQ(o.needs_survey().completeness_bp(), 10000);
  ASSERT_EQ(o.buying_committee_size(), 1);
  EXPECT_EQ(o.buying_committee(0).display_name(), "张三");

  // A contact the customer service does not know is refused by field.
  change.set_etag(o.etag());
  change.mutable_buying_committee(0)->set_contact(
      crm::StrCat(customer, "/contacts/00000000-0000-4000-8000-000000000000"));
  const absl::Status unknown = Update(owner, change, {"buying_committee"}, &refused);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument) << unknown;
  EXPECT_THAT(Fields(unknown), ElementsAre("opportunity.buying_committee[0].contact"));

  // Three days later it skips SOLUTION and QUOTE.
  env_->clock().Advance(absl::Hours(72));
  ASSERT_TRUE(Stage(owner, o, v1::NEGOTIATION, &o).ok());
  EXPECT_EQ(o.probability(), 80);

  // Won needs an amount.
  const absl::Status no_amount = WinIt(owner, o, &refused);
  EXPECT_EQ(no_amount.code(), absl::StatusCode::kFailedPrecondition) << no_amount;
  EXPECT_EQ(Reason(no_amount), "WIN_REQUIREMENTS_NOT_MET");
  change.Clear();
  change.set_name(o.name());
  change.set_etag(o.etag());
  *change.mutable_amount() = Cny(300'000'000);
  ASSERT_TRUE(Update(owner, change, {"amount"}, &o).ok());
  ASSERT_TRUE(WinIt(owner, o, &o).ok());
  EXPECT_EQ(o.stage(), v1::WON);
  EXPECT_EQ(o.probability(), 100);
  EXPECT_EQ(o.forecast_category(), v1::CLOSED);
  // FakeClock: 2026-01-01T00:00Z plus three days is 2026-01-04 in China.
  EXPECT_EQ(o.close_date().SerializeAsString(), Day(2026, 1, 4).SerializeAsString());

  const absl::Status closed = Stage(owner, o, v1::QUOTE, &refused);
  EXPECT_EQ(Reason(closed), "OPPORTUNITY_CLOSED") << closed;

  // The collaborator sees it but may not reopen it; the owner may.
  v1::Opportunity seen;
  ASSERT_TRUE(Get(WestSales(), o.name(), &seen).ok());
  const absl::Status not_owner = ReopenIt(WestSales(), o, v1::QUOTE, &refused);
  EXPECT_EQ(not_owner.code(), absl::StatusCode::kPermissionDenied) << not_owner;
  EXPECT_EQ(Reason(not_owner), "REOPEN_NOT_PERMITTED");
  v1::Opportunity takeover;
  takeover.set_name(o.name());
  takeover.set_etag(o.etag());
  takeover.set_owner_org_unit("orgUnits/sub-west");
  const absl::Status taken = Update(WestSales(), takeover, {"owner_org_unit"}, &refused);
  EXPECT_EQ(taken.code(), absl::StatusCode::kPermissionDenied) << taken;
  EXPECT_EQ(Reason(taken), "OWNER_CHANGE_NOT_PERMITTED");
  ASSERT_TRUE(ReopenIt(owner, o, v1::QUOTE, &o).ok());
  EXPECT_EQ(o.stage(), v1::QUOTE);
  EXPECT_FALSE(o.has_close_date());

  const absl::Status no_reason = LoseIt(owner, o, v1::LOSS_REASON_UNSPECIFIED, &refused);
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument) << no_reason;
  ASSERT_TRUE(LoseIt(owner, o, v1::PRICE, &o).ok());
  EXPECT_EQ(o.stage(), v1::LOST);
  EXPECT_EQ(o.probability(), 0);
  EXPECT_EQ(o.forecast_category(), v1::OMITTED);
  EXPECT_EQ(o.loss_reason(), v1::PRICE);

  const std::vector<v1::OpportunityHistoryEntry> history = History(owner, o.name());
  std::vector<std::string> methods;
  for (const auto& entry : history) methods.push_back(entry.method());
  EXPECT_THAT(methods,
              ElementsAre("CreateOpportunity", "ChangeStage", "ChangeStage", "UpdateOpportunity",
                          "WinOpportunity", "ReopenOpportunity", "LoseOpportunity"));
  EXPECT_EQ(history[0].previous_stage(), v1::STAGE_UNSPECIFIED);
  EXPECT_EQ(history[0].stage(), v1::LEAD);
  EXPECT_FALSE(history[0].has_previous_amount());
  EXPECT_EQ(history[1].previous_stage(), v1::LEAD);
  EXPECT_EQ(history[1].previous_probability(), 10);
  EXPECT_EQ(history[1].probability(), 20);
  EXPECT_EQ(history[2].previous_stage(), v1::DISCOVERY);
  EXPECT_EQ(history[2].stage(), v1::NEGOTIATION);
  EXPECT_EQ(history[2].days_in_previous_stage(), 3);
  EXPECT_THAT(history[2].skipped_stages(), ElementsAre(v1::SOLUTION, v1::QUOTE));
  EXPECT_EQ(history[3].previous_amount().minor_units(), 0);
  EXPECT_EQ(history[3].amount().minor_units(), 300'000'000);
  EXPECT_EQ(history[4].forecast_category(), v1::CLOSED);
  EXPECT_EQ(history[5].reason(), "客户重新启动采购");
  EXPECT_EQ(history[5].actor(), "users/zhao.liu");
  EXPECT_EQ(history[6].stage(), v1::LOST);
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat(
          "SELECT array_to_string(stage_days, ',') FROM opportunity.opportunities WHERE id = '",
          IdOf(o.name()), "'")),
      "0,3,0,0,0,0,0");
}

TEST_F(PipelineTest, AnotherSubsidiaryIsRefusedOnRealIdsAndSeesNothingInLists) {
  const std::string customer = env_->NewCustomer(EastSales(), "杭州管道范围测试有限公司");
  const v1::Opportunity o = MustCreate(EastSales(), Values(customer, "华东专属项目"));

  v1::Opportunity out;
  const absl::Status get = Get(WestSales(), o.name(), &out);
  EXPECT_EQ(get.code(), absl::StatusCode::kPermissionDenied) << get;
  EXPECT_EQ(Reason(get), "OPPORTUNITY_NOT_IN_SCOPE");
  // A made-up id is refused the same way: existence is never revealed.
  const absl::Status made_up =
      Get(WestSales(), "opportunities/00000000-0000-4000-8000-000000000000", &out);
  EXPECT_EQ(made_up.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(made_up), "OPPORTUNITY_NOT_IN_SCOPE");
  EXPECT_EQ(Get(Hq(), "opportunities/00000000-0000-4000-8000-000000000000", &out).code(),
            absl::StatusCode::kNotFound);

  v1::Opportunity change;
  change.set_name(o.name());
  change.set_etag(o.etag());
  change.set_title("西区改的");
  EXPECT_EQ(Update(WestSales(), change, {"title"}, &out).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Stage(WestSales(), o, v1::DISCOVERY, &out).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(WinIt(WestSales(), o, &out).code(), absl::StatusCode::kPermissionDenied);
  v1::ListOpportunityHistoryRequest history;
  history.set_parent(o.name());
  v1::ListOpportunityHistoryResponse entries;
  EXPECT_EQ(
      stub().ListOpportunityHistory(env_->As(WestSales()).get(), history, &entries).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get(EastSales(), o.name(), &out).ok());
  EXPECT_EQ(out.title(), "华东专属项目");
  EXPECT_EQ(out.stage(), v1::LEAD);

  v1::ListOpportunitiesRequest list;
  const std::vector<std::string> west = ListNames(WestSales(), list);
  EXPECT_EQ(std::count(west.begin(), west.end(), o.name()), 0);
  list.set_customer(customer);
  EXPECT_TRUE(ListNames(WestSales(), list).empty());
  EXPECT_THAT(ListNames(Hq(), list), ElementsAre(o.name()));

  // Nor may it open one on the east's customer.
  v1::Opportunity created;
  const absl::Status poach = Create(WestSales(), Values(customer, "抢单"), &created);
  EXPECT_EQ(poach.code(), absl::StatusCode::kPermissionDenied) << poach;
  EXPECT_EQ(Reason(poach), "CUSTOMER_NOT_IN_SCOPE");
  // Nor own one in another subsidiary's name.
  v1::Opportunity foreign = Values(customer, "挂名");
  foreign.set_owner_org_unit("orgUnits/sub-west");
  const absl::Status unit = Create(EastSales(), foreign, &created);
  EXPECT_EQ(Reason(unit), "ORG_UNIT_NOT_IN_SCOPE") << unit;
}

TEST_F(PipelineTest, ChangesAppearOnTheFeedForFeedReadersOnly) {
  const std::string start = EndCursor();
  const std::string customer = env_->NewCustomer(EastSales(), "苏州管道事件有限公司");
  v1::Opportunity o = MustCreate(EastSales(), Values(customer, "事件项目"));
  ASSERT_TRUE(Stage(EastSales(), o, v1::DISCOVERY, &o).ok());
  const std::vector<v1::OpportunityEvent> events = EventsAfter(start);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type(), v1::OpportunityEvent::OPPORTUNITY_CREATED);
  EXPECT_EQ(events[0].resource(), o.name());
  EXPECT_EQ(events[0].customer(), customer);
  EXPECT_EQ(events[0].version(), 1);
  EXPECT_EQ(events[1].type(), v1::OpportunityEvent::STAGE_CHANGED);
  EXPECT_EQ(events[1].version(), 2);

  v1::ListOpportunityEventsRequest request;
  v1::ListOpportunityEventsResponse response;
  EXPECT_EQ(
      stub().ListOpportunityEvents(env_->As(EastSales()).get(), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PipelineTest, ListsPageNewestFirstAndFilterByStage) {
  const std::string customer = env_->NewCustomer(EastSales(), "常州管道分页有限公司");
  std::vector<std::string> created;
  for (const char* title : {"分页一", "分页二", "分页三"}) {
    created.push_back(MustCreate(EastSales(), Values(customer, title)).name());
    env_->clock().Advance(absl::Seconds(1));
  }
  v1::ListOpportunitiesRequest list;
  list.set_customer(customer);
  list.set_page_size(2);
  v1::ListOpportunitiesResponse first;
  ASSERT_TRUE(stub().ListOpportunities(env_->As(EastSales()).get(), list, &first).ok());
  ASSERT_EQ(first.opportunities_size(), 2);
  EXPECT_EQ(first.opportunities(0).name(), created[2]);
  EXPECT_FALSE(first.next_page_token().empty());
  EXPECT_THAT(ListNames(EastSales(), list), ElementsAre(created[2], created[1], created[0]));

  // A token belongs to its query.
  v1::ListOpportunitiesRequest other;
  other.set_page_token(first.next_page_token());
  v1::ListOpportunitiesResponse refused;
  EXPECT_EQ(stub().ListOpportunities(env_->As(EastSales()).get(), other, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::Opportunity moved;
  v1::Opportunity middle;
  ASSERT_TRUE(Get(EastSales(), created[1], &middle).ok());
  ASSERT_TRUE(Stage(EastSales(), middle, v1::DISCOVERY, &moved).ok());
  list.add_stages(v1::DISCOVERY);
  EXPECT_THAT(ListNames(EastSales(), list), ElementsAre(created[1]));
}

TEST_F(PipelineTest, ARetriedUpdateReturnsTheFirstAnswerAndChangesNothingMore) {
  const std::string customer = env_->NewCustomer(EastSales(), "镇江管道重试有限公司");
  const v1::Opportunity o = MustCreate(EastSales(), Values(customer, "重试项目"));
  v1::Opportunity change;
  change.set_name(o.name());
  change.set_etag(o.etag());
  *change.mutable_amount() = Cny(5'000'000);
  v1::Opportunity first;
  v1::Opportunity second;
  ASSERT_TRUE(Update(EastSales(), change, {"amount"}, &first, "update-retry-1").ok());
  ASSERT_TRUE(Update(EastSales(), change, {"amount"}, &second, "update-retry-1").ok());
  EXPECT_EQ(second.etag(), first.etag());
  EXPECT_EQ(History(EastSales(), o.name()).size(), 2u);
  // The same id with another body is refused.
  change.set_lead_source("展会");
  const absl::Status reused =
      Update(EastSales(), change, {"lead_source"}, &second, "update-retry-1");
  EXPECT_EQ(reused.code(), absl::StatusCode::kFailedPrecondition) << reused;
}

TEST_F(PipelineTest, TheCommitteeTakesOnlyContactsOfTheCustomerOrItsGroup) {
  const std::string customer = env_->NewCustomer(EastSales(), "扬州管道决策链有限公司");
  const std::string stranger = env_->NewCustomer(EastSales(), "泰州管道无关有限公司");
  const std::string outsider = env_->NewContact(stranger, "李四");
  v1::Opportunity values = Values(customer, "决策链项目");
  v1::CommitteeMember* member = values.add_buying_committee();
  member->set_contact(outsider);
  member->set_role(v1::CommitteeMember::INFLUENCER);
  v1::Opportunity created;
  const absl::Status refused = Create(EastSales(), values, &created);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_THAT(Fields(refused), ElementsAre("opportunity.buying_committee[0].contact"));
}

TEST_F(PipelineTest, ADeletedCustomerTakesNoNewOpportunitiesAndAnUnknownOneIsNotFound) {
  const std::string customer = env_->NewCustomer(EastSales(), "盐城管道删除测试有限公司");
  customer::v1::DeleteCustomerRequest remove;
  remove.set_name(customer);
  customer::v1::Customer removed;
  const grpc::Status deleted =
      env_->customers().DeleteCustomer(env_->As(Hq()).get(), remove, &removed);
  ASSERT_TRUE(deleted.ok()) << deleted.error_message();
  v1::Opportunity created;
  const absl::Status refused = Create(EastSales(), Values(customer, "删除后的项目"), &created);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_EQ(Reason(refused), "CUSTOMER_DELETED");

  const absl::Status unknown = Create(
      EastSales(), Values("customers/00000000-0000-4000-8000-000000000000", "无主项目"), &created);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound) << unknown;
  EXPECT_EQ(Reason(unknown), "CUSTOMER_NOT_FOUND");
}

TEST_F(PipelineTest, ACommitteeMayNameContactsOfAnotherCustomerInTheGroup) {
  const std::string parent = env_->NewCustomer(EastSales(), "扬州管道集团有限公司");
  const std::string child = env_->NewCustomer(EastSales(), "扬州管道集团子公司有限公司");
  const std::string group_contact = env_->NewContact(parent, "王总");
  // The group as the group replica holds it after the hierarchy's feed
  // (GROUP_CREATED, NODE_ATTACHED): parent at nodes/900001, child below.
  env_->QueryValue(crm::StrCat(
      "INSERT INTO opportunity.replica_group_nodes (node_id, root_id, customer_id, path, version)"
      " VALUES (900001, 900001, '",
      IdOf(parent), "', '900001', 1), (900002, 900001, '", IdOf(child),
      "', '900001.900002', 1) RETURNING 1"));
  v1::Opportunity values = Values(child, "集团决策项目");
  v1::CommitteeMember* member = values.add_buying_committee();
  member->set_contact(group_contact);
  member->set_role(v1::CommitteeMember::DECISION_MAKER);
  v1::Opportunity created;
  ASSERT_TRUE(Create(EastSales(), values, &created).ok());
  ASSERT_EQ(created.buying_committee_size(), 1);
  EXPECT_EQ(created.buying_committee(0).display_name(), "王总");
}

TEST_F(PipelineTest, CreatingPastSolutionPassesTheSameGates) {
  const std::string customer = env_->NewCustomer(EastSales(), "淮安管道起始阶段有限公司");
  v1::Opportunity values = Values(customer, "直接报价");
  values.set_stage(v1::QUOTE);
  v1::Opportunity created;
  const absl::Status gate = Create(EastSales(), values, &created);
  EXPECT_EQ(gate.code(), absl::StatusCode::kFailedPrecondition) << gate;
  EXPECT_EQ(Reason(gate), "STAGE_GATE_NOT_MET");
  values.set_stage(v1::SOLUTION);
  ASSERT_TRUE(Create(EastSales(), values, &created).ok());
  EXPECT_EQ(created.stage(), v1::SOLUTION);
  EXPECT_EQ(created.probability(), 40);
}

TEST_F(PipelineTest, AWatchGetsLiveEventsAndOnlyFeedReadersMayWatch) {
  const std::string start = EndCursor();
  Watch watch;
  watch.context = env_->As(Integration());
  v1::WatchOpportunityEventsRequest request;
  request.set_page_token(start);
  watch.reader = stub().WatchOpportunityEvents(watch.context.get(), request);
  const std::string customer = env_->NewCustomer(EastSales(), "宁波管道观察有限公司");
  const v1::Opportunity o = MustCreate(EastSales(), Values(customer, "观察项目"));
  ASSERT_TRUE(watch.ReadItems(1));
  EXPECT_EQ(watch.items[0].type(), v1::OpportunityEvent::OPPORTUNITY_CREATED);
  EXPECT_EQ(watch.items[0].resource(), o.name());
  EXPECT_TRUE(EventsAfter(watch.last_token).empty());
  EXPECT_EQ(watch.Cancel().error_code(), grpc::StatusCode::CANCELLED);

  Watch refused;
  refused.context = env_->As(EastSales());
  refused.reader = stub().WatchOpportunityEvents(refused.context.get(), request);
  EXPECT_FALSE(refused.ReadOne());
  EXPECT_EQ(refused.reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PipelineTest, BadFeedRequestsAreRefusedAndWatchesBeyondTheLimitToo) {
  v1::ListOpportunityEventsRequest negative;
  negative.set_page_size(-1);
  v1::ListOpportunityEventsResponse response;
  EXPECT_EQ(
      stub().ListOpportunityEvents(env_->As(Integration()).get(), negative, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListOpportunityEventsRequest garbage;
  garbage.set_page_token("garbage");
  EXPECT_EQ(
      stub().ListOpportunityEvents(env_->As(Integration()).get(), garbage, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  crm::testing::ExpectWatchLimit<Watch>(kMaxWatches, [] {
    Watch watch;
    watch.context = env_->As(Integration());
    watch.reader =
        stub().WatchOpportunityEvents(watch.context.get(), v1::WatchOpportunityEventsRequest());
    return watch;
  });
}

TEST_F(PipelineTest, MergedCustomersTakeTheirOpportunitiesAlongAndAnUnmergeGivesThemBack) {
  const std::string survivor = env_->NewCustomer(Hq(), "上海管道合并存续有限公司");
  const std::string merged = env_->NewCustomer(Hq(), "上海管道合并并入有限公司");
  const v1::Opportunity on_survivor = MustCreate(Hq(), Values(survivor, "存续方项目"));
  const v1::Opportunity on_merged = MustCreate(Hq(), Values(merged, "并入方项目"));
  ASSERT_TRUE(env_->SyncCustomers().ok());
  const std::string start = EndCursor();

  customer::v1::MergeCustomersRequest merge;
  merge.set_survivor(survivor);
  merge.add_merged(merged);
  customer::v1::MergeCustomersResponse merge_response;
  const grpc::Status merged_status =
      env_->customers().MergeCustomers(env_->As(Hq()).get(), merge, &merge_response);
  ASSERT_TRUE(merged_status.ok()) << merged_status.error_message();
  ASSERT_TRUE(env_->SyncCustomers().ok());

  v1::Opportunity moved;
  ASSERT_TRUE(Get(Hq(), on_merged.name(), &moved).ok());
  EXPECT_EQ(moved.customer(), survivor);
  EXPECT_NE(moved.etag(), on_merged.etag());
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT array_to_string(merged_from, ',') FROM opportunity.opportunities "
                "WHERE id = '",
                IdOf(on_merged.name()), "'")),
            IdOf(merged));
  const std::vector<v1::OpportunityEvent> events = EventsAfter(start);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), v1::OpportunityEvent::OPPORTUNITY_MOVED);
  EXPECT_EQ(events[0].resource(), on_merged.name());
  EXPECT_EQ(events[0].customer(), survivor);

  // A new opportunity on the merged customer is refused, naming the survivor.
  v1::Opportunity refused;
  const absl::Status on_gone = Create(Hq(), Values(merged, "晚到的项目"), &refused);
  EXPECT_EQ(on_gone.code(), absl::StatusCode::kNotFound) << on_gone;
  EXPECT_EQ(Reason(on_gone), "CUSTOMER_MERGED");

  customer::v1::UnmergeCustomerRequest unmerge;
  unmerge.set_name(merged);
  customer::v1::UnmergeCustomerResponse unmerge_response;
  const grpc::Status unmerged_status =
      env_->customers().UnmergeCustomer(env_->As(Hq()).get(), unmerge, &unmerge_response);
  ASSERT_TRUE(unmerged_status.ok()) << unmerged_status.error_message();
  ASSERT_TRUE(env_->SyncCustomers().ok());

  v1::Opportunity back;
  ASSERT_TRUE(Get(Hq(), on_merged.name(), &back).ok());
  EXPECT_EQ(back.customer(), merged);
  v1::Opportunity stayed;
  ASSERT_TRUE(Get(Hq(), on_survivor.name(), &stayed).ok());
  EXPECT_EQ(stayed.customer(), survivor);
  EXPECT_EQ(stayed.etag(), on_survivor.etag());
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT cardinality(merged_from) FROM opportunity.opportunities WHERE id = '",
                IdOf(on_merged.name()), "'")),
            "0");
  EXPECT_EQ(env_->module().customer_follower_health().last_error, "");

  // The follower's lag and the jobs' runs are exported.
  prometheus::Registry registry;
  env_->module().ExportMetrics(registry);
  std::set<std::string> families;
  for (const prometheus::MetricFamily& family : registry.Collect()) families.insert(family.name);
  EXPECT_TRUE(families.contains("crm_event_follower_lag_seconds"));
}

// The stage model changes what later opportunities get, so it has a database
// of its own.
class StageModelTest : public PipelineTest {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<OpportunityTestEnv>> env =
        OpportunityTestEnv::Start("opportunity_stage_model");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
};

TEST_F(StageModelTest, OnlyHqReplacesTheModelAndNewChangesUseTheNewVersion) {
  v1::GetStageModelRequest get;
  v1::StageModel model;
  ASSERT_TRUE(stub().GetStageModel(env_->As(EastSales()).get(), get, &model).ok());
  EXPECT_EQ(model.name(), "stageModel");
  EXPECT_EQ(model.version(), 1);
  ASSERT_EQ(model.stages_size(), 7);
  EXPECT_EQ(model.stages(0).probability(), 10);

  v1::UpdateStageModelRequest update;
  *update.mutable_stage_model() = model;
  update.mutable_stage_model()->mutable_stages(0)->set_probability(15);
  update.mutable_stage_model()->set_require_decision_maker(false);
  update.mutable_stage_model()->set_min_survey_completeness_bp(0);
  v1::StageModel updated;
  const grpc::Status sales = stub().UpdateStageModel(env_->As(EastSales()).get(), update, &updated);
  EXPECT_EQ(sales.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub().UpdateStageModel(env_->As(Hq()).get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(updated.stages(0).probability(), 15);
  EXPECT_NE(updated.etag(), model.etag());
  // The old etag is stale now.
  EXPECT_EQ(stub().UpdateStageModel(env_->As(Hq()).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  // A bad model names its fields.
  v1::UpdateStageModelRequest bad = update;
  bad.mutable_stage_model()->mutable_stages(5)->set_probability(90);
  const absl::Status invalid =
      status::FromGrpc(stub().UpdateStageModel(env_->As(Hq()).get(), bad, &updated));
  EXPECT_EQ(invalid.code(), absl::StatusCode::kInvalidArgument) << invalid;

  // New opportunities and stage changes use version 2: no gates past SOLUTION.
  const std::string customer = env_->NewCustomer(EastSales(), "无锡管道模型有限公司");
  v1::Opportunity o = MustCreate(EastSales(), Values(customer, "模型项目"));
  EXPECT_EQ(o.probability(), 15);
  EXPECT_EQ(o.stage_model_version(), 2);
  ASSERT_TRUE(Stage(EastSales(), o, v1::QUOTE, &o).ok());
  EXPECT_EQ(o.probability(), 60);
}

}  // namespace
}  // namespace crm::opportunity
