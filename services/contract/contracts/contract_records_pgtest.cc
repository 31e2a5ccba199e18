// The contract records through the contract service's gRPC API, against the
// real customer service, PostgreSQL and Redis (services/contract/testing):
// creation with contract numbers (unique and increasing under concurrency),
// every bad field at once with nothing written, etags and request ids, the
// update rules of each state, renewal, the audit trail, scope against
// another subsidiary's real ids, and merges that move contracts and their
// milestones to the survivor and back.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/testing/contract_test_env.h"

namespace crm::contract {
namespace {

using ::crm::contract::testing::ContractTestEnv;
using ::crm::contract::testing::EastSales;
using ::crm::contract::testing::Hq;
using ::crm::contract::testing::Integration;
using ::crm::contract::testing::WestSales;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;
using Principal = auth::v1::Principal;

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

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

class ContractRecordsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ContractTestEnv>> env =
        ContractTestEnv::Start("contract_records");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static v1::ContractService::Stub& stub() { return env_->stub(); }

  // A standalone contract for 2026 worth 1,000,000.00 CNY, paid in two
  // milestones.
  static v1::Contract Values(const std::string& customer, const std::string& title) {
    v1::Contract values;
    values.set_kind(v1::STANDALONE);
    values.set_customer(customer);
    values.set_title(title);
    *values.mutable_amount() = Cny(100'000'000);
    *values.mutable_start_date() = Day(2026, 1, 1);
    *values.mutable_end_date() = Day(2026, 12, 31);
    values.set_payment_terms("30% 签约后付款，70% 验收后付款");
    v1::PaymentMilestone* late = values.add_payment_milestones();
    *late->mutable_due_date() = Day(2026, 9, 30);
    *late->mutable_amount() = Cny(70'000'000);
    late->set_description("验收");
    v1::PaymentMilestone* early = values.add_payment_milestones();
    *early->mutable_due_date() = Day(2026, 2, 1);
    *early->mutable_amount() = Cny(30'000'000);
    early->set_description("签约");
    v1::Attachment* attachment = values.add_attachments();
    attachment->set_display_name("合同正文.pdf");
    attachment->set_uri("s3://crm-contracts/2026/main.pdf");
    attachment->set_checksum(crm::StrCat("sha256:", std::string(64, 'a')));
    return values;
  }

  static absl::Status Create(const Principal& as, const v1::Contract& values, v1::Contract* out,
                             const std::string& request_id = "") {
    v1::CreateContractRequest request;
    *request.mutable_contract() = values;
    request.set_request_id(request_id);
    return status::FromGrpc(stub().CreateContract(env_->As(as).get(), request, out));
  }
  static v1::Contract MustCreate(const Principal& as, const v1::Contract& values) {
    v1::Contract created;
    const absl::Status status = Create(as, values, &created);
    EXPECT_TRUE(status.ok()) << status;
    return created;
  }
  static absl::Status Get(const Principal& as, const std::string& name, v1::Contract* out) {
    v1::GetContractRequest request;
    request.set_name(name);
    return status::FromGrpc(stub().GetContract(env_->As(as).get(), request, out));
  }
  static absl::Status Update(const Principal& as, const v1::Contract& values,
                             std::vector<std::string> paths, v1::Contract* out,
                             const std::string& request_id = "") {
    v1::UpdateContractRequest request;
    *request.mutable_contract() = values;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    request.set_request_id(request_id);
    return status::FromGrpc(stub().UpdateContract(env_->As(as).get(), request, out));
  }
  static absl::Status Renew(const Principal& as, const std::string& name,
                            const common::v1::Date& end, v1::Contract* out) {
    v1::RenewContractRequest request;
    request.set_name(name);
    *request.mutable_end_date() = end;
    return status::FromGrpc(stub().RenewContract(env_->As(as).get(), request, out));
  }
  static absl::Status History(const Principal& as, const std::string& name,
                              v1::ListContractHistoryResponse* out) {
    v1::ListContractHistoryRequest request;
    request.set_parent(name);
    return status::FromGrpc(stub().ListContractHistory(env_->As(as).get(), request, out));
  }
  static std::vector<std::string> ListNames(const Principal& as, v1::ListContractsRequest request) {
    std::vector<std::string> names;
    while (true) {
      v1::ListContractsResponse response;
      const grpc::Status status = stub().ListContracts(env_->As(as).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Contract& c : response.contracts()) names.push_back(c.name());
      if (!status.ok() || response.next_page_token().empty()) return names;
      request.set_page_token(response.next_page_token());
    }
  }
  // Puts a contract in `state` directly (the approval RPCs are tested with
  // the approvals), keeping the milestones' receivable flag as SaveState does.
  static void SetState(const v1::Contract& contract, v1::ContractState state) {
    const std::string id = IdOf(contract.name());
    env_->QueryValue(crm::StrCat("UPDATE contract.contracts SET state = ", static_cast<int>(state),
                                 ", version = version + 1 WHERE id = '", id, "'"));
    env_->QueryValue(crm::StrCat("UPDATE contract.payment_milestones SET receivable = ",
                                 state == v1::SIGNED || state == v1::ACTIVE ? "true" : "false",
                                 " WHERE contract_id = '", id, "'"));
  }
  static v1::Contract Reread(const v1::Contract& contract) {
    v1::Contract now;
    EXPECT_TRUE(Get(Hq(), contract.name(), &now).ok());
    return now;
  }

