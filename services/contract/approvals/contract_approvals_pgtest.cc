// Approvals through the contract service's gRPC API, against the real
// customer service, PostgreSQL and Redis (services/contract/testing): steps
// by amount under the default policy, acted on in order by their roles, never
// by the submitter, only within the approver's scope; the inbox; rejection,
// revision and resubmission; a material change after approval; signing,
// activation and termination; etags and request ids; the approval policy.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/contract/approvals/approvals_test_support.h"

namespace crm::contract {
namespace {

using ::crm::contract::testing::Calls;
using ::crm::contract::testing::ContractTestEnv;
using ::crm::contract::testing::Day;
using ::crm::contract::testing::EastFinance;
using ::crm::contract::testing::EastLegal;
using ::crm::contract::testing::EastSales;
using ::crm::contract::testing::Fields;
using ::crm::contract::testing::Hq;
using ::crm::contract::testing::Meta;
using ::crm::contract::testing::Principal;
using ::crm::contract::testing::Reason;
using ::crm::contract::testing::Roles;
using ::crm::contract::testing::Values;
using ::crm::contract::testing::WestSales;
using ::crm::contract::testing::Yuan;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

// FakeClock's default start is 2026-01-01 08:00 in Shanghai: "today".
const common::v1::Date kNextMonth = Day(2026, 2, 1);
const common::v1::Date kYearEnd = Day(2026, 12, 31);

Principal WestLegal() {
  return customer::testing::CustomerTestEnv::WithRoles("zhou.legal", "sub-west", {"legal"});
}
Principal OtherHqAdmin() {
  return customer::testing::CustomerTestEnv::WithRoles("hq.second", "hq", {"hq_admin"});
}
// A seller of sub-east who also does legal review.
Principal EastSellerAndLawyer() {
  return customer::testing::CustomerTestEnv::WithRoles("wu.both", "sub-east", {"sales", "legal"});
}

class ApprovalsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ContractTestEnv>> env =
        ContractTestEnv::Start("contract_approvals");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    calls_ = std::make_unique<Calls>(*env_);
    east_customer_ = env_->NewCustomer(EastSales(), "华信能源华东有限公司");
    west_customer_ = env_->NewCustomer(WestSales(), "华信能源西南有限公司");
  }
  static void TearDownTestSuite() {
    calls_.reset();
    env_.reset();
  }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static Calls& calls() { return *calls_; }
  // A submitted contract of `yuan` CNY on sub-east's customer by `as`.
  static v1::Contract EastSubmitted(int64_t yuan, const Principal& as = EastSales()) {
    return calls().Submitted(as,
                             Values(v1::STANDALONE, east_customer_, yuan, kNextMonth, kYearEnd));
  }

  static std::unique_ptr<ContractTestEnv> env_;
  static std::unique_ptr<Calls> calls_;
  static std::string east_customer_;
  static std::string west_customer_;
};

std::unique_ptr<ContractTestEnv> ApprovalsTest::env_;
std::unique_ptr<Calls> ApprovalsTest::calls_;
std::string ApprovalsTest::east_customer_;
std::string ApprovalsTest::west_customer_;

