#include "tools/crmctl/contract_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/contract_values.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The message of the usage error `request` must be.
template <typename Request>
std::string UsageMessage(const absl::StatusOr<Request>& request) {
  EXPECT_FALSE(request.ok());
  if (request.ok()) return "";
  EXPECT_TRUE(IsUsageError(request.status())) << request.status();
  return std::string(request.status().message());
}

std::vector<std::string> Paths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

constexpr char kChecksum[] =
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(ContractRequestsTest, CreateTakesEveryFlag) {
  absl::StatusOr<v1::CreateContractRequest> request = BuildCreateContractRequest(
      Parse({"--request-id",
             "r-1",
             "contract",
             "create",
             "--kind",
             "execution",
             "--customer",
             "c1",
             "--title",
             "风电场运维管理系统实施合同",
             "--amount",
             "1750000.00",
             "--start",
             "2026-08-01",
             "--end",
             "2027-07-31",
             "--signing-org-unit",
             "sub-north",
             "--owner-user",
             "chen.gang",
             "--payment-terms",
             "30%签约，40%上线，30%验收",
             "--opportunity",
             "o9",
             "--framework",
             "contracts/f1",
             "--milestone",
             "2026-08-15:525000.00:签约款",
             "--milestone",
             "2026-10-31:700000",
             "--milestone",
             "2027-01-31:525000.00:验收款: 终验",
             "--attachment",
             std::string("合同扫描件.pdf:https://files.example.com/ht/1.pdf:") + kChecksum}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::Contract& contract = request->contract();
  EXPECT_EQ(contract.kind(), v1::EXECUTION);
  EXPECT_EQ(contract.customer(), "customers/c1");
  EXPECT_EQ(contract.title(), "风电场运维管理系统实施合同");
  EXPECT_EQ(contract.amount().currency_code(), "CNY");
  EXPECT_EQ(contract.amount().minor_units(), 175000000);
  EXPECT_EQ(contract.start_date().year(), 2026);
  EXPECT_EQ(contract.start_date().month(), 8);
  EXPECT_EQ(contract.end_date().day(), 31);
  EXPECT_EQ(contract.signing_org_unit(), "orgUnits/sub-north");
  EXPECT_EQ(contract.owner_user(), "users/chen.gang");
  EXPECT_EQ(contract.payment_terms(), "30%签约，40%上线，30%验收");
  EXPECT_EQ(contract.opportunity(), "opportunities/o9");
  EXPECT_EQ(contract.framework(), "contracts/f1");
  ASSERT_EQ(contract.payment_milestones_size(), 3);
  EXPECT_EQ(contract.payment_milestones(0).due_date().day(), 15);
  EXPECT_EQ(contract.payment_milestones(0).amount().minor_units(), 52500000);
  EXPECT_EQ(contract.payment_milestones(0).amount().currency_code(), "CNY");
  EXPECT_EQ(contract.payment_milestones(0).description(), "签约款");
  EXPECT_EQ(contract.payment_milestones(1).amount().minor_units(), 70000000);
  EXPECT_EQ(contract.payment_milestones(1).description(), "");
  // Colons after the amount belong to the description.
  EXPECT_EQ(contract.payment_milestones(2).description(), "验收款: 终验");
  ASSERT_EQ(contract.attachments_size(), 1);
  EXPECT_EQ(contract.attachments(0).display_name(), "合同扫描件.pdf");
  EXPECT_EQ(contract.attachments(0).uri(), "https://files.example.com/ht/1.pdf");
  EXPECT_EQ(contract.attachments(0).checksum(), kChecksum);
  EXPECT_EQ(request->request_id(), "r-1");
}

TEST(ContractRequestsTest, CreateRefusesMistakesBeforeAnyCall) {
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--customer", "c1", "--title", "t"}))),
            "--kind is required: framework|execution|standalone");
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "frame", "--customer", "c1"}))),
            "--kind: unknown value \"frame\"; use one of framework|execution|standalone");
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "framework", "--title", "t"}))),
            "--customer is required");
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "standalone", "--customer", "c1", "--title",
                       "t", "--framework", "contracts/f1"}))),
            "--framework is for --kind execution only");
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "standalone", "--customer", "c1", "--title",
                       "t", "--amount", "12.345"}))),
            "--amount: \"12.345\" has more than 2 decimals");
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "standalone", "--customer", "c1", "--title",
                       "t", "--start", "2026-02-30"}))),
            "--start: \"2026-02-30\" is not a day of the calendar");
  EXPECT_THAT(UsageMessage(BuildCreateContractRequest(
                  Parse({"contract", "create", "--kind", "standalone", "--customer", "c1",
                         "--title", "t", "--milestone", "2026-10-01"}))),
              HasSubstr("--milestone: \"2026-10-01\" is not DUE_DATE:AMOUNT[:DESCRIPTION]"));
  EXPECT_THAT(UsageMessage(BuildCreateContractRequest(
                  Parse({"contract", "create", "--kind", "standalone", "--customer", "c1",
                         "--title", "t", "--attachment", "a.pdf:https://x/a.pdf:md5:abc"}))),
              HasSubstr("--attachment: \"a.pdf:https://x/a.pdf:md5:abc\" is not "
                        "NAME:URI:sha256:HEX"));
  EXPECT_EQ(UsageMessage(BuildCreateContractRequest(
                Parse({"contract", "create", "--kind", "standalone", "--customer", "c1", "--title",
                       "t", "--currency", "USD"}))),
            "--currency goes with --amount or --milestone");
}