  // The cursor after every settled event of the feed.
  static std::string EndCursor() {
    absl::SleepFor(absl::Milliseconds(100));
    v1::ListContractEventsRequest request;
    request.set_page_size(1000);
    while (true) {
      v1::ListContractEventsResponse response;
      const grpc::Status status =
          stub().ListContractEvents(env_->As(Integration()).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.events().empty()) return response.next_page_token();
      request.set_page_token(response.next_page_token());
    }
  }
  static std::vector<v1::ContractEvent> EventsAfter(const std::string& token) {
    absl::SleepFor(absl::Milliseconds(100));
    v1::ListContractEventsRequest request;
    request.set_page_token(token);
    request.set_page_size(1000);
    v1::ListContractEventsResponse response;
    const grpc::Status status =
        stub().ListContractEvents(env_->As(Integration()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  static inline std::unique_ptr<ContractTestEnv> env_;
};

TEST_F(ContractRecordsTest, CreateGetListAndUpdateWithEtagsAndARetriedRequestId) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同储能科技有限公司");
  v1::Contract created;
  ASSERT_TRUE(
      Create(EastSales(), Values(customer, "储能电站运维合同"), &created, "create-c-1").ok());
  EXPECT_THAT(created.name(), ::testing::StartsWith("contracts/"));
  EXPECT_THAT(created.contract_number(), ::testing::MatchesRegex("HT-2026-[0-9]{6}"));
  EXPECT_EQ(created.state(), v1::DRAFT);
  EXPECT_EQ(created.kind(), v1::STANDALONE);
  EXPECT_EQ(created.customer(), customer);
  EXPECT_EQ(created.customer_display_name(), "上海合同储能科技有限公司");
  EXPECT_EQ(created.signing_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(created.owner_user(), "users/li.si");
  EXPECT_EQ(created.amount().minor_units(), 100'000'000);
  EXPECT_EQ(created.outstanding().minor_units(), 100'000'000);
  EXPECT_EQ(created.received().minor_units(), 0);
  ASSERT_EQ(created.payment_milestones_size(), 2);
  // Numbered in due-date order.
  EXPECT_EQ(created.payment_milestones(0).sequence(), 1);
  EXPECT_EQ(created.payment_milestones(0).description(), "签约");
  EXPECT_EQ(created.payment_milestones(1).description(), "验收");
  ASSERT_EQ(created.attachments_size(), 1);
  EXPECT_EQ(created.attachments(0).uri(), "s3://crm-contracts/2026/main.pdf");
  EXPECT_FALSE(created.etag().empty());

  // A retry with the same request id returns the first answer, creating
  // nothing more.
  v1::Contract replayed;
  ASSERT_TRUE(
      Create(EastSales(), Values(customer, "储能电站运维合同"), &replayed, "create-c-1").ok());
  EXPECT_EQ(replayed.name(), created.name());
  EXPECT_EQ(replayed.contract_number(), created.contract_number());
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat("SELECT count(*) FROM contract.contracts WHERE customer_id = '",
                                   IdOf(customer), "'")),
      "1");

  v1::Contract got;
  ASSERT_TRUE(Get(EastSales(), created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  v1::ListContractsRequest by_customer;
  by_customer.set_customer(customer);
  EXPECT_THAT(ListNames(EastSales(), by_customer), ::testing::ElementsAre(created.name()));
  v1::ListContractsRequest frameworks;
  frameworks.add_kinds(v1::FRAMEWORK);
  frameworks.set_customer(customer);
  EXPECT_TRUE(ListNames(EastSales(), frameworks).empty());

  v1::Contract change = created;
  change.set_title("储能电站运维合同（修订）");
  v1::Contract updated;
  ASSERT_TRUE(Update(EastSales(), change, {"title"}, &updated).ok());
  EXPECT_EQ(updated.title(), "储能电站运维合同（修订）");
  EXPECT_EQ(updated.state(), v1::DRAFT);
  EXPECT_NE(updated.etag(), created.etag());

  // The old etag is stale now.
  change.set_title("又一次修改");
  v1::Contract refused;
  const absl::Status stale = Update(EastSales(), change, {"title"}, &refused);
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted) << stale;
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");

  // A retried update returns the first answer even though the etag has moved
  // on since.
  v1::Contract second = updated;
  second.set_payment_terms("验收后一次付清");
  v1::Contract first_answer, replay_answer;
  ASSERT_TRUE(Update(EastSales(), second, {"payment_terms"}, &first_answer, "update-c-1").ok());
  ASSERT_TRUE(Update(EastSales(), second, {"payment_terms"}, &replay_answer, "update-c-1").ok());
  EXPECT_EQ(replay_answer.etag(), first_answer.etag());
  EXPECT_EQ(replay_answer.payment_terms(), "验收后一次付清");
}

TEST_F(ContractRecordsTest, AListedPageShowsEachContractAsGetDoes) {
  // A page is read with one statement per detail for all its contracts: each
  // listed contract must carry its own milestones and figures, no other's.
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同列表测试有限公司");
  std::vector<v1::Contract> created(3);
  for (int i = 0; i < 3; ++i) {
    v1::Contract values = Values(customer, crm::StrCat("列表合同", i));
    // The earlier-due milestone, numbered 1.
    values.mutable_payment_milestones(1)->set_description(crm::StrCat("首付", i));
    ASSERT_TRUE(Create(EastSales(), values, &created[i]).ok());
  }
  v1::ListContractsRequest request;
  request.set_customer(customer);
  v1::ListContractsResponse page;
  ASSERT_TRUE(stub().ListContracts(env_->As(EastSales()).get(), request, &page).ok());
  ASSERT_EQ(page.contracts_size(), 3);
  for (const v1::Contract& listed : page.contracts()) {
    v1::Contract got;
    ASSERT_TRUE(Get(EastSales(), listed.name(), &got).ok());
    EXPECT_EQ(listed.SerializeAsString(), got.SerializeAsString()) << listed.name();
    ASSERT_EQ(listed.payment_milestones_size(), 2);
  }
  // Each with its own first milestone.
  std::vector<std::string> firsts;
  for (const v1::Contract& listed : page.contracts()) {
    for (int i = 0; i < 3; ++i) {
      if (listed.name() != created[i].name()) continue;
      EXPECT_EQ(listed.payment_milestones(0).description(), crm::StrCat("首付", i));
      firsts.push_back(listed.payment_milestones(0).description());
    }
  }
  EXPECT_THAT(firsts, ::testing::UnorderedElementsAre("首付0", "首付1", "首付2"));
}

TEST_F(ContractRecordsTest, NumbersAreUniqueAndIncreasingUnderTwentyConcurrentCreates) {
  const std::string customer = env_->NewCustomer(Hq(), "上海合同并发编号有限公司");
  // The replica learns the customer first: both services run in this one
  // process, and twenty calls each waiting on the customer service would hold
  // the threads that service needs to answer them.
  MustCreate(Hq(), Values(customer, "编号预热"));
  constexpr int kCreates = 20;
  std::vector<std::string> numbers(kCreates);
  std::vector<absl::Status> results(kCreates);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCreates; ++i) {
    threads.emplace_back([&, i] {
      v1::Contract created;
      results[i] = Create(Hq(), Values(customer, crm::StrCat("并发合同 ", i)), &created);
      numbers[i] = created.contract_number();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& result : results) ASSERT_TRUE(result.ok()) << result;
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kCreates));
  // Consecutive: one year's sequence with no gap among them.
  std::vector<int64_t> sequence;
  for (const std::string& number : numbers) {
    int64_t n = 0;
    ASSERT_TRUE(absl::SimpleAtoi(number.substr(std::string("HT-2026-").size()), &n)) << number;
    sequence.push_back(n);
  }
  std::sort(sequence.begin(), sequence.end());
  EXPECT_EQ(sequence.back() - sequence.front(), kCreates - 1);
  // Ordered by creation: a later contract has a higher number (and lists
  // first).
  env_->clock().Advance(absl::Seconds(1));
  v1::Contract later = MustCreate(Hq(), Values(customer, "之后的合同"));
  int64_t later_number = 0;
  ASSERT_TRUE(absl::SimpleAtoi(later.contract_number().substr(8), &later_number));
  EXPECT_GT(later_number, sequence.back());

  // Pages of seven walk all 22, newest first, each once; a token does not
  // continue another query.
  v1::ListContractsRequest paged;
  paged.set_customer(customer);
  paged.set_page_size(7);
  const std::vector<std::string> listed = ListNames(Hq(), paged);
  EXPECT_EQ(listed.size(), 22u);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), 22u);
  EXPECT_EQ(listed.front(), later.name());
  v1::ListContractsResponse first;
  ASSERT_TRUE(stub().ListContracts(env_->As(Hq()).get(), paged, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListContractsRequest other_query;
  other_query.set_page_token(first.next_page_token());
  v1::ListContractsResponse refused;
  const absl::Status foreign =
      status::FromGrpc(stub().ListContracts(env_->As(Hq()).get(), other_query, &refused));
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument) << foreign;
  EXPECT_THAT(Fields(foreign), Contains("page_token"));
}

TEST_F(ContractRecordsTest, TheFeedIsForIntegrationsAndHq) {
  v1::ListContractEventsResponse response;
  const grpc::Status sales = stub().ListContractEvents(env_->As(EastSales()).get(),
                                                       v1::ListContractEventsRequest(), &response);
  EXPECT_EQ(sales.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      stub()
          .ListContractEvents(env_->As(Hq()).get(), v1::ListContractEventsRequest(), &response)
          .ok());
}

TEST_F(ContractRecordsTest, EveryBadFieldIsListedAtOnceAndNothingIsWritten) {
  const std::string before = env_->QueryValue("SELECT count(*) FROM contract.contracts");
  v1::Contract values;
  values.set_customer("customers/not-a-uuid");
  *values.mutable_amount() = Cny(0);
  *values.mutable_start_date() = Day(2026, 6, 30);
  *values.mutable_end_date() = Day(2026, 1, 1);
  values.set_framework("contracts/00000000-0000-4000-8000-000000000001");
  values.set_payment_terms(std::string(501, 'x'));
  v1::Attachment* attachment = values.add_attachments();
  attachment->set_display_name("scan.pdf");
  attachment->set_uri("ftp://files/scan.pdf");
  attachment->set_checksum("md5:abc");
  v1::PaymentMilestone* milestone = values.add_payment_milestones();
  *milestone->mutable_due_date() = Day(2026, 2, 30);
  common::v1::Money usd;
  usd.set_currency_code("USD");
  usd.set_minor_units(-5);
  *milestone->mutable_amount() = usd;
  v1::Contract refused;
  const absl::Status status = Create(EastSales(), values, &refused);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(Reason(status), "INVALID_ARGUMENT");
  EXPECT_THAT(
      Fields(status),
      IsSupersetOf({"contract.kind", "contract.title", "contract.customer",
                    "contract.amount.minor_units", "contract.end_date", "contract.framework",
                    "contract.payment_terms", "contract.attachments[0].uri",
                    "contract.attachments[0].checksum", "contract.payment_milestones[0].due_date",
                    "contract.payment_milestones[0].amount.minor_units",
                    "contract.payment_milestones[0].amount.currency_code"}));
  std::set<std::string> descriptions;
  for (const auto& v : status::GetFieldViolations(status)) descriptions.insert(v.description());
  EXPECT_THAT(descriptions, Contains("contract.amount.minor_units: must be above zero, got 0"));
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM contract.contracts"), before);

  // A framework has no milestones.
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同框架校验有限公司");
  v1::Contract framework = Values(customer, "框架协议");
  framework.set_kind(v1::FRAMEWORK);
  const absl::Status with_milestones = Create(EastSales(), framework, &refused);
  EXPECT_EQ(with_milestones.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(with_milestones), Contains("contract.payment_milestones"));
}

TEST_F(ContractRecordsTest, UpdatesFollowTheContractsState) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同状态规则有限公司");
  const v1::Contract draft = MustCreate(EastSales(), Values(customer, "状态规则合同"));