TEST_F(ApprovalsTest, StepsFollowTheAmountUnderTheDefaultPolicy) {
  const v1::Contract small = EastSubmitted(500'000);
  EXPECT_EQ(small.state(), v1::PENDING_APPROVAL);
  EXPECT_THAT(Roles(small), ElementsAre("legal"));
  EXPECT_EQ(small.submitter(), EastSales().user());
  const v1::Contract at_threshold = EastSubmitted(1'000'000);
  EXPECT_THAT(Roles(at_threshold), ElementsAre("legal"));
  const v1::Contract medium = EastSubmitted(5'000'000);
  EXPECT_THAT(Roles(medium), ElementsAre("legal", "finance"));
  const v1::Contract large = EastSubmitted(20'000'000);
  EXPECT_THAT(Roles(large), ElementsAre("legal", "finance", "hq_admin"));
  for (const v1::ApprovalStep& step : large.approval_steps()) {
    EXPECT_EQ(step.outcome(), v1::ApprovalStep::OUTCOME_UNSPECIFIED);
    EXPECT_TRUE(step.approver().empty());
  }
  EXPECT_EQ(calls().Events(large.name(), "CONTRACT_SUBMITTED"), 1);
}

TEST_F(ApprovalsTest, StepsAreActedOnInOrderEachByItsRole) {
  v1::Contract c = EastSubmitted(20'000'000);
  // Finance comes second: it waits for legal.
  absl::StatusOr<v1::Contract> early = calls().Approve(EastFinance(), c);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(early.status()), "APPROVAL_STEP_NOT_REACHED");
  EXPECT_EQ(Meta(early.status(), "currentRole"), "legal");
  // A seller holds no approver role at all.
  absl::StatusOr<v1::Contract> seller = calls().Approve(EastSales("xu.other"), c);
  EXPECT_EQ(seller.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(seller.status()), "APPROVER_ROLE_REQUIRED");
  // Every decision has a comment.
  absl::StatusOr<v1::Contract> silent = calls().Approve(EastLegal(), c, "");
  EXPECT_EQ(silent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(silent.status()), ElementsAre("comment"));

  absl::StatusOr<v1::Contract> legal = calls().Approve(EastLegal(), c, "合同条款已审核");
  ASSERT_TRUE(legal.ok()) << legal.status();
  EXPECT_EQ(legal->state(), v1::PENDING_APPROVAL);
  EXPECT_EQ(legal->approval_steps(0).outcome(), v1::ApprovalStep::APPROVED);
  EXPECT_EQ(legal->approval_steps(0).approver(), EastLegal().user());
  EXPECT_EQ(legal->approval_steps(0).comment(), "合同条款已审核");
  EXPECT_TRUE(legal->approval_steps(0).has_decide_time());
  EXPECT_NE(legal->etag(), c.etag());

  // The etag read before legal's decision is stale now.
  absl::StatusOr<v1::Contract> stale = calls().Approve(EastFinance(), c, "同意");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(stale.status()), "ETAG_MISMATCH");
  // Legal acted already; its step is done.
  absl::StatusOr<v1::Contract> legal_again = calls().Approve(EastLegal(), *legal, "再次同意");
  EXPECT_EQ(Reason(legal_again.status()), "APPROVER_ROLE_REQUIRED");

  absl::StatusOr<v1::Contract> finance = calls().Approve(EastFinance(), *legal, "付款条件可接受");
  ASSERT_TRUE(finance.ok()) << finance.status();
  EXPECT_EQ(finance->state(), v1::PENDING_APPROVAL);
  EXPECT_EQ(calls().Events(c.name(), "CONTRACT_APPROVED"), 0);
  absl::StatusOr<v1::Contract> hq = calls().Approve(Hq(), *finance, "集团同意");
  ASSERT_TRUE(hq.ok()) << hq.status();
  EXPECT_EQ(hq->state(), v1::APPROVED);
  EXPECT_EQ(calls().Events(c.name(), "CONTRACT_APPROVED"), 1);

  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> history =
      calls().History(EastSales(), c.name());
  ASSERT_TRUE(history.ok()) << history.status();
  std::vector<std::string> lines;
  for (const v1::ContractHistoryEntry& e : *history) {
    lines.push_back(crm::StrCat(e.method(), " ", e.actor(), " ",
                                v1::ContractState_Name(e.previous_state()), "→",
                                v1::ContractState_Name(e.state()), " ", e.comment()));
    EXPECT_TRUE(e.has_change_time());
  }
  EXPECT_THAT(lines,
              ::testing::IsSupersetOf(
                  {"SubmitContract users/li.si DRAFT→PENDING_APPROVAL 请审批",
                   "ApproveContract users/zhao.legal PENDING_APPROVAL→PENDING_APPROVAL step 1 of 3 "
                   "(legal) approved: 合同条款已审核",
                   "ApproveContract users/qian.finance PENDING_APPROVAL→PENDING_APPROVAL step 2 of "
                   "3 (finance) approved: 付款条件可接受",
                   "ApproveContract users/hq.admin PENDING_APPROVAL→APPROVED step 3 of 3 "
                   "(hq_admin) approved: 集团同意"}))
      << ::testing::PrintToString(lines);
}

