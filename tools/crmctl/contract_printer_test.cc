#include "tools/crmctl/contract_printer.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;
using ::testing::HasSubstr;

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

void SetDate(common::v1::Date* date, int year, int month, int day) {
  date->set_year(year);
  date->set_month(month);
  date->set_day(day);
}

v1::AgingBucket Bucket(const char* label, int min_days, int max_days, int64_t fen, int64_t count) {
  v1::AgingBucket bucket;
  bucket.set_label(label);
  bucket.set_min_days(min_days);
  bucket.set_max_days(max_days);
  *bucket.mutable_amount() = Cny(fen);
  bucket.set_milestone_count(count);
  return bucket;
}

TEST(ContractPrinterTest, AgingIsATableWithBucketTotals) {
  v1::AgingReport report;
  *report.mutable_not_due() = Cny(52500000);
  *report.add_buckets() = Bucket("0-30", 0, 30, 12345678900, 12);
  *report.add_buckets() = Bucket("31-60", 31, 60, 50000000, 1);
  *report.add_buckets() = Bucket("61-90", 61, 90, 0, 0);
  *report.add_buckets() = Bucket("90+", 91, 0, 100, 1);
  *report.mutable_total_overdue() = Cny(12395679000);
  SetDate(report.mutable_as_of(), 2026, 12, 6);
  std::ostringstream out;
  PrintAgingReport(report, out);
  EXPECT_EQ(out.str(),
            "aging of overdue receivables as of 2026-12-06:\n"
            "DAYS_OVERDUE   AMOUNT              万元         MILESTONES\n"
            "0-30           123,456,789.00 CNY  12,345.68万  12\n"
            "31-60          500,000.00 CNY      50.00万      1\n"
            "61-90          0.00 CNY            0.00万       0\n"
            "90+            1.00 CNY            0.00万       1\n"
            "total overdue  123,956,790.00 CNY  12,395.68万  14\n"
            "not yet due    525,000.00 CNY      52.50万\n");
}

TEST(ContractPrinterTest, OtherCurrenciesAreNamedNotSummed) {
  v1::AgingReport report;
  report.set_other_currency_count(3);
  std::ostringstream out;
  PrintAgingReport(report, out);
  EXPECT_THAT(out.str(), HasSubstr("3 milestones in other currencies, not in these totals."));
}

TEST(ContractPrinterTest, AContractShowsItsStepsAndMilestones) {
  v1::Contract contract;
  contract.set_name("contracts/k1");
  contract.set_contract_number("HT-2026-000042");
  contract.set_kind(v1::EXECUTION);
  contract.set_state(v1::PENDING_APPROVAL);
  contract.set_title("储能电站EMS系统合同");
  *contract.mutable_amount() = Cny(240000000);
  v1::ApprovalStep* legal = contract.add_approval_steps();
  legal->set_sequence(1);
  legal->set_role("legal");
  legal->set_outcome(v1::ApprovalStep::APPROVED);
  legal->set_approver("users/zheng.hui");
  legal->set_comment("条款无异议");
  v1::ApprovalStep* finance = contract.add_approval_steps();
  finance->set_sequence(2);
  finance->set_role("finance");
  v1::PaymentMilestone* milestone = contract.add_payment_milestones();
  milestone->set_sequence(1);
  SetDate(milestone->mutable_due_date(), 2026, 10, 20);
  *milestone->mutable_amount() = Cny(70000000);
  milestone->set_description("上线款");
  *milestone->mutable_paid() = Cny(20000000);
  *milestone->mutable_outstanding() = Cny(50000000);
  milestone->set_days_overdue(47);
  std::ostringstream out;
  PrintContract(contract, out);
  EXPECT_THAT(out.str(), HasSubstr("kind:                  execution 执行合同\n"));
  EXPECT_THAT(out.str(), HasSubstr("state:                 pending-approval 待审批\n"));
  EXPECT_THAT(out.str(), HasSubstr("amount:                2,400,000.00 CNY (240.00万)\n"));
  EXPECT_THAT(out.str(),
              HasSubstr("1 2026-10-20 700,000.00 CNY 上线款; paid 200,000.00 CNY, outstanding "
                        "500,000.00 CNY, 47 days overdue"));
  EXPECT_THAT(out.str(), HasSubstr("1 legal: approved by users/zheng.hui (条款无异议)"));
  EXPECT_THAT(out.str(), HasSubstr("2 finance: waiting"));
  EXPECT_EQ(CurrentStep(contract), "2/2 finance");
}

TEST(ContractPrinterTest, ExpiringSaysWhetherARenewalIsUnderWay) {
  v1::ListExpiringContractsResponse response;
  v1::ExpiringContract* expiring = response.add_contracts();
  expiring->mutable_contract()->set_name("contracts/k7");
  expiring->mutable_contract()->set_title("能源托管服务合同");
  expiring->set_days_left(40);
  v1::ExpiringContract* renewed = response.add_contracts();
  renewed->mutable_contract()->set_name("contracts/k8");
  renewed->mutable_contract()->set_renewed_by("contracts/k9");
  renewed->set_days_left(55);
  renewed->set_renewal_in_progress(true);
  std::ostringstream out;
  PrintExpiring(response, out);
  EXPECT_THAT(out.str(), HasSubstr("40         none"));
  EXPECT_THAT(out.str(), HasSubstr("55         in progress (k9)"));
}

TEST(ContractPrinterTest, ReceivablesOfAContractListItsMilestones) {
  v1::Receivables receivables;
  *receivables.mutable_receivable() = Cny(102500000);
  *receivables.mutable_overdue() = Cny(50000000);
  receivables.set_open_milestone_count(2);
  receivables.set_overdue_milestone_count(1);
  receivables.set_max_days_overdue(45);
  SetDate(receivables.mutable_as_of(), 2026, 12, 7);
  v1::PaymentMilestone* milestone = receivables.add_milestones();
  milestone->set_sequence(2);
  SetDate(milestone->mutable_due_date(), 2026, 10, 23);
  *milestone->mutable_amount() = Cny(70000000);
  *milestone->mutable_paid() = Cny(20000000);
  *milestone->mutable_outstanding() = Cny(50000000);
  milestone->set_days_overdue(45);
  milestone->set_description("系统上线款");
  std::ostringstream out;
  PrintReceivables(receivables, out);
  EXPECT_EQ(out.str(),
            "as_of:            2026-12-07\n"
            "receivable:       1,025,000.00 CNY (102.50万) in 2 open milestones\n"
            "overdue:          500,000.00 CNY (50.00万) in 1 milestone past due\n"
            "max_days_overdue: 45\n"
            "\n"
            "SEQ  DUE         AMOUNT          PAID            OUTSTANDING     DAYS_OVERDUE  "
            "DESCRIPTION\n"
            "2    2026-10-23  700,000.00 CNY  200,000.00 CNY  500,000.00 CNY  45            "
            "系统上线款\n");
}

}  // namespace
}  // namespace crm::crmctl