  // An unknown mask path and a missing etag are field violations.
  v1::Contract no_etag = draft;
  no_etag.clear_etag();
  v1::Contract out;
  const absl::Status bad = Update(EastSales(), no_etag, {"title", "state"}, &out);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad), IsSupersetOf({"contract.etag", "update_mask.paths[1]"}));

  // REJECTED: an update revises it back to DRAFT.
  SetState(draft, v1::REJECTED);
  v1::Contract rejected = Reread(draft);
  rejected.set_title("修订后的合同");
  ASSERT_TRUE(Update(EastSales(), rejected, {"title"}, &out).ok());
  EXPECT_EQ(out.state(), v1::DRAFT);

  // PENDING_APPROVAL waits for its approvers.
  SetState(draft, v1::PENDING_APPROVAL);
  v1::Contract pending = Reread(draft);
  const absl::Status waiting = Update(EastSales(), pending, {"title"}, &out);
  EXPECT_EQ(waiting.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(waiting), "CONTRACT_NOT_EDITABLE");

  // APPROVED: a change that is not material keeps the approval.
  SetState(draft, v1::APPROVED);
  v1::Contract approved = Reread(draft);
  approved.set_payment_terms("验收后付清");
  ASSERT_TRUE(Update(EastSales(), approved, {"payment_terms"}, &out).ok());
  EXPECT_EQ(out.state(), v1::APPROVED);

  // A material change (the amount, with milestones that add up) sends it back
  // to approval with fresh steps.
  v1::Contract bigger = out;
  *bigger.mutable_amount() = Cny(200'000'000);
  bigger.clear_payment_milestones();
  v1::PaymentMilestone* whole = bigger.add_payment_milestones();
  *whole->mutable_due_date() = Day(2026, 10, 31);
  *whole->mutable_amount() = Cny(200'000'000);
  v1::Contract resubmitted;
  const absl::Status material =
      Update(EastSales(), bigger, {"amount", "payment_milestones"}, &resubmitted);
  ASSERT_TRUE(material.ok()) << material;
  EXPECT_EQ(resubmitted.state(), v1::PENDING_APPROVAL);
  EXPECT_EQ(resubmitted.amount().minor_units(), 200'000'000);
  EXPECT_FALSE(resubmitted.approval_steps().empty());
  EXPECT_EQ(resubmitted.submitter(), "users/li.si");

  // SIGNED and later are frozen.
  SetState(draft, v1::SIGNED);
  v1::Contract signed_contract = Reread(draft);
  signed_contract.set_title("签约后修改");
  const absl::Status frozen = Update(EastSales(), signed_contract, {"title"}, &out);
  EXPECT_EQ(frozen.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(frozen), "CONTRACT_FROZEN");
}

