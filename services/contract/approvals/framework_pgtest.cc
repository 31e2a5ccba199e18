// Executions against a framework agreement through the contract service's
// gRPC API: 50 concurrent submissions that together exceed the ceiling —
// exactly as many succeed as fit, the rest are refused naming what remains,
// and the framework's remaining ceiling is exact — and executions outside the
// framework customer's group, its validity, its currency or its signing are
// refused.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
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
using ::crm::contract::testing::Meta;
using ::crm::contract::testing::Reason;
using ::crm::contract::testing::Values;
using ::crm::contract::testing::Yuan;

constexpr int kSubmissions = 50;

class FrameworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ContractTestEnv>> env = ContractTestEnv::Start(
        "contract_framework", [](ContractConfig& config) { config.pg_pool_size = 12; });
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    calls_ = std::make_unique<Calls>(*env_);
    // 华信能源集团 (node 1) ← 华信能源华东 (2) ← 华信储能苏州 (3); another
    // group (10) with 远景电力 (11).
    parent_ = env_->NewCustomer(EastSales(), "华信能源集团有限公司");
    subsidiary_ = env_->NewCustomer(EastSales(), "华信能源华东有限公司");
    grandchild_ = env_->NewCustomer(EastSales(), "华信储能（苏州）有限公司");
    outsider_ = env_->NewCustomer(EastSales(), "远景电力有限公司");
    env_->AddGroupNode(1, 0, parent_);
    env_->AddGroupNode(2, 1, subsidiary_);
    env_->AddGroupNode(3, 2, grandchild_);
    env_->AddGroupNode(10, 0, "");
    env_->AddGroupNode(11, 10, outsider_);
  }
  static void TearDownTestSuite() {
    calls_.reset();
    env_.reset();
  }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static Calls& calls() { return *calls_; }

  // A SIGNED framework of `yuan` CNY on the group's parent for 2026.
  static v1::Contract SignedFramework(int64_t yuan) {
    v1::Contract f = calls().ApprovedBy(
        calls().Submitted(EastSales(), Values(v1::FRAMEWORK, parent_, yuan, Day(2026, 1, 1),
                                              Day(2026, 12, 31), "华信能源集团储能框架协议")),
        {EastLegal(), EastFinance()});
    absl::StatusOr<v1::Contract> signed_ = calls().Sign(EastSales(), f);
    EXPECT_TRUE(signed_.ok()) << signed_.status();
    return signed_.value_or(f);
  }
  // A draft execution under `framework`.
  static v1::Contract Execution(const v1::Contract& framework, const std::string& customer,
                                int64_t yuan, const common::v1::Date& start = Day(2026, 3, 1),
                                const common::v1::Date& end = Day(2026, 9, 30)) {
    v1::Contract values = Values(v1::EXECUTION, customer, yuan, start, end, "储能柜执行合同");
    values.set_framework(framework.name());
    absl::StatusOr<v1::Contract> created = calls().Create(EastSales(), values);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(values);
  }

  static std::unique_ptr<ContractTestEnv> env_;
  static std::unique_ptr<Calls> calls_;
  static std::string parent_, subsidiary_, grandchild_, outsider_;
};

std::unique_ptr<ContractTestEnv> FrameworkTest::env_;
std::unique_ptr<Calls> FrameworkTest::calls_;
std::string FrameworkTest::parent_, FrameworkTest::subsidiary_, FrameworkTest::grandchild_,
    FrameworkTest::outsider_;

