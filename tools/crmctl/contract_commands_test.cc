// Runs whole crmctl contract command lines against an in-process fake of
// the ContractService: what reaches the server (the etag read first when
// none is given, every page with --all) and what the person sees.

#include <string>
#include <vector>

#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "tools/crmctl/app.h"
#include "tools/crmctl/crmctl_test_fixture.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::Contract Stored(v1::ContractState state) {
  v1::Contract contract;
  contract.set_name("contracts/k1");
  contract.set_contract_number("HT-2026-000042");
  contract.set_kind(v1::EXECUTION);
  contract.set_state(state);
  contract.set_title("储能电站EMS系统合同");
  contract.set_customer("customers/c4");
  contract.set_customer_display_name("深圳华信储能技术有限公司");
  contract.mutable_amount()->set_currency_code("CNY");
  contract.mutable_amount()->set_minor_units(240000000);
  contract.set_etag("\"v4\"");
  return contract;
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

class FakeContractService final : public v1::ContractService::Service {
 public:
  grpc::Status GetContract(grpc::ServerContext*, const v1::GetContractRequest* request,
                           v1::Contract* response) override {
    calls_.Add("GetContract " + request->name());
    *response = Stored(v1::PENDING_APPROVAL);
    return grpc::Status::OK;
  }

  grpc::Status ApproveContract(grpc::ServerContext*, const v1::ApproveContractRequest* request,
                               v1::Contract* response) override {
    calls_.Add("ApproveContract " + request->name() + " etag=" + request->etag() +
               " comment=" + request->comment());
    if (request->etag() != "\"v4\"") {
      return status::ToGrpc(status::Error(absl::StatusCode::kAborted, "contract.crm",
                                          "ETAG_MISMATCH", "the contract has changed", {}));
    }
    *response = Stored(v1::APPROVED);
    return grpc::Status::OK;
  }

  // Two pages of one contract each.
  grpc::Status ListApprovalInbox(grpc::ServerContext*, const v1::ListApprovalInboxRequest* request,
                                 v1::ListApprovalInboxResponse* response) override {
    calls_.Add("ListApprovalInbox token=" + request->page_token());
    v1::Contract* contract = response->add_contracts();
    *contract = Stored(v1::PENDING_APPROVAL);
    contract->set_submitter("users/lin.na");
    v1::ApprovalStep* legal = contract->add_approval_steps();
    legal->set_sequence(1);
    legal->set_role("legal");
    legal->set_outcome(v1::ApprovalStep::APPROVED);
    v1::ApprovalStep* finance = contract->add_approval_steps();
    finance->set_sequence(2);
    finance->set_role("finance");
    if (request->page_token().empty()) response->set_next_page_token("p2");
    return grpc::Status::OK;
  }

  grpc::Status GetAgingReport(grpc::ServerContext*, const v1::GetAgingReportRequest* request,
                              v1::AgingReport* response) override {
    calls_.Add("GetAgingReport group=" + request->group() + " org_unit=" + request->org_unit());
    const char* labels[] = {"0-30", "31-60", "61-90", "90+"};
    const int bounds[][2] = {{0, 30}, {31, 60}, {61, 90}, {91, 0}};
    for (int i = 0; i < 4; ++i) {
      v1::AgingBucket* bucket = response->add_buckets();
      bucket->set_label(labels[i]);
      bucket->set_min_days(bounds[i][0]);
      bucket->set_max_days(bounds[i][1]);
      *bucket->mutable_amount() = Cny(i == 1 ? 50000000 : 0);
      bucket->set_milestone_count(i == 1 ? 1 : 0);
    }
    *response->mutable_total_overdue() = Cny(50000000);
    *response->mutable_not_due() = Cny(52500000);
    return grpc::Status::OK;
  }

  grpc::Status RecordReceipt(grpc::ServerContext*, const v1::RecordReceiptRequest* request,
                             v1::Receipt* response) override {
    calls_.Add("RecordReceipt " + request->parent() + " " + request->receipt().bank_reference() +
               " request_id=" + request->request_id());
    *response = request->receipt();
    response->set_name(request->parent() + "/receipts/r1");
    v1::ReceiptAllocation* allocation = response->add_allocations();
    allocation->set_milestone_sequence(1);
    *allocation->mutable_amount() = request->receipt().amount();
    return grpc::Status::OK;
  }

  std::vector<std::string> calls() const { return calls_.all(); }

 private:
  Recorder<std::string> calls_;
};

using ContractCommandsTest = CrmctlCommandTest<FakeContractService>;

TEST_F(ContractCommandsTest, AnApprovalWithoutAnEtagReadsTheCurrentOneFirst) {
  ASSERT_EQ(Run({"contract", "approve", "k1", "--comment", "预算已确认"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("GetContract contracts/k1",
                          "ApproveContract contracts/k1 etag=\"v4\" comment=预算已确认"));
  EXPECT_THAT(out_.str(), HasSubstr("approved 已审批"));
  EXPECT_THAT(out_.str(), HasSubstr("2,400,000.00 CNY (240.00万)"));
}

TEST_F(ContractCommandsTest, AGivenEtagIsSentAsItIs) {
  EXPECT_EQ(Run({"contract", "approve", "k1", "--comment", "ok", "--etag", "\"v3\""}), kExitFailed);
  EXPECT_THAT(service_.calls(), ElementsAre("ApproveContract contracts/k1 etag=\"v3\" comment=ok"));
  EXPECT_THAT(err_.str(), HasSubstr("ETAG_MISMATCH"));
}

TEST_F(ContractCommandsTest, AUsageErrorCallsNothing) {
  EXPECT_EQ(Run({"contract", "reject", "k1"}), kExitUsage);
  EXPECT_THAT(service_.calls(), IsEmpty());
  EXPECT_THAT(err_.str(), HasSubstr("--comment is required"));
}

TEST_F(ContractCommandsTest, TheInboxShowsTheStepWaiting) {
  ASSERT_EQ(Run({"contract", "inbox", "--all"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("ListApprovalInbox token=", "ListApprovalInbox token=p2"));
  EXPECT_THAT(out_.str(), HasSubstr("2/2 finance"));
  EXPECT_THAT(out_.str(), HasSubstr("lin.na"));
  EXPECT_THAT(out_.str(), HasSubstr("240.00万"));
}

TEST_F(ContractCommandsTest, AgingOfAGroupPrintsBucketTotals) {
  ASSERT_EQ(Run({"receivables", "aging", "--group", "nodes/17"}), kExitOk) << err_.str();
  EXPECT_THAT(service_.calls(), ElementsAre("GetAgingReport group=nodes/17 org_unit="));
  EXPECT_THAT(out_.str(), HasSubstr("31-60          500,000.00 CNY  50.00万  1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("total overdue  500,000.00 CNY  50.00万  1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("not yet due    525,000.00 CNY  52.50万\n"));
}

TEST_F(ContractCommandsTest, AReceiptIsRecordedWithTheRequestId) {
  ASSERT_EQ(Run({"--request-id", "seed-r1", "receipt", "record", "k1", "--date", "2026-11-20",
                 "--amount", "525000", "--bank-reference", "ICBC-001"}),
            kExitOk)
      << err_.str();
  EXPECT_THAT(service_.calls(),
              ElementsAre("RecordReceipt contracts/k1 ICBC-001 request_id=seed-r1"));
  EXPECT_THAT(out_.str(), HasSubstr("contracts/k1/receipts/r1"));
  EXPECT_THAT(out_.str(), HasSubstr("milestone 1: 525,000.00 CNY"));
}

}  // namespace
}  // namespace crm::crmctl