TEST_F(ContractRecordsTest, RenewalDraftsLinkToTheOldContract) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同续签有限公司");
  const v1::Contract old = MustCreate(EastSales(), Values(customer, "2026 年度服务合同"));

  v1::Contract out;
  const absl::Status too_early = Renew(EastSales(), old.name(), Day(2027, 12, 31), &out);
  EXPECT_EQ(too_early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(too_early), "CONTRACT_NOT_RENEWABLE");

  SetState(old, v1::ACTIVE);
  v1::Contract renewal;
  ASSERT_TRUE(Renew(EastSales(), old.name(), Day(2027, 12, 31), &renewal).ok());
  EXPECT_EQ(renewal.state(), v1::DRAFT);
  EXPECT_EQ(renewal.renews(), old.name());
  EXPECT_EQ(renewal.customer(), customer);
  EXPECT_EQ(renewal.kind(), old.kind());
  EXPECT_EQ(renewal.title(), old.title());
  EXPECT_EQ(renewal.amount().minor_units(), old.amount().minor_units());
  EXPECT_EQ(renewal.signing_org_unit(), old.signing_org_unit());
  EXPECT_EQ(renewal.start_date().SerializeAsString(), Day(2027, 1, 1).SerializeAsString());
  EXPECT_EQ(renewal.end_date().SerializeAsString(), Day(2027, 12, 31).SerializeAsString());
  EXPECT_NE(renewal.contract_number(), old.contract_number());
  EXPECT_EQ(Reread(old).renewed_by(), renewal.name());

  // One renewal at a time.
  const absl::Status again = Renew(EastSales(), old.name(), Day(2027, 12, 31), &out);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(again), "RENEWAL_IN_PROGRESS");

  // An end date before the new start is a field violation.
  const v1::Contract other = MustCreate(EastSales(), Values(customer, "另一份合同"));
  SetState(other, v1::EXPIRED);
  const absl::Status backwards = Renew(EastSales(), other.name(), Day(2026, 6, 30), &out);
  EXPECT_EQ(backwards.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(backwards), Contains("end_date"));
}