TEST_F(ApprovalsTest, TheSubmitterNeverApprovesTheirOwnContract) {
  const v1::Contract own = EastSubmitted(300'000, EastSellerAndLawyer());
  absl::StatusOr<v1::Contract> approved = calls().Approve(EastSellerAndLawyer(), own, "我同意");
  EXPECT_EQ(approved.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(approved.status()), "SUBMITTER_MAY_NOT_APPROVE");
  EXPECT_THAT(std::string(approved.status().message()),
              ::testing::HasSubstr("users/wu.both submitted " + own.name()));
  absl::StatusOr<v1::Contract> rejected = calls().Reject(EastSellerAndLawyer(), own, "撤回");
  EXPECT_EQ(Reason(rejected.status()), "SUBMITTER_MAY_NOT_APPROVE");
  // Nor does it wait in their inbox; another lawyer approves it.
  absl::StatusOr<std::vector<std::string>> inbox = calls().Inbox(EastSellerAndLawyer());
  ASSERT_TRUE(inbox.ok()) << inbox.status();
  EXPECT_THAT(*inbox, Not(Contains(own.name())));
  absl::StatusOr<v1::Contract> other = calls().Approve(EastLegal(), own, "同意");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->state(), v1::APPROVED);
  // HQ too: an HQ submission of a large contract waits for another hq_admin.
  const v1::Contract hq_own = calls().Submitted(
      Hq(), Values(v1::STANDALONE, east_customer_, 20'000'000, kNextMonth, kYearEnd));
  const v1::Contract at_hq = calls().ApprovedBy(hq_own, {EastLegal(), EastFinance()});
  EXPECT_EQ(at_hq.state(), v1::PENDING_APPROVAL);
  absl::StatusOr<v1::Contract> self = calls().Approve(Hq(), at_hq, "同意");
  EXPECT_EQ(Reason(self.status()), "SUBMITTER_MAY_NOT_APPROVE");
  absl::StatusOr<v1::Contract> other_hq = calls().Approve(OtherHqAdmin(), at_hq, "同意");
  ASSERT_TRUE(other_hq.ok()) << other_hq.status();
  EXPECT_EQ(other_hq->state(), v1::APPROVED);
}

TEST_F(ApprovalsTest, ApproversSeeOnlyContractsInTheirScope) {
  // A real id of sub-west's, waiting for legal.
  const v1::Contract west = calls().Submitted(
      WestSales(), Values(v1::STANDALONE, west_customer_, 800'000, kNextMonth, kYearEnd));
  ASSERT_FALSE(west.name().empty());
  absl::StatusOr<v1::Contract> across = calls().Approve(EastLegal(), west, "同意");
  EXPECT_EQ(across.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(across.status()), "CONTRACT_NOT_IN_SCOPE");
  absl::StatusOr<v1::Contract> reject = calls().Reject(EastLegal(), west, "不同意");
  EXPECT_EQ(Reason(reject.status()), "CONTRACT_NOT_IN_SCOPE");
  // The same answer as for an id that does not exist.
  v1::Contract missing = west;
  missing.set_name("contracts/00000000-0000-4000-8000-000000000000");
  absl::StatusOr<v1::Contract> nothing = calls().Approve(EastLegal(), missing, "同意");
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(nothing.status()), "CONTRACT_NOT_IN_SCOPE");
  // Sub-east's sellers cannot sign or terminate it either.
  EXPECT_EQ(Reason(calls().Sign(EastSales(), west).status()), "CONTRACT_NOT_IN_SCOPE");
  EXPECT_EQ(Reason(calls().Terminate(EastSales(), west, "越权").status()), "CONTRACT_NOT_IN_SCOPE");
  EXPECT_EQ(Reason(calls().Submit(EastSales(), west).status()), "CONTRACT_NOT_IN_SCOPE");

  absl::StatusOr<std::vector<std::string>> east_inbox = calls().Inbox(EastLegal());
  ASSERT_TRUE(east_inbox.ok()) << east_inbox.status();
  EXPECT_THAT(*east_inbox, Not(Contains(west.name())));
  absl::StatusOr<std::vector<std::string>> west_inbox = calls().Inbox(WestLegal());
  ASSERT_TRUE(west_inbox.ok()) << west_inbox.status();
  EXPECT_THAT(*west_inbox, Contains(west.name()));
  absl::StatusOr<v1::Contract> approved = calls().Approve(WestLegal(), west, "同意");
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::APPROVED);
}

