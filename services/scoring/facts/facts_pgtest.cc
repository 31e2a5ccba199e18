// The fact table against the real opportunity, contract and collaboration
// services: each change there reaches a customer's facts after one round of
// the feed followers and one of the refresher; a rebuild from scratch gives
// the same facts and reports its progress; a merge moves the facts to the
// survivor; and GetCustomerFacts keeps to the caller's scope.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/customer/testing/customer_test_env.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring::testing {
namespace {

using auth::v1::Principal;
using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;

namespace opp = ::crm::opportunity::v1;
namespace ctr = ::crm::contract::v1;
namespace col = ::crm::collaboration::v1;

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

Principal EastLegal() {
  return customer::testing::CustomerTestEnv::WithRoles("zhao.legal", "sub-east", {"legal"});
}
Principal EastFinance() {
  return customer::testing::CustomerTestEnv::WithRoles("qian.finance", "sub-east", {"finance"});
}

google::protobuf::Timestamp At(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

class FactsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start(
        "scoring_facts", {.opportunity = true, .contract = true, .collaboration = true});
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    // Winning a new opportunity at once (the stages' gates are the
    // pipeline's tests' business).
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

  // Every change so far followed and refreshed.
  static void CatchUp() {
    ASSERT_TRUE(env_->SyncCustomers().ok());
    absl::StatusOr<int64_t> followed = env_->FollowFeedsOnce();
    ASSERT_TRUE(followed.ok()) << followed.status();
    absl::StatusOr<int64_t> refreshed = env_->RefreshOnce();
    ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  }

  static absl::Status Facts(const Principal& as, const std::string& customer,
                            v1::CustomerFacts* out) {
    v1::GetCustomerFactsRequest request;
    request.set_customer(customer);
    return status::FromGrpc(env_->stub().GetCustomerFacts(env_->As(as).get(), request, out));
  }
  static v1::CustomerFacts MustFacts(const std::string& customer) {
    v1::CustomerFacts facts;
    const absl::Status status = Facts(Hq(), customer, &facts);
    EXPECT_TRUE(status.ok()) << status;
    return facts;
  }

  // The figure of the current month (the last of the 24).
  static int64_t ThisMonth(const google::protobuf::RepeatedPtrField<v1::MonthFigure>& figures) {
    EXPECT_EQ(figures.size(), 24);
    if (figures.empty()) return -1;
    const std::string current =
        absl::FormatCivilTime(absl::CivilMonth(clock::BusinessToday(env_->clock())));
    EXPECT_EQ(figures.rbegin()->month(), current.substr(0, 7));
    return figures.rbegin()->value();
  }

  static opp::Activity Activity(const std::string& customer, opp::Activity::Type type,
                                absl::Time when) {
    opp::CreateActivityRequest request;
    opp::Activity& values = *request.mutable_activity();
    values.set_customer(customer);
    values.set_type(type);
    *values.mutable_occur_time() = At(when);
    values.set_summary("拜访客户");
    if (type == opp::Activity::COMPLAINT) {
      values.mutable_complaint()->set_severity(opp::Complaint::HIGH);
    }
    opp::Activity created;
    const grpc::Status status =
        env_->opportunities().CreateActivity(env_->As(EastSales()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static opp::Opportunity Open(const std::string& customer, int64_t fen) {
    opp::CreateOpportunityRequest create;
    create.mutable_opportunity()->set_customer(customer);
    create.mutable_opportunity()->set_title("华信能源 变电站设计");
    *create.mutable_opportunity()->mutable_amount() = Cny(fen);
    opp::Opportunity created;
    const grpc::Status status =
        env_->opportunities().CreateOpportunity(env_->As(EastSales()).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static opp::Opportunity Win(const opp::Opportunity& open) {
    opp::WinOpportunityRequest win;
    win.set_name(open.name());
    win.set_etag(open.etag());
    opp::Opportunity won;
    const grpc::Status status =
        env_->opportunities().WinOpportunity(env_->As(EastSales()).get(), win, &won);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(won.stage(), opp::WON);
    return won;
  }

  // A contract of `fen` (legal approves alone) on `customer`, starting in 10
  // days, all due in 40, submitted, approved and signed today.
  static ctr::Contract Signed(const std::string& customer, int64_t fen) {
    const absl::CivilDay today = clock::BusinessToday(env_->clock());
    ctr::CreateContractRequest create;
    ctr::Contract& values = *create.mutable_contract();
    values.set_kind(ctr::STANDALONE);
    values.set_title("变电站设计合同");
    values.set_customer(customer);
    *values.mutable_amount() = Cny(fen);
    *values.mutable_start_date() = validation::FromCivilDay(today + 10);
    *values.mutable_end_date() = validation::FromCivilDay(today + 375);
    ctr::PaymentMilestone* all = values.add_payment_milestones();
    *all->mutable_due_date() = validation::FromCivilDay(today + 40);
    *all->mutable_amount() = Cny(fen);
    all->set_description("全款");
    ctr::Contract contract;
    grpc::Status status =
        env_->contracts().CreateContract(env_->As(EastSales()).get(), create, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::SubmitContractRequest submit;
    submit.set_name(contract.name());
    submit.set_etag(contract.etag());
    status = env_->contracts().SubmitContract(env_->As(EastSales()).get(), submit, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::ApproveContractRequest approve;
    approve.set_name(contract.name());
    approve.set_etag(contract.etag());
    approve.set_comment("同意");
    status = env_->contracts().ApproveContract(env_->As(EastLegal()).get(), approve, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ctr::SignContractRequest sign;
    sign.set_name(contract.name());
    sign.set_etag(contract.etag());
    status = env_->contracts().SignContract(env_->As(EastSales()).get(), sign, &contract);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(contract.state(), ctr::SIGNED);
    return contract;
  }

  static void Receipt(const ctr::Contract& contract, int64_t fen, const std::string& reference) {
    ctr::RecordReceiptRequest request;
    request.set_parent(contract.name());
    *request.mutable_receipt()->mutable_receive_date() =
        validation::FromCivilDay(clock::BusinessToday(env_->clock()));
    *request.mutable_receipt()->mutable_amount() = Cny(fen);
    request.mutable_receipt()->set_bank_reference(reference);
    ctr::Receipt receipt;
    const grpc::Status status =
        env_->contracts().RecordReceipt(env_->As(EastFinance()).get(), request, &receipt);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  static col::CollaborationRequest Request(const std::string& customer) {
    col::CreateCollaborationRequestRequest request;
    col::CollaborationRequest& values = *request.mutable_collaboration_request();
    values.set_customer(customer);
    values.set_title("新厂区设计 + 施工");
    values.set_urgency(col::URGENT);
    col::Participant* west = values.add_participants();
    west->set_org_unit("orgUnits/sub-west");
    west->set_task("施工方案");
    col::CollaborationRequest created;
    const grpc::Status status = env_->collaboration().CreateCollaborationRequest(
        env_->As(EastSales()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static std::string Query(const std::string& sql) { return env_->QueryValue(sql); }

  static std::unique_ptr<ScoringTestEnv> env_;
};

std::unique_ptr<ScoringTestEnv> FactsTest::env_;

TEST_F(FactsTest, ACustomerNeverRefreshedHasEmptyFacts) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团东区新客户有限公司");
  const v1::CustomerFacts facts = MustFacts(customer);
  EXPECT_EQ(facts.customer(), customer);
  EXPECT_FALSE(facts.has_refresh_time());
  EXPECT_EQ(facts.purchases_size(), 0);
}

TEST_F(FactsTest, ActivitiesReachTheFacts) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团东区活动有限公司");
  CatchUp();
  const absl::Time now = env_->clock().Now();
  Activity(customer, opp::Activity::VISIT, now - absl::Hours(3));
  Activity(customer, opp::Activity::COMPLAINT, now - absl::Hours(2));
  Activity(customer, opp::Activity::DELIVERY_ISSUE, now - absl::Hours(1));
  CatchUp();
  const v1::CustomerFacts facts = MustFacts(customer);
  EXPECT_EQ(facts.last_activity_time(), At(now - absl::Hours(1)));
  EXPECT_EQ(facts.last_visit_time(), At(now - absl::Hours(3)));
  EXPECT_EQ(ThisMonth(facts.complaints()), 1);
  EXPECT_EQ(facts.delivery_problems(), 1);
  EXPECT_TRUE(facts.has_refresh_time());
  EXPECT_EQ(Query(crm::StrCat("SELECT count(*) FROM scoring.dirty_customers WHERE customer_id = '",
                              IdOf(customer), "'")),
            "0");
  // Scored in the same transaction.
  EXPECT_EQ(Query(crm::StrCat("SELECT count(*) FROM scoring.customer_scores WHERE customer_id = '",
                              IdOf(customer), "'")),
            "1");
}

TEST_F(FactsTest, OpportunitiesContractsReceiptsAndRequestsReachTheFacts) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团东区合同有限公司");
  // An open opportunity: the pipeline at its stage's probability (LEAD 10%).
  const opp::Opportunity open = Open(customer, 300000000);
  CatchUp();
  v1::CustomerFacts facts = MustFacts(customer);
  EXPECT_EQ(facts.pipeline_open().minor_units(), 300000000);
  EXPECT_EQ(facts.pipeline_open().currency_code(), "CNY");
  EXPECT_EQ(facts.pipeline_weighted().minor_units(), 300000000 * open.probability() / 100);

  // Won: out of the pipeline.
  Win(open);
  CatchUp();
  facts = MustFacts(customer);
  EXPECT_EQ(facts.pipeline_open().minor_units(), 0);
  EXPECT_EQ(facts.pipeline_weighted().minor_units(), 0);

  // A signed contract: this month's purchases, active value, the receivable
  // and the tenure.
  const ctr::Contract contract = Signed(customer, 80000000);
  CatchUp();
  facts = MustFacts(customer);
  EXPECT_EQ(ThisMonth(facts.purchases()), 80000000);
  EXPECT_EQ(facts.active_contract_value().minor_units(), 80000000);
  EXPECT_EQ(facts.receivable().minor_units(), 80000000);
  EXPECT_EQ(facts.overdue().minor_units(), 0);
  EXPECT_EQ(validation::ToCivilDay(facts.first_signed_date()), clock::BusinessToday(env_->clock()));

  // A receipt.
  Receipt(contract, 30000000, "BANK-FACTS-1");
  CatchUp();
  facts = MustFacts(customer);
  EXPECT_EQ(ThisMonth(facts.receipts()), 30000000);
  EXPECT_EQ(facts.receivable().minor_units(), 50000000);

  // An open collaboration request.
  Request(customer);
  CatchUp();
  facts = MustFacts(customer);
  EXPECT_EQ(facts.open_collaboration_requests(), 1);
}

TEST_F(FactsTest, AnOverdueMilestoneReachesTheFacts) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团东区回款有限公司");
  Signed(customer, 60000000);
  CatchUp();
  EXPECT_EQ(MustFacts(customer).overdue().minor_units(), 0);
  EXPECT_EQ(MustFacts(customer).delivery_problems(), 0);
  // 45 days on the milestone due in 40 is 5 days overdue; the contract
  // service's job announces it.
  env_->clock().Advance(absl::Hours(24 * 45));
  absl::StatusOr<int> ran = env_->contract_module().jobs().RunDueOnce();
  ASSERT_TRUE(ran.ok()) << ran.status();
  CatchUp();
  const v1::CustomerFacts facts = MustFacts(customer);
  EXPECT_EQ(facts.overdue().minor_units(), 60000000);
  EXPECT_EQ(facts.receivable().minor_units(), 60000000);
  EXPECT_EQ(facts.overdue_days(), 5);
  EXPECT_EQ(facts.delivery_problems(), 1);
}

TEST_F(FactsTest, ARebuildFromScratchGivesTheSameFactsWithProgress) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团东区重建有限公司");
  Open(customer, 1000000);
  Signed(customer, 2000000);
  Activity(customer, opp::Activity::COMPLAINT, env_->clock().Now() - absl::Minutes(30));
  Request(customer);
  CatchUp();
  v1::CustomerFacts before = MustFacts(customer);
  ASSERT_TRUE(before.has_refresh_time());

  // Only HQ rebuilds.
  v1::FactsRebuild rebuild;
  v1::StartFactsRebuildRequest start;
  start.set_request_id("6f1c2a9e-5b7d-4e21-9c0a-6d8e4f2b1a37");
  absl::Status refused =
      status::FromGrpc(env_->stub().StartFactsRebuild(env_->As(Strategy()).get(), start, &rebuild));
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(refused), "HQ_ADMIN_REQUIRED");

  // From scratch: the fact table emptied.
  env_->Exec("DELETE FROM scoring.customer_months");
  env_->Exec("DELETE FROM scoring.customer_facts");
  const grpc::Status started =
      env_->stub().StartFactsRebuild(env_->As(Hq()).get(), start, &rebuild);
  ASSERT_TRUE(started.ok()) << started.error_message();
  EXPECT_EQ(rebuild.state(), v1::FactsRebuild::RUNNING);
  EXPECT_THAT(rebuild.name(), ::testing::StartsWith("factsRebuilds/"));
  EXPECT_GE(rebuild.customers_total(), 1);
  EXPECT_EQ(rebuild.customers_done(), 0);
  EXPECT_EQ(rebuild.started_by(), Hq().user());
  // The followers start again from the feeds' oldest events.
  EXPECT_EQ(Query("SELECT count(*) FROM scoring.followed_feeds WHERE token <> ''"
                  " AND feed IN ('opportunity', 'contract', 'collaboration')"),
            "0");

  // A retry returns it, and so does a second request while it runs.
  v1::FactsRebuild again;
  ASSERT_TRUE(env_->stub().StartFactsRebuild(env_->As(Hq()).get(), start, &again).ok());
  EXPECT_EQ(again.name(), rebuild.name());
  v1::StartFactsRebuildRequest second;
  ASSERT_TRUE(env_->stub().StartFactsRebuild(env_->As(Hq()).get(), second, &again).ok());
  EXPECT_EQ(again.name(), rebuild.name());
  EXPECT_EQ(again.state(), v1::FactsRebuild::RUNNING);

  v1::GetFactsRebuildRequest get;
  get.set_name(rebuild.name());
  v1::FactsRebuild progress;
  ASSERT_TRUE(env_->stub().GetFactsRebuild(env_->As(Strategy()).get(), get, &progress).ok());
  EXPECT_EQ(progress.state(), v1::FactsRebuild::RUNNING);
  EXPECT_EQ(progress.customers_total(), rebuild.customers_total());
  EXPECT_LT(progress.customers_done(), progress.customers_total());

  CatchUp();
  ASSERT_TRUE(env_->stub().GetFactsRebuild(env_->As(Hq()).get(), get, &progress).ok());
  EXPECT_EQ(progress.state(), v1::FactsRebuild::SUCCEEDED);
  EXPECT_EQ(progress.customers_done(), progress.customers_total());
  EXPECT_TRUE(progress.has_end_time());

  v1::CustomerFacts after = MustFacts(customer);
  ASSERT_TRUE(after.has_refresh_time());
  before.clear_refresh_time();
  after.clear_refresh_time();
  EXPECT_TRUE(MessageDifferencer::Equals(before, after)) << "before:\n"
                                                         << before.DebugString() << "after:\n"
                                                         << after.DebugString();
  EXPECT_EQ(after.pipeline_open().minor_units(), 1000000);
  EXPECT_EQ(ThisMonth(after.purchases()), 2000000);
  EXPECT_EQ(ThisMonth(after.complaints()), 1);
  EXPECT_EQ(after.open_collaboration_requests(), 1);

  // Done: the next one is a new rebuild.
  v1::StartFactsRebuildRequest third;
  v1::FactsRebuild next;
  ASSERT_TRUE(env_->stub().StartFactsRebuild(env_->As(Hq()).get(), third, &next).ok());
  EXPECT_NE(next.name(), rebuild.name());
  CatchUp();

  v1::GetFactsRebuildRequest missing;
  missing.set_name("factsRebuilds/3f1c2a9e-5b7d-4e21-9c0a-6d8e4f2b1a37");
  const absl::Status not_found =
      status::FromGrpc(env_->stub().GetFactsRebuild(env_->As(Hq()).get(), missing, &progress));
  EXPECT_EQ(not_found.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(not_found), "FACTS_REBUILD_NOT_FOUND");
  missing.set_name("factsRebuilds/latest");
  const absl::Status bad =
      status::FromGrpc(env_->stub().GetFactsRebuild(env_->As(Hq()).get(), missing, &progress));
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(FactsTest, AMergeMovesTheFactsToTheSurvivor) {
  const std::string merged = env_->NewCustomer(EastSales(), "华信能源集团东区并入有限公司");
  const std::string survivor = env_->NewCustomer(EastSales(), "华信能源集团东区存续有限公司");
  Open(merged, 4000000);
  Signed(merged, 5000000);
  Open(survivor, 1000000);
  CatchUp();
  ASSERT_EQ(MustFacts(merged).pipeline_open().minor_units(), 4000000);
  ASSERT_EQ(MustFacts(survivor).pipeline_open().minor_units(), 1000000);

  customer::v1::MergeCustomersRequest merge;
  merge.set_survivor(survivor);
  merge.add_merged(merged);
  customer::v1::MergeCustomersResponse response;
  const grpc::Status status =
      env_->customers().MergeCustomers(env_->As(Hq()).get(), merge, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  CatchUp();

  const v1::CustomerFacts facts = MustFacts(survivor);
  EXPECT_EQ(facts.pipeline_open().minor_units(), 5000000);
  EXPECT_EQ(ThisMonth(facts.purchases()), 5000000);
  EXPECT_EQ(facts.active_contract_value().minor_units(), 5000000);
  // The merged customer's facts and scores are gone.
  EXPECT_EQ(Query(crm::StrCat("SELECT count(*) FROM scoring.customer_facts WHERE customer_id = '",
                              IdOf(merged), "'")),
            "0");
  EXPECT_EQ(Query(crm::StrCat("SELECT count(*) FROM scoring.customer_months WHERE customer_id = '",
                              IdOf(merged), "'")),
            "0");
  EXPECT_EQ(Query(crm::StrCat("SELECT count(*) FROM scoring.customer_scores WHERE customer_id = '",
                              IdOf(merged), "'")),
            "0");
  v1::CustomerFacts gone;
  const absl::Status merged_status = Facts(Hq(), merged, &gone);
  EXPECT_EQ(merged_status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(merged_status), "CUSTOMER_MERGED");

  // Unmerged: each has its own facts again.
  customer::v1::UnmergeCustomerRequest unmerge;
  unmerge.set_name(merged);
  customer::v1::UnmergeCustomerResponse unmerged;
  const grpc::Status restored =
      env_->customers().UnmergeCustomer(env_->As(Hq()).get(), unmerge, &unmerged);
  ASSERT_TRUE(restored.ok()) << restored.error_message();
  CatchUp();
  const v1::CustomerFacts back = MustFacts(merged);
  EXPECT_EQ(back.pipeline_open().minor_units(), 4000000);
  EXPECT_EQ(ThisMonth(back.purchases()), 5000000);
  const v1::CustomerFacts survivor_again = MustFacts(survivor);
  EXPECT_EQ(survivor_again.pipeline_open().minor_units(), 1000000);
  EXPECT_EQ(ThisMonth(survivor_again.purchases()), 0);
}

TEST_F(FactsTest, FactsKeepToTheCallersScope) {
  const std::string west = env_->NewCustomer(WestSales(), "华信能源集团西区有限公司");
  CatchUp();
  v1::CustomerFacts facts;
  EXPECT_TRUE(Facts(WestSales(), west, &facts).ok());
  EXPECT_EQ(Query(crm::StrCat("SELECT owner_org_unit || ' ' || array_to_string(account_team, ',')"
                              " FROM scoring.replica_customers WHERE customer_id = '",
                              IdOf(west), "'")),
            "orgUnits/sub-west ");
  const absl::Status other = Facts(EastSales(), west, &facts);
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(other), "CUSTOMER_NOT_IN_SCOPE");
  // A customer that does not exist: the same answer outside HQ, NOT_FOUND
  // for HQ.
  const std::string nobody = "customers/0b7e5f3a-4c1d-4e8b-9a2f-1d3c5e7f9a0b";
  const absl::Status missing = Facts(EastSales(), nobody, &facts);
  EXPECT_EQ(missing.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(missing), "CUSTOMER_NOT_IN_SCOPE");
  const absl::Status hq_missing = Facts(Hq(), nobody, &facts);
  EXPECT_EQ(hq_missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(hq_missing), "CUSTOMER_NOT_FOUND");
  // A malformed name names the field.
  const absl::Status malformed = Facts(EastSales(), "customers/42", &facts);
  EXPECT_EQ(malformed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(malformed.message()), ::testing::HasSubstr("customer"));
}

}  // namespace
}  // namespace crm::scoring::testing