TEST_F(ContractRecordsTest, HistoryAuditsEveryChangeInOrder) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同审计有限公司");
  const v1::Contract created = MustCreate(EastSales(), Values(customer, "审计合同"));
  v1::Contract change = created;
  change.set_title("审计合同（二）");
  v1::Contract updated;
  ASSERT_TRUE(Update(EastSales("zhou.qi"), change, {"title"}, &updated).ok());

  v1::ListContractHistoryResponse history;
  ASSERT_TRUE(History(EastSales(), created.name(), &history).ok());
  ASSERT_EQ(history.entries_size(), 2);
  EXPECT_EQ(history.entries(0).method(), "CreateContract");
  EXPECT_EQ(history.entries(0).actor(), "users/li.si");
  EXPECT_EQ(history.entries(0).previous_state(), v1::CONTRACT_STATE_UNSPECIFIED);
  EXPECT_EQ(history.entries(0).state(), v1::DRAFT);
  EXPECT_EQ(history.entries(1).method(), "UpdateContract");
  EXPECT_EQ(history.entries(1).actor(), "users/zhou.qi");
  EXPECT_EQ(history.entries(1).comment(), "changed title");
  EXPECT_TRUE(history.entries(1).has_change_time());

  // Pages of one.
  v1::ListContractHistoryRequest request;
  request.set_parent(created.name());
  request.set_page_size(1);
  v1::ListContractHistoryResponse first, second;
  ASSERT_TRUE(stub().ListContractHistory(env_->As(EastSales()).get(), request, &first).ok());
  ASSERT_EQ(first.entries_size(), 1);
  request.set_page_token(first.next_page_token());
  ASSERT_TRUE(stub().ListContractHistory(env_->As(EastSales()).get(), request, &second).ok());
  ASSERT_EQ(second.entries_size(), 1);
  EXPECT_EQ(second.entries(0).method(), "UpdateContract");
}