TEST(ContractRequestsTest, MilestonesTakeTheCurrencyGiven) {
  absl::StatusOr<v1::CreateContractRequest> request = BuildCreateContractRequest(
      Parse({"contract", "create", "--kind", "standalone", "--customer", "c1", "--title", "t",
             "--currency", "JPY", "--amount", "300000", "--milestone", "2026-10-01:300000"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->contract().amount().currency_code(), "JPY");
  EXPECT_EQ(request->contract().amount().minor_units(), 300000);
  EXPECT_EQ(request->contract().payment_milestones(0).amount().currency_code(), "JPY");
}

TEST(ContractRequestsTest, UpdateMasksTheFlagsGiven) {
  absl::StatusOr<v1::UpdateContractRequest> request = BuildUpdateContractRequest(
      Parse({"contract", "update", "k1", "--amount", "1800000", "--end", "2027-08-31",
             "--milestone", "2026-08-15:900000", "--milestone", "2027-01-31:900000", "--framework",
             "", "--etag", "\"v3\""}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->contract().name(), "contracts/k1");
  EXPECT_EQ(request->contract().etag(), "\"v3\"");
  EXPECT_THAT(Paths(request->update_mask()),
              ElementsAre("amount", "end_date", "framework", "payment_milestones"));
  EXPECT_EQ(request->contract().framework(), "");
  EXPECT_EQ(request->contract().payment_milestones_size(), 2);

  request = BuildUpdateContractRequest(
      Parse({"contract", "update", "contracts/k1", "--customer", "c2", "--attachment", ""}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(Paths(request->update_mask()), ElementsAre("customer", "attachments"));
  EXPECT_EQ(request->contract().customer(), "customers/c2");
  EXPECT_EQ(request->contract().attachments_size(), 0);
  EXPECT_EQ(request->contract().etag(), "");  // the command reads the current one

  EXPECT_THAT(UsageMessage(BuildUpdateContractRequest(Parse({"contract", "update", "k1"}))),
              HasSubstr("nothing to update"));
  EXPECT_EQ(
      UsageMessage(BuildUpdateContractRequest(Parse({"contract", "update", "k1", "--title", ""}))),
      "--title cannot be empty");
  EXPECT_EQ(UsageMessage(BuildUpdateContractRequest(Parse({"contract", "update", "k1/x"}))),
            "\"k1/x\" is not a contract id or a name contracts/{contract}");
}

TEST(ContractRequestsTest, ListNarrowsByKindStateAndFramework) {
  absl::StatusOr<v1::ListContractsRequest> request = BuildListContractsRequest(
      Parse({"contract", "list", "--customer", "c1", "--signing-org-unit", "sub-north", "--kind",
             "execution", "--state", "pending-approval", "--state", "ACTIVE", "--framework", "f1",
             "--page-size", "20"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->customer(), "customers/c1");
  EXPECT_EQ(request->signing_org_unit(), "orgUnits/sub-north");
  EXPECT_THAT(request->kinds(), ElementsAre(v1::EXECUTION));
  EXPECT_THAT(request->states(), ElementsAre(v1::PENDING_APPROVAL, v1::ACTIVE));
  EXPECT_EQ(request->framework(), "contracts/f1");
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_THAT(
      UsageMessage(BuildListContractsRequest(Parse({"contract", "list", "--state", "open"}))),
      HasSubstr("--state: unknown value \"open\"; use one of draft|pending-approval|"));
}

TEST(ContractRequestsTest, DecisionsCarryTheirComments) {
  absl::StatusOr<v1::SubmitContractRequest> submit = BuildSubmitContractRequest(
      Parse({"--request-id", "r-2", "contract", "submit", "k1", "--etag", "\"v1\""}));
  ASSERT_TRUE(submit.ok()) << submit.status();
  EXPECT_EQ(submit->name(), "contracts/k1");
  EXPECT_EQ(submit->etag(), "\"v1\"");
  EXPECT_EQ(submit->comment(), "");
  EXPECT_EQ(submit->request_id(), "r-2");

  absl::StatusOr<v1::ApproveContractRequest> approve =
      BuildApproveContractRequest(Parse({"contract", "approve", "k1", "--comment", "条款无异议"}));
  ASSERT_TRUE(approve.ok()) << approve.status();
  EXPECT_EQ(approve->comment(), "条款无异议");
  EXPECT_EQ(approve->etag(), "");
  EXPECT_EQ(UsageMessage(BuildApproveContractRequest(Parse({"contract", "approve", "k1"}))),
            "--comment is required: what you checked");
  EXPECT_EQ(UsageMessage(BuildRejectContractRequest(Parse({"contract", "reject", "k1"}))),
            "--comment is required: why it goes back");
  EXPECT_EQ(UsageMessage(BuildTerminateContractRequest(Parse({"contract", "terminate", "k1"}))),
            "--reason is required");

  absl::StatusOr<v1::SignContractRequest> sign =
      BuildSignContractRequest(Parse({"contract", "sign", "k1", "--signing-date", "2026-11-30"}));
  ASSERT_TRUE(sign.ok()) << sign.status();
  EXPECT_EQ(sign->signing_date().month(), 11);
  sign = BuildSignContractRequest(Parse({"contract", "sign", "k1"}));
  ASSERT_TRUE(sign.ok()) << sign.status();
  EXPECT_FALSE(sign->has_signing_date());
}

TEST(ContractRequestsTest, RenewNeedsTheNewEndDate) {
  absl::StatusOr<v1::RenewContractRequest> request =
      BuildRenewContractRequest(Parse({"contract", "renew", "k1", "--end", "2027-12-31", "--amount",
                                       "900000", "--title", "能源托管服务合同（2027）"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "contracts/k1");
  EXPECT_EQ(request->end_date().year(), 2027);
  EXPECT_EQ(request->amount().minor_units(), 90000000);
  EXPECT_EQ(request->title(), "能源托管服务合同（2027）");
  EXPECT_EQ(UsageMessage(BuildRenewContractRequest(Parse({"contract", "renew", "k1"}))),
            "--end is required");
}

TEST(ContractRequestsTest, ExpiringTakesDaysOneTo366) {
  absl::StatusOr<v1::ListExpiringContractsRequest> request =
      BuildListExpiringContractsRequest(Parse(
          {"contract", "expiring", "--days", "60", "--without-renewal", "--org-unit", "sub-east"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->days(), 60);
  EXPECT_TRUE(request->without_renewal_only());
  EXPECT_EQ(request->org_unit(), "orgUnits/sub-east");
  request = BuildListExpiringContractsRequest(Parse({"contract", "expiring"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->days(), 0);  // the service's default
  EXPECT_EQ(UsageMessage(BuildListExpiringContractsRequest(
                Parse({"contract", "expiring", "--days", "400"}))),
            "--days: \"400\" is not a number of days 1-366");
}

TEST(ContractRequestsTest, PolicySetReplacesEveryRule) {
  absl::StatusOr<v1::UpdateApprovalPolicyRequest> request = BuildUpdateApprovalPolicyRequest(
      Parse({"contract", "policy", "set", "--rule", "legal", "--rule", "finance:2000000", "--rule",
             "hq_admin:10000000", "--etag", "\"p1\""}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::ApprovalPolicy& policy = request->approval_policy();
  EXPECT_EQ(policy.etag(), "\"p1\"");
  ASSERT_EQ(policy.rules_size(), 3);
  EXPECT_EQ(policy.rules(0).role(), "legal");
  EXPECT_EQ(policy.rules(0).above().minor_units(), 0);
  EXPECT_EQ(policy.rules(1).role(), "finance");
  EXPECT_EQ(policy.rules(1).above().minor_units(), 200000000);
  EXPECT_EQ(policy.rules(2).above().currency_code(), "CNY");
  EXPECT_THAT(UsageMessage(BuildUpdateApprovalPolicyRequest(
                  Parse({"contract", "policy", "set", "--rule", "legal"}))),
              HasSubstr("--etag is required"));
  EXPECT_THAT(UsageMessage(BuildUpdateApprovalPolicyRequest(
                  Parse({"contract", "policy", "set", "--etag", "x"}))),
              HasSubstr("give the whole policy as --rule ROLE[:ABOVE]"));
}

TEST(ContractRequestsTest, ReceiptsTakeDateAmountReferenceAndAllocations) {
  absl::StatusOr<v1::RecordReceiptRequest> request = BuildRecordReceiptRequest(
      Parse({"--request-id", "r-3", "receipt", "record", "k1", "--date", "2026-11-20", "--amount",
             "300000", "--bank-reference", "ICBC-20261120-0001", "--allocate", "2:200000",
             "--allocate", "3:100000.00"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "contracts/k1");
  EXPECT_EQ(request->receipt().receive_date().day(), 20);
  EXPECT_EQ(request->receipt().amount().minor_units(), 30000000);
  EXPECT_EQ(request->receipt().bank_reference(), "ICBC-20261120-0001");
  ASSERT_EQ(request->receipt().allocations_size(), 2);
  EXPECT_EQ(request->receipt().allocations(0).milestone_sequence(), 2);
  EXPECT_EQ(request->receipt().allocations(1).amount().minor_units(), 10000000);
  EXPECT_EQ(request->request_id(), "r-3");

  EXPECT_EQ(UsageMessage(BuildRecordReceiptRequest(
                Parse({"receipt", "record", "k1", "--date", "2026-11-20", "--amount", "300000"}))),
            "--bank-reference is required");
  EXPECT_THAT(UsageMessage(BuildRecordReceiptRequest(
                  Parse({"receipt", "record", "k1", "--date", "2026-11-20", "--amount", "1",
                         "--bank-reference", "b", "--allocate", "0:1"}))),
              HasSubstr("--allocate: \"0:1\" is not MILESTONE_SEQUENCE:AMOUNT"));
}

TEST(ContractRequestsTest, ReportsCoverExactlyOneSubject) {
  absl::StatusOr<v1::GetAgingReportRequest> aging =
      BuildGetAgingReportRequest(Parse({"receivables", "aging", "--group", "nodes/17"}));
  ASSERT_TRUE(aging.ok()) << aging.status();
  EXPECT_EQ(aging->group(), "nodes/17");
  aging = BuildGetAgingReportRequest(
      Parse({"receivables", "aging", "--org-unit", "sub-north", "--currency", "USD"}));
  ASSERT_TRUE(aging.ok()) << aging.status();
  EXPECT_EQ(aging->org_unit(), "orgUnits/sub-north");
  EXPECT_EQ(aging->currency_code(), "USD");
  EXPECT_EQ(UsageMessage(BuildGetAgingReportRequest(Parse({"receivables", "aging"}))),
            "give what to report on: --org-unit, --group or --customer");
  EXPECT_EQ(UsageMessage(BuildGetAgingReportRequest(
                Parse({"receivables", "aging", "--group", "1", "--customer", "c1"}))),
            "give only one of --org-unit, --group and --customer");

  absl::StatusOr<v1::GetReceivablesRequest> receivables =
      BuildGetReceivablesRequest(Parse({"receivables", "get", "--contract", "k1"}));
  ASSERT_TRUE(receivables.ok()) << receivables.status();
  EXPECT_EQ(receivables->contract(), "contracts/k1");
  EXPECT_EQ(UsageMessage(BuildGetReceivablesRequest(
                Parse({"receivables", "get", "--contract", "customers/c1"}))),
            "--contract: \"customers/c1\" is not a contract id or a name contracts/{contract}");
}

}  // namespace
}  // namespace crm::crmctl
