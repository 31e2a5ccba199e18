// Receipts and receivables through the contract service's gRPC API, on a
// contract that went the whole way: created by a seller, submitted,
// approved by legal, signed (and so active), then paid in part, aged, and
// announced overdue by the jobs.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/approvals/approvals_test_support.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/testing/contract_test_env.h"

namespace crm::contract::testing {
namespace {

template <typename Request, typename Response>
absl::StatusOr<Response> Rpc(ContractTestEnv& env,
                             grpc::Status (v1::ContractService::Stub::*method)(grpc::ClientContext*,
                                                                               const Request&,
                                                                               Response*),
                             const Principal& as, const Request& request) {
  Response response;
  const grpc::Status status = (env.stub().*method)(env.As(as).get(), request, &response);
  if (!status.ok()) return status::FromGrpc(status);
  return response;
}

TEST(ReceivablesRpcTest, ASignedContractIsPaidAgedAndAnnouncedThroughTheApi) {
  absl::StatusOr<std::unique_ptr<ContractTestEnv>> started =
      ContractTestEnv::Start("contract_receivables_rpc");
  ASSERT_TRUE(started.ok()) << started.status();
  ContractTestEnv& env = **started;
  Calls calls(env);
  const std::string customer = env.NewCustomer(EastSales(), "华信能源华东有限公司");

  // 600,000.00 CNY from 2025-11-01 to 2026-06-30: 180,000.00 due on the
  // first day, 420,000.00 on the last. Legal alone approves it.
  const v1::Contract submitted = calls.Submitted(
      EastSales(), Values(v1::STANDALONE, customer, 600000, Day(2025, 11, 1), Day(2026, 6, 30)));
  const v1::Contract approved = calls.ApprovedBy(submitted, {EastLegal()});
  ASSERT_EQ(approved.state(), v1::APPROVED) << approved.DebugString();
  absl::StatusOr<v1::Contract> signed_contract = calls.Sign(EastSales(), approved);
  ASSERT_TRUE(signed_contract.ok()) << signed_contract.status();
  ASSERT_EQ(signed_contract->state(), v1::ACTIVE);  // its start date has passed
  const std::string name = signed_contract->name();

  v1::RecordReceiptRequest record;
  record.set_parent(name);
  *record.mutable_receipt()->mutable_receive_date() = Day(2025, 12, 20);
  *record.mutable_receipt()->mutable_amount() = Yuan(100000);
  record.mutable_receipt()->set_bank_reference("ICBC-20251220-77");
  record.set_request_id("receipt-rpc-1");
  absl::StatusOr<v1::Receipt> receipt =
      Rpc(env, &v1::ContractService::Stub::RecordReceipt, EastFinance(), record);
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  ASSERT_EQ(receipt->allocations_size(), 1);
  EXPECT_EQ(receipt->allocations(0).milestone_sequence(), 1);
  // A retry answers the same; another subsidiary cannot record against it.
  absl::StatusOr<v1::Receipt> retry =
      Rpc(env, &v1::ContractService::Stub::RecordReceipt, EastFinance(), record);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->name(), receipt->name());
  record.set_request_id("");
  record.mutable_receipt()->set_bank_reference("W-1");
  absl::StatusOr<v1::Receipt> west =
      Rpc(env, &v1::ContractService::Stub::RecordReceipt, WestSales(), record);
  EXPECT_EQ(west.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(west.status()), "CONTRACT_NOT_IN_SCOPE");

  // As of 2026-01-01: 80,000.00 of the first milestone 61 days overdue.
  v1::GetReceivablesRequest of_contract;
  of_contract.set_contract(name);
  absl::StatusOr<v1::Receivables> receivables =
      Rpc(env, &v1::ContractService::Stub::GetReceivables, EastSales(), of_contract);
  ASSERT_TRUE(receivables.ok()) << receivables.status();
  EXPECT_EQ(receivables->receivable().minor_units(), 500000 * 100);
  EXPECT_EQ(receivables->overdue().minor_units(), 80000 * 100);
  EXPECT_EQ(receivables->max_days_overdue(), 61);
  ASSERT_EQ(receivables->milestones_size(), 2);
  EXPECT_EQ(receivables->milestones(0).paid().minor_units(), 100000 * 100);
  EXPECT_EQ(receivables->milestones(0).days_overdue(), 61);

  v1::GetAgingReportRequest aging;
  aging.set_org_unit("orgUnits/sub-east");
  absl::StatusOr<v1::AgingReport> report =
      Rpc(env, &v1::ContractService::Stub::GetAgingReport, EastFinance(), aging);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->buckets_size(), 4);
  EXPECT_EQ(report->buckets(2).label(), "61-90");
  EXPECT_EQ(report->buckets(2).amount().minor_units(), 80000 * 100);
  EXPECT_EQ(report->not_due().minor_units(), 420000 * 100);
  aging.set_org_unit("orgUnits/sub-west");
  EXPECT_EQ(
      Rpc(env, &v1::ContractService::Stub::GetAgingReport, EastFinance(), aging).status().code(),
      absl::StatusCode::kPermissionDenied);

  // The jobs announce the overdue milestone once.
  ASSERT_TRUE(env.RunJobs().ok());
  env.clock().Advance(absl::Hours(2));
  ASSERT_TRUE(env.RunJobs().ok());
  EXPECT_EQ(calls.Events(name, "MILESTONE_OVERDUE"), 1);
  EXPECT_EQ(calls.Events(receipt->name(), "RECEIPT_RECORDED"), 1);

  v1::ListReceiptsRequest list;
  list.set_parent(name);
  absl::StatusOr<v1::ListReceiptsResponse> receipts =
      Rpc(env, &v1::ContractService::Stub::ListReceipts, EastSales(), list);
  ASSERT_TRUE(receipts.ok()) << receipts.status();
  ASSERT_EQ(receipts->receipts_size(), 1);
  EXPECT_EQ(receipts->receipts(0).bank_reference(), "ICBC-20251220-77");

  v1::ListExpiringContractsRequest expiring;
  expiring.set_days(366);
  absl::StatusOr<v1::ListExpiringContractsResponse> ending =
      Rpc(env, &v1::ContractService::Stub::ListExpiringContracts, EastSales(), expiring);
  ASSERT_TRUE(ending.ok()) << ending.status();
  ASSERT_EQ(ending->contracts_size(), 1);
  EXPECT_EQ(ending->contracts(0).contract().name(), name);
  EXPECT_EQ(ending->contracts(0).days_left(), 180);
  EXPECT_EQ(ending->contracts(0).contract().received().minor_units(), 100000 * 100);
  EXPECT_FALSE(ending->contracts(0).renewal_in_progress());
}

}  // namespace
}  // namespace crm::contract::testing