TEST_F(ContractRecordsTest, AnotherSubsidiaryCannotReachAContractByItsRealId) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海合同越权测试有限公司");
  const v1::Contract east = MustCreate(EastSales(), Values(customer, "东区合同"));
  SetState(east, v1::ACTIVE);
  const v1::Contract current = Reread(east);

  v1::Contract out;
  const absl::Status get = Get(WestSales(), east.name(), &out);
  EXPECT_EQ(get.code(), absl::StatusCode::kPermissionDenied) << get;
  EXPECT_EQ(Reason(get), "CONTRACT_NOT_IN_SCOPE");
  v1::Contract change = current;
  change.set_title("越权修改");
  const absl::Status update = Update(WestSales(), change, {"title"}, &out);
  EXPECT_EQ(update.code(), absl::StatusCode::kPermissionDenied) << update;
  const absl::Status renew = Renew(WestSales(), east.name(), Day(2027, 12, 31), &out);
  EXPECT_EQ(renew.code(), absl::StatusCode::kPermissionDenied) << renew;
  v1::ListContractHistoryResponse history;
  const absl::Status audit = History(WestSales(), east.name(), &history);
  EXPECT_EQ(audit.code(), absl::StatusCode::kPermissionDenied) << audit;
  EXPECT_THAT(ListNames(WestSales(), v1::ListContractsRequest()), Not(Contains(east.name())));
  v1::ListContractsRequest by_customer;
  by_customer.set_customer(customer);
  EXPECT_TRUE(ListNames(WestSales(), by_customer).empty());
  // Nothing changed.
  EXPECT_EQ(Reread(east).etag(), current.etag());

  // A contract that does not exist looks the same to them; only HQ learns
  // it is missing.
  const std::string missing = "contracts/00000000-0000-4000-8000-00000000abcd";
  EXPECT_EQ(Get(WestSales(), missing, &out).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(Hq(), missing, &out).code(), absl::StatusCode::kNotFound);

  // A west seller cannot create a contract on the east customer either.
  const absl::Status create = Create(WestSales(), Values(customer, "越权新建"), &out);
  EXPECT_EQ(create.code(), absl::StatusCode::kPermissionDenied) << create;
  EXPECT_EQ(Reason(create), "CUSTOMER_NOT_IN_SCOPE");

  // Nor sign it for an org unit outside their scope.
  const std::string west_customer = env_->NewCustomer(WestSales(), "成都合同越权测试有限公司");
  v1::Contract for_east = Values(west_customer, "替东区签约");
  for_east.set_signing_org_unit("orgUnits/sub-east");
  const absl::Status unit = Create(WestSales(), for_east, &out);
  EXPECT_EQ(unit.code(), absl::StatusCode::kPermissionDenied) << unit;
  EXPECT_EQ(Reason(unit), "ORG_UNIT_NOT_IN_SCOPE");

  // HQ sees both in the list.
  const v1::Contract west = MustCreate(WestSales(), Values(west_customer, "西区合同"));
  EXPECT_THAT(ListNames(Hq(), v1::ListContractsRequest()),
              IsSupersetOf({east.name(), west.name()}));
  EXPECT_THAT(ListNames(EastSales(), v1::ListContractsRequest()), Not(Contains(west.name())));
}