TEST_F(ApprovalsTest, TheInboxListsWhatWaitsForTheCaller) {
  const v1::Contract first = EastSubmitted(5'000'000);
  env_->clock().Advance(absl::Seconds(1));
  const v1::Contract second = EastSubmitted(200'000);
  env_->clock().Advance(absl::Seconds(1));
  const v1::Contract third = EastSubmitted(6'000'000);
  const std::vector<std::string> mine = {first.name(), second.name(), third.name()};
  const auto only_mine = [&](const std::vector<std::string>& names) {
    std::vector<std::string> kept;
    for (const std::string& name : names) {
      if (std::find(mine.begin(), mine.end(), name) != mine.end()) kept.push_back(name);
    }
    return kept;
  };

  // Legal: all three, oldest submission first, page by page.
  absl::StatusOr<std::vector<std::string>> legal = calls().Inbox(EastLegal(), 1);
  ASSERT_TRUE(legal.ok()) << legal.status();
  EXPECT_THAT(only_mine(*legal), ElementsAre(first.name(), second.name(), third.name()));
  // Finance: none yet (legal comes first); a seller: nothing at all.
  absl::StatusOr<std::vector<std::string>> finance = calls().Inbox(EastFinance());
  ASSERT_TRUE(finance.ok()) << finance.status();
  EXPECT_THAT(only_mine(*finance), ElementsAre());
  absl::StatusOr<std::vector<std::string>> seller = calls().Inbox(EastSales());
  ASSERT_TRUE(seller.ok()) << seller.status();
  EXPECT_TRUE(seller->empty());

  // Legal approves the first and the third: they move to finance's inbox.
  ASSERT_TRUE(calls().Approve(EastLegal(), first).ok());
  ASSERT_TRUE(calls().Approve(EastLegal(), third).ok());
  legal = calls().Inbox(EastLegal());
  ASSERT_TRUE(legal.ok());
  EXPECT_THAT(only_mine(*legal), ElementsAre(second.name()));
  finance = calls().Inbox(EastFinance());
  ASSERT_TRUE(finance.ok());
  EXPECT_THAT(only_mine(*finance), ElementsAre(first.name(), third.name()));
  // Whatever an inbox shows is pending and in the caller's scope.
  for (const std::string& name : *finance) {
    absl::StatusOr<v1::Contract> shown = calls().Get(EastFinance(), name);
    ASSERT_TRUE(shown.ok()) << shown.status();
    EXPECT_EQ(shown->state(), v1::PENDING_APPROVAL);
  }
}

TEST_F(ApprovalsTest, ARejectedContractIsRevisedAndSubmittedAgain) {
  const v1::Contract c = EastSubmitted(5'000'000);
  absl::StatusOr<v1::Contract> silent = calls().Reject(EastLegal(), c, "  ");
  EXPECT_EQ(silent.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<v1::Contract> rejected = calls().Reject(EastLegal(), c, "违约条款需修改");
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->state(), v1::REJECTED);
  EXPECT_EQ(rejected->approval_steps(0).outcome(), v1::ApprovalStep::REJECTED);
  EXPECT_EQ(rejected->approval_steps(1).outcome(), v1::ApprovalStep::OUTCOME_UNSPECIFIED);
  EXPECT_EQ(calls().Events(c.name(), "CONTRACT_REJECTED"), 1);
  // Nothing more to decide, and no signing.
  EXPECT_EQ(Reason(calls().Approve(EastFinance(), *rejected).status()), "CONTRACT_STATE_CONFLICT");
  EXPECT_EQ(Reason(calls().Sign(EastSales(), *rejected).status()), "CONTRACT_STATE_CONFLICT");
  // A rejected contract is revised (it becomes a draft) before it goes again.
  absl::StatusOr<v1::Contract> again = calls().Submit(EastSales(), *rejected);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(again.status()), "CONTRACT_STATE_CONFLICT");

  v1::Contract change = *rejected;
  change.set_title("储能设备采购合同（修订）");
  absl::StatusOr<v1::Contract> revised = calls().Update(EastSales(), change, {"title"});
  ASSERT_TRUE(revised.ok()) << revised.status();
  EXPECT_EQ(revised->state(), v1::DRAFT);
  absl::StatusOr<v1::Contract> resubmitted = calls().Submit(EastSales(), *revised, "已修改");
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_EQ(resubmitted->state(), v1::PENDING_APPROVAL);
  EXPECT_THAT(Roles(*resubmitted), ElementsAre("legal", "finance"));
  for (const v1::ApprovalStep& step : resubmitted->approval_steps()) {
    EXPECT_EQ(step.outcome(), v1::ApprovalStep::OUTCOME_UNSPECIFIED);
  }
  EXPECT_EQ(calls().Events(c.name(), "CONTRACT_SUBMITTED"), 2);
}