TEST_F(FrameworkTest, FiftyConcurrentSubmissionsNeverOverdrawTheCeiling) {
  // 10,000,000 CNY; one execution of 1,100,000 already live leaves 8,900,000:
  // 44 of 50 submissions of 200,000 fit (8,800,000), 100,000 remains.
  const v1::Contract framework = SignedFramework(10'000'000);
  ASSERT_EQ(framework.state(), v1::ACTIVE);  // it started today
  absl::StatusOr<v1::Contract> first =
      calls().Submit(EastSales(), Execution(framework, subsidiary_, 1'100'000));
  ASSERT_TRUE(first.ok()) << first.status();

  std::vector<v1::Contract> drafts;
  for (int i = 0; i < kSubmissions; ++i) {
    drafts.push_back(Execution(framework, i % 2 == 0 ? subsidiary_ : grandchild_, 200'000));
  }
  std::atomic<int> succeeded = 0;
  std::vector<absl::Status> refusals(kSubmissions);
  std::vector<std::thread> threads;
  for (int i = 0; i < kSubmissions; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::Contract> submitted = calls().Submit(EastSales(), drafts[i]);
      if (submitted.ok()) {
        ++succeeded;
      } else {
        refusals[i] = submitted.status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(succeeded.load(), 44);
  int refused = 0;
  for (const absl::Status& status : refusals) {
    if (status.ok()) continue;
    ++refused;
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_EQ(Reason(status), "FRAMEWORK_CEILING_EXCEEDED") << status;
    EXPECT_EQ(Meta(status, "remaining"), "100,000.00 CNY") << status;
    EXPECT_THAT(std::string(status.message()),
                ::testing::HasSubstr("so 100,000.00 CNY remains, and"));
  }
  EXPECT_EQ(refused, kSubmissions - 44);

  absl::StatusOr<v1::Contract> after = calls().Get(EastSales(), framework.name());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->framework_used().minor_units(), Yuan(9'900'000).minor_units());
  EXPECT_EQ(after->framework_remaining().minor_units(), Yuan(100'000).minor_units());
  EXPECT_EQ(after->framework_remaining().currency_code(), "CNY");
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM contract.contracts WHERE state = 2 AND framework_id = '",
                framework.name().substr(framework.name().rfind('/') + 1), "'")),
            "45");

  // A rejection frees its share: 1,200,000 remain, exactly what the six
  // refused drafts ask for; then nothing remains.
  absl::StatusOr<v1::Contract> pending = calls().Get(EastSales(), first->name());
  ASSERT_TRUE(pending.ok());
  ASSERT_TRUE(calls().Reject(EastLegal(), *pending, "金额有误").ok());
  for (int i = 0; i < kSubmissions; ++i) {
    if (refusals[i].ok()) continue;
    absl::StatusOr<v1::Contract> fits = calls().Submit(EastSales(), drafts[i]);
    EXPECT_TRUE(fits.ok()) << fits.status();
  }
  after = calls().Get(EastSales(), framework.name());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->framework_used().minor_units(), Yuan(10'000'000).minor_units());
  EXPECT_EQ(after->framework_remaining().minor_units(), 0);
  absl::StatusOr<v1::Contract> over =
      calls().Submit(EastSales(), Execution(framework, subsidiary_, 100));
  EXPECT_EQ(Reason(over.status()), "FRAMEWORK_CEILING_EXCEEDED");
  EXPECT_EQ(Meta(over.status(), "remaining"), "0.00 CNY");
}

TEST_F(FrameworkTest, ExecutionsOutsideTheGroupTheValidityOrTheCurrencyAreRefused) {
  const v1::Contract framework = SignedFramework(5'000'000);
  // The framework's own customer and its group's subtree may draw on it.
  std::vector<v1::Contract> drawing;
  for (const std::string& customer : {parent_, subsidiary_, grandchild_}) {
    absl::StatusOr<v1::Contract> ok =
        calls().Submit(EastSales(), Execution(framework, customer, 100'000));
    EXPECT_TRUE(ok.ok()) << ok.status();
    if (ok.ok()) drawing.push_back(*ok);
  }
  ASSERT_EQ(drawing.size(), 3u);
  absl::StatusOr<v1::Contract> outsider =
      calls().Submit(EastSales(), Execution(framework, outsider_, 100'000));
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(outsider.status()), "FRAMEWORK_CUSTOMER_MISMATCH");

  absl::StatusOr<v1::Contract> late = calls().Submit(
      EastSales(), Execution(framework, subsidiary_, 100'000, Day(2026, 6, 1), Day(2027, 1, 31)));
  EXPECT_EQ(Reason(late.status()), "EXECUTION_OUTSIDE_FRAMEWORK_VALIDITY");
  EXPECT_EQ(Meta(late.status(), "frameworkValidity"), "2026-01-01 … 2026-12-31");

  v1::Contract dollars = Values(v1::EXECUTION, subsidiary_, 100'000, Day(2026, 3, 1),
                                Day(2026, 9, 30), "美元执行合同");
  dollars.set_framework(framework.name());
  dollars.mutable_amount()->set_currency_code("USD");
  for (v1::PaymentMilestone& m : *dollars.mutable_payment_milestones()) {
    m.mutable_amount()->set_currency_code("USD");
  }
  absl::StatusOr<v1::Contract> in_usd = calls().Create(EastSales(), dollars);
  ASSERT_TRUE(in_usd.ok()) << in_usd.status();
  EXPECT_EQ(Reason(calls().Submit(EastSales(), *in_usd).status()), "FRAMEWORK_CURRENCY_MISMATCH");

  // A framework that is not signed yet has nothing to draw on.
  const v1::Contract unsigned_framework = calls().Submitted(
      EastSales(), Values(v1::FRAMEWORK, parent_, 5'000'000, Day(2026, 1, 1), Day(2026, 12, 31)));
  absl::StatusOr<v1::Contract> early =
      calls().Submit(EastSales(), Execution(unsigned_framework, subsidiary_, 100'000));
  EXPECT_EQ(Reason(early.status()), "FRAMEWORK_NOT_IN_FORCE");

  // Nothing refused drew on the ceiling.
  absl::StatusOr<v1::Contract> after = calls().Get(EastSales(), framework.name());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->framework_used().minor_units(), Yuan(300'000).minor_units());
  EXPECT_EQ(after->framework_remaining().minor_units(), Yuan(4'700'000).minor_units());

  // An approved execution whose amount grows goes back to approval only if
  // the new amount fits, counted once: 4,700,000 remain beside its own
  // 100,000.
  const v1::Contract approved = calls().ApprovedBy(drawing[2], {EastLegal()});
  ASSERT_EQ(approved.state(), v1::APPROVED);
  const auto grown = [&](int64_t yuan, const std::string& etag) {
    v1::Contract values = Values(v1::EXECUTION, grandchild_, yuan, Day(2026, 3, 1),
                                 Day(2026, 9, 30), "储能柜执行合同");
    values.set_name(approved.name());
    values.set_etag(etag);
    return calls().Update(EastSales(), values, {"amount", "payment_milestones"});
  };
  absl::StatusOr<v1::Contract> too_much = grown(4'800'001, approved.etag());
  EXPECT_EQ(Reason(too_much.status()), "FRAMEWORK_CEILING_EXCEEDED");
  EXPECT_EQ(Meta(too_much.status(), "remaining"), "4,800,000.00 CNY");
  absl::StatusOr<v1::Contract> unchanged = calls().Get(EastSales(), approved.name());
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->state(), v1::APPROVED);
  EXPECT_EQ(unchanged->amount().minor_units(), Yuan(100'000).minor_units());
  absl::StatusOr<v1::Contract> all_of_it = grown(4'800'000, approved.etag());
  ASSERT_TRUE(all_of_it.ok()) << all_of_it.status();
  EXPECT_EQ(all_of_it->state(), v1::PENDING_APPROVAL);
  after = calls().Get(EastSales(), framework.name());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->framework_remaining().minor_units(), 0);

  // A framework terminated after an execution was approved: the execution is
  // not signed under it.
  absl::StatusOr<v1::Contract> pending = calls().Get(EastSales(), drawing[0].name());
  ASSERT_TRUE(pending.ok());
  const v1::Contract ready = calls().ApprovedBy(*pending, {EastLegal()});
  ASSERT_EQ(ready.state(), v1::APPROVED);
  ASSERT_TRUE(calls().Terminate(EastSales(), *after, "集团框架协议提前解除").ok());
  absl::StatusOr<v1::Contract> signed_ = calls().Sign(EastSales(), ready);
  EXPECT_EQ(signed_.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(signed_.status()), "FRAMEWORK_NOT_IN_FORCE");
  EXPECT_EQ(Meta(signed_.status(), "frameworkState"), "TERMINATED");
}

}  // namespace
}  // namespace crm::contract