TEST_F(ContractRecordsTest, MergedCustomersTakeTheirContractsAndMilestonesAlong) {
  const std::string survivor = env_->NewCustomer(Hq(), "上海合同合并存续有限公司");
  const std::string merged = env_->NewCustomer(Hq(), "上海合同合并并入有限公司");
  const v1::Contract on_merged = MustCreate(Hq(), Values(merged, "并入方合同"));
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

  const v1::Contract moved = Reread(on_merged);
  EXPECT_EQ(moved.customer(), survivor);
  EXPECT_NE(moved.etag(), on_merged.etag());
  const std::string milestones_of = crm::StrCat(
      "SELECT string_agg(DISTINCT customer_id::text, ',') FROM contract.payment_milestones"
      " WHERE contract_id = '",
      IdOf(on_merged.name()), "'");
  EXPECT_EQ(env_->QueryValue(milestones_of), IdOf(survivor));
  const std::vector<v1::ContractEvent> events = EventsAfter(start);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), v1::ContractEvent::CONTRACT_MOVED);
  EXPECT_EQ(events[0].resource(), on_merged.name());
  EXPECT_EQ(events[0].customer(), survivor);
  EXPECT_EQ(events[0].amount().minor_units(), 100'000'000);

  // A new contract on the merged customer is refused, naming the survivor.
  v1::Contract refused;
  const absl::Status on_gone = Create(Hq(), Values(merged, "晚到的合同"), &refused);
  EXPECT_EQ(on_gone.code(), absl::StatusCode::kNotFound) << on_gone;
  EXPECT_EQ(Reason(on_gone), "CUSTOMER_MERGED");

  customer::v1::UnmergeCustomerRequest unmerge;
  unmerge.set_name(merged);
  customer::v1::UnmergeCustomerResponse unmerge_response;
  const grpc::Status unmerged_status =
      env_->customers().UnmergeCustomer(env_->As(Hq()).get(), unmerge, &unmerge_response);
  ASSERT_TRUE(unmerged_status.ok()) << unmerged_status.error_message();
  ASSERT_TRUE(env_->SyncCustomers().ok());

  EXPECT_EQ(Reread(on_merged).customer(), merged);
  EXPECT_EQ(env_->QueryValue(milestones_of), IdOf(merged));
  EXPECT_EQ(env_->module().customer_follower_health().last_error, "");
}