TEST_F(ApprovalsTest, AChangeOfWhatWasApprovedSendsItBackToApproval) {
  const v1::Contract approved =
      calls().ApprovedBy(EastSubmitted(5'000'000), {EastLegal(), EastFinance()});
  // A title is not what was approved: it stays APPROVED.
  v1::Contract retitled = approved;
  retitled.set_title("储能设备采购合同（终版）");
  absl::StatusOr<v1::Contract> titled = calls().Update(EastSales(), retitled, {"title"});
  ASSERT_TRUE(titled.ok()) << titled.status();
  EXPECT_EQ(titled->state(), v1::APPROVED);
  // The amount is: back to approval with the steps of the new amount.
  v1::Contract bigger = Values(v1::STANDALONE, east_customer_, 20'000'000, kNextMonth, kYearEnd);
  bigger.set_name(approved.name());
  bigger.set_etag(titled->etag());
  absl::StatusOr<v1::Contract> changed =
      calls().Update(EastSales(), bigger, {"amount", "payment_milestones"});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->state(), v1::PENDING_APPROVAL);
  EXPECT_THAT(Roles(*changed), ElementsAre("legal", "finance", "hq_admin"));
  EXPECT_EQ(changed->amount().minor_units(), 2'000'000'000);
  EXPECT_EQ(calls().Events(approved.name(), "CONTRACT_SUBMITTED"), 2);
}

TEST_F(ApprovalsTest, MilestonesMustAddUpBeforeSubmission) {
  v1::Contract values = Values(v1::STANDALONE, east_customer_, 1'000'000, kNextMonth, kYearEnd);
  *values.mutable_payment_milestones(1)->mutable_amount() = Yuan(600'000);  // 900,000 in all
  absl::StatusOr<v1::Contract> created = calls().Create(EastSales(), values);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<v1::Contract> submitted = calls().Submit(EastSales(), *created);
  EXPECT_EQ(submitted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(submitted.status()), "MILESTONES_DO_NOT_ADD_UP");
  EXPECT_EQ(submitted.status().message(),
            "payment_milestones: add up to 900,000.00 CNY, the amount is 1,000,000.00 CNY "
            "(100,000.00 CNY short); change the milestones or the amount so they match");
  absl::StatusOr<v1::Contract> still = calls().Get(EastSales(), created->name());
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->state(), v1::DRAFT);
  EXPECT_EQ(still->etag(), created->etag());
}

TEST_F(ApprovalsTest, SigningNeedsApprovalAndADateNotInTheFuture) {
  const v1::Contract pending = EastSubmitted(400'000);
  absl::StatusOr<v1::Contract> early = calls().Sign(EastSales(), pending);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.status().message(),
            "cannot sign a PENDING_APPROVAL contract; it must be APPROVED");
  const v1::Contract approved = calls().ApprovedBy(pending, {EastLegal()});
  absl::StatusOr<v1::Contract> tomorrow = calls().Sign(EastSales(), approved, Day(2026, 1, 2));
  EXPECT_EQ(tomorrow.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(tomorrow.status()), ElementsAre("signing_date"));
  absl::StatusOr<v1::Contract> not_a_day = calls().Sign(EastSales(), approved, Day(2025, 2, 29));
  EXPECT_THAT(Fields(not_a_day.status()), ElementsAre("signing_date"));

  // Starts next month: SIGNED, and frozen.
  absl::StatusOr<v1::Contract> signed_ = calls().Sign(EastSales(), approved, Day(2025, 12, 30));
  ASSERT_TRUE(signed_.ok()) << signed_.status();
  EXPECT_EQ(signed_->state(), v1::SIGNED);
  EXPECT_EQ(signed_->signing_date().day(), 30);
  EXPECT_EQ(calls().Events(approved.name(), "CONTRACT_SIGNED"), 1);
  EXPECT_EQ(calls().Events(approved.name(), "CONTRACT_ACTIVATED"), 0);
  v1::Contract retitled = *signed_;
  retitled.set_title("改名");
  absl::StatusOr<v1::Contract> frozen = calls().Update(EastSales(), retitled, {"title"});
  EXPECT_EQ(frozen.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(calls().Sign(EastSales(), *signed_).status()), "CONTRACT_STATE_CONFLICT");
  EXPECT_EQ(Reason(calls().Submit(EastSales(), *signed_).status()), "CONTRACT_STATE_CONFLICT");
}

