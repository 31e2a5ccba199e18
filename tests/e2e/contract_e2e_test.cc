// Contracts through the gateway, against the real customer, hierarchy,
// opportunity and contract services: a subsidiary's seller writes a contract
// of 2,000,000.00 CNY, legal and then finance approve it (the steps the
// default policy gives that amount), the seller signs it, finance records a
// receipt and reads what is still owed; the submitter never approves their
// own contract, a rejection sends it back to be revised, another subsidiary
// cannot read it by its real id, and executions draw on a framework's ceiling
// within its customer group. Every figure asserted was worked out by hand from
// the fixture.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::contract {
namespace {

using gateway::testing::Reason;
using gateway::testing::TokenFor;
using gateway::testing::With;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Who works here: a seller, legal and finance of sub-east, a user of
// sub-east who both sells and reviews (legal), HQ, an ERP account, and a
// seller and legal of sub-west.
constexpr char kSeller[] = "k.seller";         // sales, orgUnits/sub-east
constexpr char kLegal[] = "k.legal";           // legal, orgUnits/sub-east
constexpr char kFinance[] = "k.finance";       // finance, orgUnits/sub-east
constexpr char kBoth[] = "k.both";             // sales and legal, orgUnits/sub-east
constexpr char kHq[] = "k.hq";                 // hq_admin, orgUnits/hq
constexpr char kErp[] = "k.erp";               // integration, orgUnits/sub-east
constexpr char kWest[] = "k.west";             // sales, orgUnits/sub-west
constexpr char kWestLegal[] = "k.west-legal";  // legal, orgUnits/sub-west

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

v1::PaymentMilestone Milestone(absl::CivilDay due, int64_t fen, const std::string& description) {
  v1::PaymentMilestone milestone;
  *milestone.mutable_due_date() = DateOf(due);
  *milestone.mutable_amount() = Cny(fen);
  milestone.set_description(description);
  return milestone;
}

std::vector<std::string> Names(const google::protobuf::RepeatedPtrField<v1::Contract>& all) {
  std::vector<std::string> names;
  for (const v1::Contract& c : all) names.push_back(c.name());
  return names;
}

class ContractE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("contract_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    using gateway::v1::OrgUnit;
    gateway::testing::EnsureOrgUnit(org, "sub-east", "hq", OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureOrgUnit(org, "sub-west", "hq", OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureUser(org, kSeller, "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, kLegal, "sub-east", {"legal"});
    gateway::testing::EnsureUser(org, kFinance, "sub-east", {"finance"});
    gateway::testing::EnsureUser(org, kBoth, "sub-east", {"sales", "legal"});
    gateway::testing::EnsureUser(org, kHq, "hq", {"hq_admin"});
    gateway::testing::EnsureUser(org, kErp, "sub-east", {"integration"},
                                 gateway::v1::User::SERVICE_ACCOUNT);
    gateway::testing::EnsureUser(org, kWest, "sub-west", {"sales"});
    gateway::testing::EnsureUser(org, kWestLegal, "sub-west", {"legal"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override { ASSERT_NE(servers_.contract_stub, nullptr) << "the suite did not start"; }

  static v1::ContractService::Stub& contracts() { return *servers_.contract_stub; }

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

  // A standalone contract of `customer` for `fen`, in force from ten days ago
  // for a year, paid in two milestones: 40% five days ago, 60% in 90 days.
  static v1::Contract Draft(const std::string& customer, const std::string& title, int64_t fen) {
    const absl::CivilDay today = TodayInShanghai();
    v1::Contract c;
    c.set_kind(v1::STANDALONE);
    c.set_title(title);
    c.set_customer(customer);
    *c.mutable_amount() = Cny(fen);
    *c.mutable_start_date() = DateOf(today - 10);
    *c.mutable_end_date() = DateOf(today + 355);
    c.set_payment_terms("40% 预付，60% 验收后 30 天内");
    *c.add_payment_milestones() = Milestone(today - 5, fen / 10 * 4, "预付款");
    *c.add_payment_milestones() = Milestone(today + 90, fen - fen / 10 * 4, "验收款");
    return c;
  }

  static grpc::Status Create(const std::string& as, const v1::Contract& contract,
                             const std::string& request_id, v1::Contract* out) {
    v1::CreateContractRequest request;
    *request.mutable_contract() = contract;
    request.set_request_id(request_id);
    return contracts().CreateContract(With(TokenFor(as)).get(), request, out);
  }

  static v1::Contract MustCreate(const std::string& as, const v1::Contract& contract) {
    v1::Contract created;
    const grpc::Status status = Create(as, contract, "", &created);
    EXPECT_TRUE(status.ok()) << contract.title() << ": " << status.error_message();
    return created;
  }

  static grpc::Status Get(const std::string& as, const std::string& name, v1::Contract* out) {
    v1::GetContractRequest request;
    request.set_name(name);
    return contracts().GetContract(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Submit(const std::string& as, const v1::Contract& current,
                             v1::Contract* out) {
    v1::SubmitContractRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_comment("请审批");
    return contracts().SubmitContract(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Approve(const std::string& as, const v1::Contract& current,
                              const std::string& comment, v1::Contract* out) {
    v1::ApproveContractRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_comment(comment);
    return contracts().ApproveContract(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Reject(const std::string& as, const v1::Contract& current,
                             const std::string& comment, v1::Contract* out) {
    v1::RejectContractRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_comment(comment);
    return contracts().RejectContract(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Sign(const std::string& as, const v1::Contract& current, v1::Contract* out) {
    v1::SignContractRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    return contracts().SignContract(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Receive(const std::string& as, const std::string& contract,
                              const std::string& bank_reference, int64_t fen, v1::Receipt* out) {
    v1::RecordReceiptRequest request;
    request.set_parent(contract);
    v1::Receipt& receipt = *request.mutable_receipt();
    *receipt.mutable_receive_date() = DateOf(TodayInShanghai());
    *receipt.mutable_amount() = Cny(fen);
    receipt.set_bank_reference(bank_reference);
    return contracts().RecordReceipt(With(TokenFor(as)).get(), request, out);
  }

  static std::vector<std::string> Inbox(const std::string& as) {
    v1::ListApprovalInboxRequest request;
    request.set_page_size(500);
    v1::ListApprovalInboxResponse listed;
    const grpc::Status status =
        contracts().ListApprovalInbox(With(TokenFor(as)).get(), request, &listed);
    EXPECT_TRUE(status.ok()) << as << ": " << status.error_message();
    return Names(listed.contracts());
  }

  static v1::Receivables ReceivablesOf(const std::string& as, const std::string& customer) {
    v1::GetReceivablesRequest request;
    request.set_customer(customer);
    v1::Receivables receivables;
    const grpc::Status status =
        contracts().GetReceivables(With(TokenFor(as)).get(), request, &receivables);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
    return receivables;
  }

  static v1::AgingReport AgingOf(const std::string& as, const std::string& customer) {
    v1::GetAgingReportRequest request;
    request.set_customer(customer);
    v1::AgingReport report;
    const grpc::Status status =
        contracts().GetAgingReport(With(TokenFor(as)).get(), request, &report);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
    return report;
  }

  static bool Contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  static inline gateway::testing::SuiteServers servers_;
};

// The whole way of a contract that needs legal and finance: written,
// submitted, approved step by step by the right people in order, signed,
// frozen, paid in part, and read back as receivables and aging.
TEST_F(ContractE2eTest, ASellersContractIsApprovedByLegalThenFinanceSignedAndPaid) {
  const std::string customer = NewCustomer(kSeller, "上海合同全程测试科技有限公司");
  // 2,000,000.00 CNY: above finance's 1,000,000.00, below HQ's 10,000,000.00.
  const v1::Contract draft = Draft(customer, "数据平台建设合同", 200'000'000);

  v1::Contract created;
  grpc::Status status = Create(kSeller, draft, "e2e-create-contract-1", &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.state(), v1::DRAFT);
  EXPECT_THAT(created.contract_number(), MatchesRegex("HT-[0-9]{4}-[0-9]{6}"));
  EXPECT_EQ(created.signing_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.owner_user(), absl::StrCat("users/", kSeller));
  EXPECT_EQ(created.customer_display_name(), "上海合同全程测试科技有限公司");
  ASSERT_EQ(created.payment_milestones_size(), 2);
  EXPECT_EQ(created.payment_milestones(0).sequence(), 1);
  EXPECT_EQ(created.payment_milestones(0).amount().minor_units(), 80'000'000);

  // A retry with the same request_id is the same contract, not a second one.
  v1::Contract retried;
  status = Create(kSeller, draft, "e2e-create-contract-1", &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.name(), created.name());
  EXPECT_EQ(retried.contract_number(), created.contract_number());

  // Legal and finance review contracts; they do not write them.
  v1::Contract refused;
  status = Create(kLegal, draft, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "METHOD_NOT_ALLOWED");

  v1::Contract pending;
  status = Submit(kSeller, created, &pending);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pending.state(), v1::PENDING_APPROVAL);
  EXPECT_EQ(pending.submitter(), absl::StrCat("users/", kSeller));
  std::vector<std::string> roles;
  for (const v1::ApprovalStep& step : pending.approval_steps()) roles.push_back(step.role());
  EXPECT_THAT(roles, ElementsAre("legal", "finance"));

  // Legal's turn: it waits in legal's inbox, not yet in finance's, and
  // finance cannot jump the queue.
  EXPECT_TRUE(Contains(Inbox(kLegal), pending.name()));
  EXPECT_FALSE(Contains(Inbox(kFinance), pending.name()));
  v1::Contract early;
  status = Approve(kFinance, pending, "财务先批", &early);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "APPROVAL_STEP_NOT_REACHED");

  v1::Contract after_legal;
  status = Approve(kLegal, pending, "条款已审，同意", &after_legal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(after_legal.state(), v1::PENDING_APPROVAL);
  ASSERT_EQ(after_legal.approval_steps_size(), 2);
  EXPECT_EQ(after_legal.approval_steps(0).outcome(), v1::ApprovalStep::APPROVED);
  EXPECT_THAT(after_legal.approval_steps(0).approver(), HasSubstr(kLegal));
  EXPECT_EQ(after_legal.approval_steps(0).comment(), "条款已审，同意");
  EXPECT_EQ(after_legal.approval_steps(1).outcome(), v1::ApprovalStep::OUTCOME_UNSPECIFIED);
  EXPECT_FALSE(Contains(Inbox(kLegal), pending.name()));
  EXPECT_TRUE(Contains(Inbox(kFinance), pending.name()));

  // The etag legal acted on is stale now.
  v1::Contract stale;
  status = Approve(kFinance, pending, "用旧版本审批", &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();

  v1::Contract approved;
  status = Approve(kFinance, after_legal, "回款计划可行，同意", &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.state(), v1::APPROVED);
  EXPECT_FALSE(Contains(Inbox(kFinance), pending.name()));

  // Signed today; it started ten days ago, so it is in force at once.
  v1::Contract signed_contract;
  status = Sign(kSeller, approved, &signed_contract);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(signed_contract.state(), v1::ACTIVE);
  EXPECT_EQ(signed_contract.signing_date().year(), TodayInShanghai().year());
  EXPECT_EQ(signed_contract.signing_date().month(), TodayInShanghai().month());
  EXPECT_EQ(signed_contract.signing_date().day(), TodayInShanghai().day());

  // Frozen: a change after signing is refused.
  v1::UpdateContractRequest update;
  update.mutable_contract()->set_name(signed_contract.name());
  update.mutable_contract()->set_title("签约后改名");
  update.mutable_contract()->set_etag(signed_contract.etag());
  update.mutable_update_mask()->add_paths("title");
  v1::Contract updated;
  status = contracts().UpdateContract(With(TokenFor(kSeller)).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();

  // Before any money: 2,000,000.00 owed, the 800,000.00 due five days ago
  // overdue, in the 0-30 bucket; 1,200,000.00 not due yet.
  v1::Receivables owed = ReceivablesOf(kFinance, customer);
  EXPECT_EQ(owed.receivable().minor_units(), 200'000'000) << owed.ShortDebugString();
  EXPECT_EQ(owed.overdue().minor_units(), 80'000'000) << owed.ShortDebugString();
  EXPECT_EQ(owed.open_milestone_count(), 2);
  EXPECT_EQ(owed.overdue_milestone_count(), 1);
  EXPECT_EQ(owed.max_days_overdue(), 5);
  const v1::AgingReport aging = AgingOf(kFinance, customer);
  EXPECT_EQ(aging.not_due().minor_units(), 120'000'000) << aging.ShortDebugString();
  EXPECT_EQ(aging.total_overdue().minor_units(), 80'000'000) << aging.ShortDebugString();
  ASSERT_EQ(aging.buckets_size(), 4) << aging.ShortDebugString();
  EXPECT_EQ(aging.buckets(0).label(), "0-30");
  EXPECT_EQ(aging.buckets(0).amount().minor_units(), 80'000'000);
  EXPECT_EQ(aging.buckets(0).milestone_count(), 1);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(aging.buckets(i).amount().minor_units(), 0);

  // Finance records 1,000,000.00: the earliest milestone first (800,000.00),
  // the rest (200,000.00) to the second.
  v1::Receipt receipt;
  status = Receive(kFinance, signed_contract.name(), "ICBC-20261206-0001", 100'000'000, &receipt);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(receipt.name(), HasSubstr(absl::StrCat(signed_contract.name(), "/receipts/")));
  ASSERT_EQ(receipt.allocations_size(), 2) << receipt.ShortDebugString();
  EXPECT_EQ(receipt.allocations(0).milestone_sequence(), 1);
  EXPECT_EQ(receipt.allocations(0).amount().minor_units(), 80'000'000);
  EXPECT_EQ(receipt.allocations(1).milestone_sequence(), 2);
  EXPECT_EQ(receipt.allocations(1).amount().minor_units(), 20'000'000);
  EXPECT_THAT(receipt.recorder(), HasSubstr(kFinance));

  // The same bank reference is the same receipt; with another amount it is
  // another transfer under a used reference.
  v1::Receipt again;
  status = Receive(kFinance, signed_contract.name(), "ICBC-20261206-0001", 100'000'000, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.name(), receipt.name());
  status = Receive(kFinance, signed_contract.name(), "ICBC-20261206-0001", 50'000'000, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
  // 1,000,000.01 is more than the 1,000,000.00 still owed.
  status = Receive(kFinance, signed_contract.name(), "ICBC-20261206-0002", 100'000'001, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  // A seller does not record money (the gateway refuses).
  status = Receive(kSeller, signed_contract.name(), "ICBC-20261206-0003", 100, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "METHOD_NOT_ALLOWED");

  // What is still owed: 1,000,000.00 on the second milestone, not due.
  owed = ReceivablesOf(kFinance, customer);
  EXPECT_EQ(owed.receivable().minor_units(), 100'000'000) << owed.ShortDebugString();
  EXPECT_EQ(owed.overdue().minor_units(), 0) << owed.ShortDebugString();
  EXPECT_EQ(owed.open_milestone_count(), 1);
  EXPECT_EQ(owed.overdue_milestone_count(), 0);
  v1::GetReceivablesRequest by_contract;
  by_contract.set_contract(signed_contract.name());
  v1::Receivables of_contract;
  status = contracts().GetReceivables(With(TokenFor(kSeller)).get(), by_contract, &of_contract);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(of_contract.receivable().minor_units(), 100'000'000);
  ASSERT_EQ(of_contract.milestones_size(), 2) << of_contract.ShortDebugString();
  EXPECT_EQ(of_contract.milestones(0).paid().minor_units(), 80'000'000);
  EXPECT_EQ(of_contract.milestones(0).outstanding().minor_units(), 0);
  EXPECT_EQ(of_contract.milestones(0).days_overdue(), 0);
  EXPECT_EQ(of_contract.milestones(1).paid().minor_units(), 20'000'000);
  EXPECT_EQ(of_contract.milestones(1).outstanding().minor_units(), 100'000'000);
  v1::Contract read;
  status = Get(kSeller, signed_contract.name(), &read);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(read.received().minor_units(), 100'000'000);
  EXPECT_EQ(read.outstanding().minor_units(), 100'000'000);

  v1::ListReceiptsRequest list_receipts;
  list_receipts.set_parent(signed_contract.name());
  v1::ListReceiptsResponse receipts;
  status = contracts().ListReceipts(With(TokenFor(kLegal)).get(), list_receipts, &receipts);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(receipts.receipts_size(), 1);
  EXPECT_EQ(receipts.receipts(0).bank_reference(), "ICBC-20261206-0001");

  // Every transition audited: who, and the approvers' comments.
  v1::ListContractHistoryRequest history_request;
  history_request.set_parent(signed_contract.name());
  v1::ListContractHistoryResponse history;
  status =
      contracts().ListContractHistory(With(TokenFor(kSeller)).get(), history_request, &history);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<std::string> transitions;
  for (const v1::ContractHistoryEntry& entry : history.entries()) {
    if (entry.previous_state() == entry.state() && entry.method() != "ApproveContract") continue;
    transitions.push_back(absl::StrCat(entry.method(), " ",
                                       v1::ContractState_Name(entry.previous_state()), "->",
                                       v1::ContractState_Name(entry.state())));
  }
  EXPECT_THAT(transitions,
              ::testing::IsSupersetOf({"SubmitContract DRAFT->PENDING_APPROVAL",
                                       "ApproveContract PENDING_APPROVAL->PENDING_APPROVAL",
                                       "ApproveContract PENDING_APPROVAL->APPROVED"}));
  bool legal_audited = false;
  bool finance_audited = false;
  for (const v1::ContractHistoryEntry& entry : history.entries()) {
    if (entry.method() != "ApproveContract") continue;
    if (entry.actor().find(kLegal) != std::string::npos) {
      legal_audited = entry.comment().find("条款已审，同意") != std::string::npos;
    }
    if (entry.actor().find(kFinance) != std::string::npos) {
      finance_audited = entry.comment().find("回款计划可行，同意") != std::string::npos;
    }
  }
  EXPECT_TRUE(legal_audited) << history.ShortDebugString();
  EXPECT_TRUE(finance_audited) << history.ShortDebugString();
  ASSERT_GT(history.entries_size(), 0);
  EXPECT_EQ(history.entries(history.entries_size() - 1).state(), v1::ACTIVE)
      << history.ShortDebugString();

  // The feed tells integrations of the signing and the receipt.
  bool signed_event = false;
  bool receipt_event = false;
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  v1::ListContractEventsRequest feed;
  feed.set_page_size(1000);
  while (!(signed_event && receipt_event) && absl::Now() < give_up) {
    v1::ListContractEventsResponse events;
    status = contracts().ListContractEvents(With(TokenFor(kErp)).get(), feed, &events);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::ContractEvent& event : events.events()) {
      if (event.type() == v1::ContractEvent::CONTRACT_SIGNED &&
          event.resource() == signed_contract.name()) {
        signed_event = true;
        EXPECT_EQ(event.customer(), customer);
        EXPECT_EQ(event.amount().minor_units(), 200'000'000);
        EXPECT_EQ(event.signing_org_unit(), "orgUnits/sub-east");
      }
      if (event.type() == v1::ContractEvent::RECEIPT_RECORDED &&
          event.resource() == receipt.name()) {
        receipt_event = true;
        EXPECT_EQ(event.amount().minor_units(), 100'000'000);
      }
    }
    feed.set_page_token(events.next_page_token());
    if (!(signed_event && receipt_event)) absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_TRUE(signed_event) << "no CONTRACT_SIGNED for " << signed_contract.name();
  EXPECT_TRUE(receipt_event) << "no RECEIPT_RECORDED for " << receipt.name();
}

// Another subsidiary's seller and legal cannot read the contract, its history,
// receipts or receivables by its real id, and never list it.
TEST_F(ContractE2eTest, AWestUserCannotReadAnEastContractByItsRealId) {
  const std::string customer = NewCustomer(kSeller, "上海合同越权测试科技有限公司");
  const v1::Contract east = MustCreate(kSeller, Draft(customer, "东区服务合同", 30'000'000));
  ASSERT_FALSE(east.name().empty());

  for (const char* west : {kWest, kWestLegal}) {
    v1::Contract read;
    grpc::Status status = Get(west, east.name(), &read);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << west << ": " << status.error_message();
    EXPECT_EQ(status.error_message().find(east.title()), std::string::npos)
        << "the refusal shows the contract: " << status.error_message();

    v1::ListContractHistoryRequest history;
    history.set_parent(east.name());
    v1::ListContractHistoryResponse entries;
    status = contracts().ListContractHistory(With(TokenFor(west)).get(), history, &entries);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << west;

    v1::GetReceivablesRequest receivables;
    receivables.set_contract(east.name());
    v1::Receivables owed;
    status = contracts().GetReceivables(With(TokenFor(west)).get(), receivables, &owed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << west;

    v1::ListContractsRequest list;
    list.set_customer(customer);
    v1::ListContractsResponse listed;
    status = contracts().ListContracts(With(TokenFor(west)).get(), list, &listed);
    ASSERT_TRUE(status.ok()) << west << ": " << status.error_message();
    EXPECT_EQ(listed.contracts_size(), 0) << listed.ShortDebugString();
  }
  // A missing contract looks the same to sub-west; only HQ learns it is not
  // there.
  const std::string missing = "contracts/0f0e0d0c-0b0a-4908-8706-050403020100";
  v1::Contract read;
  EXPECT_EQ(Get(kWest, missing, &read).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(kHq, missing, &read).error_code(), grpc::StatusCode::NOT_FOUND);
  // The owner side reads it.
  EXPECT_TRUE(Get(kSeller, east.name(), &read).ok());
  EXPECT_TRUE(Get(kHq, east.name(), &read).ok());
}

// A user who both sells and reviews never approves what they submitted;
// another legal reviewer rejects it, the seller revises it (a draft again)
// and submits it anew.
TEST_F(ContractE2eTest, TheSubmitterNeverApprovesAndARejectionIsRevised) {
  const std::string customer = NewCustomer(kBoth, "上海合同驳回测试科技有限公司");
  const v1::Contract draft = MustCreate(kBoth, Draft(customer, "运维服务合同", 50'000'000));
  v1::Contract pending;
  grpc::Status status = Submit(kBoth, draft, &pending);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pending.approval_steps_size(), 1);  // 500,000.00 CNY: legal only

  EXPECT_FALSE(Contains(Inbox(kBoth), pending.name()));
  v1::Contract own;
  status = Approve(kBoth, pending, "自己批自己", &own);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "SUBMITTER_MAY_NOT_APPROVE");

  v1::Contract rejected;
  status = Reject(kLegal, pending, "违约条款缺失，请补充", &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rejected.state(), v1::REJECTED);

  v1::UpdateContractRequest update;
  update.mutable_contract()->set_name(rejected.name());
  update.mutable_contract()->set_payment_terms(
      "40% 预付，60% 验收后 30 天内；逾期按日万分之五计违约金");
  update.mutable_contract()->set_etag(rejected.etag());
  update.mutable_update_mask()->add_paths("payment_terms");
  v1::Contract revised;
  status = contracts().UpdateContract(With(TokenFor(kBoth)).get(), update, &revised);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(revised.state(), v1::DRAFT);

  v1::Contract resubmitted;
  status = Submit(kBoth, revised, &resubmitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resubmitted.state(), v1::PENDING_APPROVAL);
  ASSERT_EQ(resubmitted.approval_steps_size(), 1);
  EXPECT_EQ(resubmitted.approval_steps(0).outcome(), v1::ApprovalStep::OUTCOME_UNSPECIFIED);
  EXPECT_TRUE(Contains(Inbox(kLegal), resubmitted.name()));
}

// A framework agreement with a customer group's parent, signed by sub-east,
// and executions by the same subsidiary with a group member: each draws on
// the ceiling when submitted, one beyond what remains is refused naming it,
// and a customer outside the group cannot draw at all.
TEST_F(ContractE2eTest, ExecutionsDrawOnTheirFrameworksCeilingWithinItsGroup) {
  const std::string parent = NewCustomer(kSeller, "华信框架测试集团有限公司");
  const std::string member = NewCustomer(kSeller, "华信框架测试华东能源有限公司");
  const std::string outsider = NewCustomer(kSeller, "框架之外测试贸易有限公司");
  hierarchy::v1::CreateGroupRequest group;
  group.set_customer(parent);
  hierarchy::v1::Node root;
  grpc::Status status =
      servers_.hierarchy_stub->CreateGroup(With(TokenFor(kSeller)).get(), group, &root);
  ASSERT_TRUE(status.ok()) << status.error_message();
  hierarchy::v1::AttachNodeRequest attach;
  attach.set_parent(root.name());
  attach.mutable_node()->set_kind(hierarchy::v1::Node::CUSTOMER);
  attach.mutable_node()->set_customer(member);
  attach.mutable_node()->set_edge_type(hierarchy::v1::CONTROLLED);
  attach.mutable_node()->set_ownership_percent("70.00");
  hierarchy::v1::Node member_node;
  status = servers_.hierarchy_stub->AttachNode(With(TokenFor(kSeller)).get(), attach, &member_node);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The contract service follows the hierarchy's feed into its group copy.
  const std::string member_id = member.substr(member.find('/') + 1);
  const std::string in_replica = absl::StrCat(
      "SELECT count(*) FROM contract.replica_group_nodes WHERE customer_id = '", member_id, "'");
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (servers_.env->QueryValue(in_replica) != "1" && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(servers_.env->QueryValue(in_replica), "1") << "the group never reached the service";

  // The framework: 1,000,000.00 CNY (legal's approval alone), no milestones,
  // in force from 30 days ago for 400 days (the executions' ten days ago to
  // 355 days ahead lie within).
  const absl::CivilDay today = TodayInShanghai();
  v1::Contract framework_values;
  framework_values.set_kind(v1::FRAMEWORK);
  framework_values.set_title("华信集团 2027 年度框架协议");
  framework_values.set_customer(parent);
  *framework_values.mutable_amount() = Cny(100'000'000);
  *framework_values.mutable_start_date() = DateOf(today - 30);
  *framework_values.mutable_end_date() = DateOf(today + 400);
  v1::Contract framework = MustCreate(kSeller, framework_values);
  v1::Contract step;
  ASSERT_TRUE(Submit(kSeller, framework, &step).ok());
  ASSERT_TRUE(Approve(kLegal, step, "框架条款同意", &framework).ok());
  ASSERT_TRUE(Sign(kSeller, framework, &step).ok());
  EXPECT_EQ(step.state(), v1::ACTIVE);

  // An execution of 600,000.00 with the group member draws on it.
  const auto execution = [&](const std::string& customer, const std::string& title, int64_t fen) {
    v1::Contract values = Draft(customer, title, fen);
    values.set_kind(v1::EXECUTION);
    values.set_framework(framework.name());
    return MustCreate(kSeller, values);
  };
  v1::Contract first;
  status = Submit(kSeller, execution(member, "华东能源一期执行合同", 60'000'000), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.state(), v1::PENDING_APPROVAL);
  v1::Contract read;
  ASSERT_TRUE(Get(kSeller, framework.name(), &read).ok());
  EXPECT_EQ(read.framework_used().minor_units(), 60'000'000) << read.ShortDebugString();
  EXPECT_EQ(read.framework_remaining().minor_units(), 40'000'000) << read.ShortDebugString();

  // 500,000.00 more is beyond the 400,000.00 that remain.
  v1::Contract refused;
  status = Submit(kSeller, execution(member, "华东能源二期执行合同", 50'000'000), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "FRAMEWORK_CEILING_EXCEEDED");
  EXPECT_THAT(status.error_message(), HasSubstr("400,000.00"));

  // A customer outside the parent's group does not draw on it.
  status = Submit(kSeller, execution(outsider, "集团外执行合同", 10'000'000), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "FRAMEWORK_CUSTOMER_MISMATCH");

  ASSERT_TRUE(Get(kSeller, framework.name(), &read).ok());
  EXPECT_EQ(read.framework_used().minor_units(), 60'000'000);
  EXPECT_EQ(read.framework_remaining().minor_units(), 40'000'000);
  v1::ListContractsRequest under;
  under.set_framework(framework.name());
  v1::ListContractsResponse listed;
  status = contracts().ListContracts(With(TokenFor(kSeller)).get(), under, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.contracts_size(), 3);  // the three executions, whatever their state
}

}  // namespace
}  // namespace crm::contract