// Contracts from won opportunities, with the real opportunity service.
class FromOpportunityTest : public ContractRecordsTest {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ContractTestEnv>> env =
        ContractTestEnv::Start("contract_from_opportunity", nullptr, /*with_opportunities=*/true);
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }

  static opportunity::v1::Opportunity NewOpportunity(const Principal& as,
                                                     const std::string& customer,
                                                     const std::string& title) {
    opportunity::v1::CreateOpportunityRequest request;
    request.mutable_opportunity()->set_customer(customer);
    request.mutable_opportunity()->set_title(title);
    *request.mutable_opportunity()->mutable_amount() = Cny(250'000'000);
    opportunity::v1::Opportunity created;
    const grpc::Status status =
        env_->opportunities().CreateOpportunity(env_->As(as).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }
  // Marks it won in the opportunity service's own table (the way there
  // through the stages is the pipeline's tests' business).
  static void MarkWon(const opportunity::v1::Opportunity& o) {
    env_->QueryValue(crm::StrCat("UPDATE opportunity.opportunities SET stage = 6 WHERE id = '",
                                 IdOf(o.name()), "'"));
  }
};

TEST_F(FromOpportunityTest, AWonOpportunityOfTheSameCustomerFillsTitleAndAmount) {
  const std::string customer = env_->NewCustomer(EastSales(), "上海商机转合同有限公司");
  const opportunity::v1::Opportunity o = NewOpportunity(EastSales(), customer, "光伏电站 EPC");
  v1::Contract values = Values(customer, "");
  values.clear_amount();
  values.clear_payment_milestones();
  values.set_opportunity(o.name());

  v1::Contract out;
  const absl::Status open = Create(EastSales(), values, &out);
  EXPECT_EQ(open.code(), absl::StatusCode::kFailedPrecondition) << open;
  EXPECT_EQ(Reason(open), "OPPORTUNITY_NOT_WON");

  MarkWon(o);
  const std::string start = EndCursor();
  v1::Contract created;
  const absl::Status won = Create(EastSales(), values, &created);
  ASSERT_TRUE(won.ok()) << won;
  EXPECT_EQ(created.opportunity(), o.name());
  EXPECT_EQ(created.title(), "光伏电站 EPC");
  EXPECT_EQ(created.amount().minor_units(), 250'000'000);
  const std::vector<v1::ContractEvent> events = EventsAfter(start);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), v1::ContractEvent::CONTRACT_CREATED);
  EXPECT_EQ(events[0].opportunity(), o.name());
  EXPECT_EQ(events[0].customer(), customer);
  EXPECT_EQ(events[0].signing_org_unit(), "orgUnits/sub-east");

  // Another customer's opportunity is refused.
  const std::string other = env_->NewCustomer(EastSales(), "上海商机转合同另一家有限公司");
  v1::Contract mismatched = Values(other, "错配的合同");
  mismatched.set_opportunity(o.name());
  const absl::Status wrong = Create(EastSales(), mismatched, &out);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kFailedPrecondition) << wrong;
  EXPECT_EQ(Reason(wrong), "OPPORTUNITY_OF_ANOTHER_CUSTOMER");

  // A seller of another subsidiary cannot turn it into a contract.
  const absl::Status west = Create(WestSales(), values, &out);
  EXPECT_EQ(west.code(), absl::StatusCode::kPermissionDenied) << west;
  EXPECT_EQ(Reason(west), "OPPORTUNITY_NOT_REACHABLE");
}

}  // namespace
}  // namespace crm::contract