TEST_F(ApprovalsTest, AContractWhoseStartHasComeIsActiveOnSigning) {
  const v1::Contract approved = calls().ApprovedBy(
      calls().Submitted(
          EastSales(), Values(v1::STANDALONE, east_customer_, 300'000, Day(2025, 12, 1), kYearEnd)),
      {EastLegal()});
  absl::StatusOr<v1::Contract> signed_ = calls().Sign(EastSales(), approved);  // today
  ASSERT_TRUE(signed_.ok()) << signed_.status();
  EXPECT_EQ(signed_->state(), v1::ACTIVE);
  EXPECT_EQ(signed_->signing_date().year(), 2026);
  EXPECT_EQ(signed_->signing_date().month(), 1);
  EXPECT_EQ(signed_->signing_date().day(), 1);
  EXPECT_EQ(calls().Events(approved.name(), "CONTRACT_SIGNED"), 1);
  EXPECT_EQ(calls().Events(approved.name(), "CONTRACT_ACTIVATED"), 1);
  // Its milestones are receivable now.
  EXPECT_EQ(env_->QueryValue(
                crm::StrCat("SELECT bool_and(receivable)::text FROM contract.payment_milestones"
                            " WHERE contract_id = '",
                            approved.name().substr(approved.name().rfind('/') + 1), "'")),
            "true");
  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> history =
      calls().History(EastSales(), approved.name());
  ASSERT_TRUE(history.ok());
  ASSERT_GE(history->size(), 2u);
  EXPECT_EQ((*history)[history->size() - 2].state(), v1::SIGNED);
  EXPECT_EQ(history->back().previous_state(), v1::SIGNED);
  EXPECT_EQ(history->back().state(), v1::ACTIVE);
}

TEST_F(ApprovalsTest, TerminationNeedsALiveContractAndAReason) {
  const v1::Contract draft = *calls().Create(
      EastSales(), Values(v1::STANDALONE, east_customer_, 100'000, kNextMonth, kYearEnd));
  EXPECT_EQ(Reason(calls().Terminate(EastSales(), draft, "不做了").status()),
            "CONTRACT_STATE_CONFLICT");
  const v1::Contract active = *calls().Sign(
      EastSales(),
      calls().ApprovedBy(calls().Submitted(EastSales(), Values(v1::STANDALONE, east_customer_,
                                                               100'000, Day(2025, 6, 1), kYearEnd)),
                         {EastLegal()}));
  ASSERT_EQ(active.state(), v1::ACTIVE);
  absl::StatusOr<v1::Contract> no_reason = calls().Terminate(EastSales(), active, "");
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(no_reason.status()), ElementsAre("reason"));
  absl::StatusOr<v1::Contract> ended =
      calls().Terminate(EastSales(), active, "客户业务调整，双方协商解除");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->state(), v1::TERMINATED);
  EXPECT_EQ(ended->termination_reason(), "客户业务调整，双方协商解除");
  EXPECT_EQ(calls().Events(active.name(), "CONTRACT_TERMINATED"), 1);
  EXPECT_EQ(Reason(calls().Terminate(EastSales(), *ended, "再次").status()),
            "CONTRACT_STATE_CONFLICT");
  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> history =
      calls().History(EastSales(), active.name());
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().method(), "TerminateContract");
  EXPECT_EQ(history->back().comment(), "客户业务调整，双方协商解除");
  EXPECT_EQ(history->back().previous_state(), v1::ACTIVE);
}

TEST_F(ApprovalsTest, ARetriedRequestIdReturnsTheFirstAnswer) {
  const v1::Contract c = *calls().Create(
      EastSales(), Values(v1::STANDALONE, east_customer_, 5'000'000, kNextMonth, kYearEnd));
  absl::StatusOr<v1::Contract> first = calls().Submit(EastSales(), c, "请审批", "submit-retry-1");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::Contract> retry = calls().Submit(EastSales(), c, "请审批", "submit-retry-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->etag(), first->etag());
  EXPECT_EQ(calls().Events(c.name(), "CONTRACT_SUBMITTED"), 1);
  absl::StatusOr<v1::Contract> approved = calls().Approve(EastLegal(), *first, "同意", "approve-1");
  ASSERT_TRUE(approved.ok()) << approved.status();
  absl::StatusOr<v1::Contract> again = calls().Approve(EastLegal(), *first, "同意", "approve-1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->etag(), approved->etag());
  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> history =
      calls().History(EastSales(), c.name());
  ASSERT_TRUE(history.ok());
  int approvals = 0;
  for (const auto& e : *history) approvals += e.method() == "ApproveContract" ? 1 : 0;
  EXPECT_EQ(approvals, 1);
  // The same id with another body is refused.
  absl::StatusOr<v1::Contract> reused = calls().Approve(EastLegal(), *first, "不同", "approve-1");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(ApprovalsTest, HqReplacesTheApprovalPolicy) {
  absl::StatusOr<v1::ApprovalPolicy> current = calls().Policy(EastSales());
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(current->name(), "approvalPolicy");
  ASSERT_EQ(current->rules_size(), 3);
  EXPECT_EQ(current->rules(1).role(), "finance");
  EXPECT_EQ(current->rules(1).above().minor_units(), 100'000'000);
  const v1::Contract before = EastSubmitted(3'000'000);

  v1::ApprovalPolicy stricter = *current;
  stricter.mutable_rules(1)->mutable_above()->set_minor_units(20'000'000);  // 200,000 CNY
  absl::StatusOr<v1::ApprovalPolicy> by_seller = calls().SetPolicy(EastSales(), stricter);
  EXPECT_EQ(by_seller.status().code(), absl::StatusCode::kPermissionDenied);
  v1::ApprovalPolicy bad = stricter;
  bad.mutable_rules(2)->set_role("sales");
  absl::StatusOr<v1::ApprovalPolicy> invalid = calls().SetPolicy(Hq(), bad);
  EXPECT_THAT(Fields(invalid.status()), ElementsAre("approval_policy.rules[2].role"));
  absl::StatusOr<v1::ApprovalPolicy> updated = calls().SetPolicy(Hq(), stricter);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version(), current->version() + 1);
  EXPECT_NE(updated->etag(), current->etag());
  absl::StatusOr<v1::ApprovalPolicy> stale = calls().SetPolicy(Hq(), stricter);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);

  // New submissions take the new rules; the one before keeps its steps.
  EXPECT_THAT(Roles(EastSubmitted(300'000)), ElementsAre("legal", "finance"));
  absl::StatusOr<v1::Contract> kept = calls().Get(EastSales(), before.name());
  ASSERT_TRUE(kept.ok());
  EXPECT_THAT(Roles(*kept), ElementsAre("legal", "finance"));
  EXPECT_THAT(Roles(EastSubmitted(150'000)), ElementsAre("legal"));

  v1::ApprovalPolicy defaults = *current;
  defaults.set_etag(updated->etag());
  ASSERT_TRUE(calls().SetPolicy(Hq(), defaults).ok());
}

TEST_F(ApprovalsTest, AnAmountNoRuleAppliesToIsApprovedOnSubmission) {
  absl::StatusOr<v1::ApprovalPolicy> current = calls().Policy(Hq());
  ASSERT_TRUE(current.ok()) << current.status();
  v1::ApprovalPolicy lenient;
  lenient.set_etag(current->etag());
  v1::ApprovalRule* rule = lenient.add_rules();
  rule->set_role("legal");
  *rule->mutable_above() = Yuan(1'000'000);
  absl::StatusOr<v1::ApprovalPolicy> updated = calls().SetPolicy(Hq(), lenient);
  ASSERT_TRUE(updated.ok()) << updated.status();

  const v1::Contract small = EastSubmitted(50'000);
  EXPECT_EQ(small.state(), v1::APPROVED);
  EXPECT_EQ(small.approval_steps_size(), 0);
  EXPECT_EQ(calls().Events(small.name(), "CONTRACT_SUBMITTED"), 1);
  EXPECT_EQ(calls().Events(small.name(), "CONTRACT_APPROVED"), 1);
  absl::StatusOr<std::vector<v1::ContractHistoryEntry>> history =
      calls().History(EastSales(), small.name());
  ASSERT_TRUE(history.ok());
  ASSERT_GE(history->size(), 2u);
  EXPECT_EQ(history->back().state(), v1::APPROVED);
  EXPECT_THAT(history->back().comment(), ::testing::HasSubstr("no approval step applies"));
  EXPECT_THAT(Roles(EastSubmitted(2'000'000)), ElementsAre("legal"));

  v1::ApprovalPolicy defaults = *current;
  defaults.set_etag(updated->etag());
  ASSERT_TRUE(calls().SetPolicy(Hq(), defaults).ok());
}

}  // namespace
}  // namespace crm::contract
