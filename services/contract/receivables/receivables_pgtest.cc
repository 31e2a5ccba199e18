// Receipts, receivables and aging against real PostgreSQL with a FakeClock:
// receipts allocated earliest first, partial and explicit; the same bank
// reference twice is the same receipt, with other values ALREADY_EXISTS;
// overpayment refused naming both amounts; request_id replay; pages; scope
// (another subsidiary's real contract ids); and the receivables and aging
// of a contract, customer, customer group and org unit over a fixture
// worked out by hand, as the days pass.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/names/resource_names.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/receivables/contract_rows_for_test.h"
#include "services/contract/receivables/receivable_handlers.h"

namespace crm::contract {
namespace {

using testing::ContractDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kYuan = 100;  // fen

auth::v1::Principal Hq() { return auth::DevelopmentPrincipal("hq", "hq", {"hq_admin"}); }
auth::v1::Principal EastFinance() {
  return auth::DevelopmentPrincipal("zhao.liu", "sub-east", {"finance"});
}
auth::v1::Principal WestFinance() {
  return auth::DevelopmentPrincipal("qian.qi", "sub-west", {"finance"});
}
// A user of sub-north whose scope is its subtree (sub-north-bj below it).
auth::v1::Principal NorthSales() {
  auth::v1::Principal principal = auth::DevelopmentPrincipal("sun.ba", "sub-north", {"sales"});
  principal.add_scope_org_units("orgUnits/sub-north-bj");
  return principal;
}
auth::v1::Principal BeijingSales() {
  return auth::DevelopmentPrincipal("zhou.jiu", "sub-north-bj", {"sales"});
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// Runs a handler method as `principal` the way the facade does.
template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Call(ReceivableHandlers& handlers, const auth::v1::Principal& principal,
                              std::string_view rpc, const Request& request, Method method) {
  Response response;
  absl::Status status =
      request::Handle(principal, rpc, "test", request,
                      [&](const request::Actor& actor, status::FieldViolations& violations) {
                        return (handlers.*method)(actor, request, response, violations);
                      });
  if (!status.ok()) return status;
  return response;
}

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

class ReceiptTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = ContractDatabase::Open("contract_receipts", ReceivableHandlers::Statements());
    if (db_ == nullptr) return;
    handlers_ = std::make_unique<ReceivableHandlers>(db_->context());
    east_customer_ = db_->Customer("orgUnits/sub-east", "华信能源华东");
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    db_.reset();
  }
  void SetUp() override { ASSERT_NE(handlers_, nullptr) << "the database did not open"; }

  // 1,000,000.00 CNY signed by sub-east: 300,000 due 2025-10-01, 300,000
  // due 2025-12-01, 400,000 due 2026-06-30.
  static std::string EastContract(int state = 5) {
    return db_->Contract({.state = state,
                          .customer_id = east_customer_,
                          .milestones = {{"2025-10-01", 300000 * kYuan},
                                         {"2025-12-01", 300000 * kYuan},
                                         {"2026-06-30", 400000 * kYuan}}});
  }

  static v1::RecordReceiptRequest Receipt(const std::string& contract, int64_t yuan,
                                          const std::string& reference,
                                          const std::string& request_id = "") {
    v1::RecordReceiptRequest request;
    request.set_parent(ContractName(contract));
    *request.mutable_receipt()->mutable_receive_date() = Day(2025, 12, 30);
    request.mutable_receipt()->mutable_amount()->set_currency_code("CNY");
    request.mutable_receipt()->mutable_amount()->set_minor_units(yuan * kYuan);
    request.mutable_receipt()->set_bank_reference(reference);
    request.set_request_id(request_id);
    return request;
  }
  static absl::StatusOr<v1::Receipt> Record(const auth::v1::Principal& principal,
                                            const v1::RecordReceiptRequest& request) {
    return Call<v1::RecordReceiptRequest, v1::Receipt>(*handlers_, principal, "RecordReceipt",
                                                       request, &ReceivableHandlers::RecordReceipt);
  }
  static absl::StatusOr<v1::ListReceiptsResponse> List(const auth::v1::Principal& principal,
                                                       const v1::ListReceiptsRequest& request) {
    return Call<v1::ListReceiptsRequest, v1::ListReceiptsResponse>(
        *handlers_, principal, "ListReceipts", request, &ReceivableHandlers::ListReceipts);
  }
  // "sequence:paid" of each milestone, in fen.
  static std::vector<std::string> Paid(const std::string& contract) {
    return db_->Column(crm::StrCat(
        "SELECT sequence || ':' || paid_minor FROM contract.payment_milestones WHERE contract_id"
        " = '",
        contract, "' ORDER BY sequence"));
  }
  static std::vector<std::string> Parts(const v1::Receipt& receipt) {
    std::vector<std::string> parts;
    for (const v1::ReceiptAllocation& part : receipt.allocations()) {
      parts.push_back(crm::StrCat(part.milestone_sequence(), ":", part.amount().minor_units()));
    }
    return parts;
  }

  static inline std::unique_ptr<ContractDatabase> db_;
  static inline std::unique_ptr<ReceivableHandlers> handlers_;
  static inline std::string east_customer_;
};

TEST_F(ReceiptTest, AReceiptPaysTheEarliestOpenMilestonesFirstPartiallyAndIsAnnounced) {
  const std::string contract = EastContract();
  absl::StatusOr<v1::Receipt> first = Record(EastFinance(), Receipt(contract, 400000, "ICBC-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Parts(*first), ElementsAre("1:30000000", "2:10000000"));
  EXPECT_THAT(first->name(), HasSubstr(ContractName(contract) + "/receipts/"));
  EXPECT_EQ(first->recorder(), "users/zhao.liu");
  EXPECT_EQ(first->amount().minor_units(), 400000 * kYuan);
  EXPECT_THAT(Paid(contract), ElementsAre("1:30000000", "2:10000000", "3:0"));

  // The rest of the second milestone, then into the third.
  absl::StatusOr<v1::Receipt> second = Record(EastFinance(), Receipt(contract, 250000, "ICBC-2"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Parts(*second), ElementsAre("2:20000000", "3:5000000"));
  EXPECT_THAT(Paid(contract), ElementsAre("1:30000000", "2:30000000", "3:5000000"));

  EXPECT_THAT(db_->Events("RECEIPT_RECORDED", ContractName(contract) + "/"),
              ElementsAre(first->name(), second->name()));
  // The payload: the receipt's amount, the contract's customer and unit.
  const std::string announced = db_->Value(
      crm::StrCat("SELECT count(*) FROM contract.events WHERE resource = '", first->name(), "'"));
  EXPECT_EQ(announced, "1");
}

TEST_F(ReceiptTest, ExplicitAllocationsAreFollowedAndChecked) {
  const std::string contract = EastContract();
  v1::RecordReceiptRequest request = Receipt(contract, 150000, "CCB-7");
  v1::ReceiptAllocation* part = request.mutable_receipt()->add_allocations();
  part->set_milestone_sequence(3);
  part->mutable_amount()->set_currency_code("CNY");
  part->mutable_amount()->set_minor_units(150000 * kYuan);
  absl::StatusOr<v1::Receipt> receipt = Record(EastFinance(), request);
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  EXPECT_THAT(Parts(*receipt), ElementsAre("3:15000000"));
  EXPECT_THAT(Paid(contract), ElementsAre("1:0", "2:0", "3:15000000"));

  // More than milestone 3 still owes (250,000.00).
  v1::RecordReceiptRequest over = Receipt(contract, 260000, "CCB-8");
  v1::ReceiptAllocation* big = over.mutable_receipt()->add_allocations();
  big->set_milestone_sequence(3);
  big->mutable_amount()->set_currency_code("CNY");
  big->mutable_amount()->set_minor_units(260000 * kYuan);
  absl::StatusOr<v1::Receipt> refused = Record(EastFinance(), over);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "receipt.allocations: 260,000.00 CNY for milestone 3 is more than the 250,000.00 CNY "
            "it still owes");

  // A milestone the contract does not have; parts that do not add up.
  big->set_milestone_sequence(9);
  EXPECT_EQ(Record(EastFinance(), over).status().code(), absl::StatusCode::kInvalidArgument);
  big->set_milestone_sequence(1);
  big->mutable_amount()->set_minor_units(100);
  absl::StatusOr<v1::Receipt> short_parts = Record(EastFinance(), over);
  EXPECT_EQ(short_parts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status::GetFieldViolations(short_parts.status())[0].description(),
              "receipt.allocations: add up to 1.00 CNY, the amount is 260,000.00 CNY");
  EXPECT_THAT(Paid(contract), ElementsAre("1:0", "2:0", "3:15000000"));
}

TEST_F(ReceiptTest, TheSameBankReferenceIsTheSameReceiptAndOtherValuesAreRefused) {
  const std::string contract = EastContract();
  absl::StatusOr<v1::Receipt> first = Record(EastFinance(), Receipt(contract, 1000, "BOC-42"));
  ASSERT_TRUE(first.ok()) << first.status();
  // Sent again (another request, another recorder): the first receipt, no
  // second write, no second event.
  absl::StatusOr<v1::Receipt> again = Record(Hq(), Receipt(contract, 1000, "BOC-42"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->name(), first->name());
  EXPECT_EQ(again->recorder(), "users/zhao.liu");
  EXPECT_THAT(Parts(*again), ElementsAre("1:100000"));
  EXPECT_EQ(db_->Value("SELECT count(*) FROM contract.receipts WHERE bank_reference = 'BOC-42'"),
            "1");
  EXPECT_THAT(Paid(contract), ElementsAre("1:100000", "2:0", "3:0"));
  EXPECT_EQ(db_->Value(crm::StrCat("SELECT count(*) FROM contract.events WHERE resource = '",
                                   first->name(), "'")),
            "1");

  // Another amount, another date, another contract: ALREADY_EXISTS.
  absl::StatusOr<v1::Receipt> other_amount =
      Record(EastFinance(), Receipt(contract, 1001, "BOC-42"));
  EXPECT_EQ(other_amount.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Reason(other_amount.status()), "BANK_REFERENCE_USED");
  v1::RecordReceiptRequest other_day = Receipt(contract, 1000, "BOC-42");
  *other_day.mutable_receipt()->mutable_receive_date() = Day(2025, 12, 29);
  EXPECT_EQ(Record(EastFinance(), other_day).status().code(), absl::StatusCode::kAlreadyExists);
  const std::string other = EastContract();
  EXPECT_EQ(Record(EastFinance(), Receipt(other, 1000, "BOC-42")).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Paid(other), ElementsAre("1:0", "2:0", "3:0"));
}

TEST_F(ReceiptTest, MoreThanIsStillOwedIsRefusedNamingBothAmounts) {
  const std::string contract = EastContract();
  ASSERT_TRUE(Record(EastFinance(), Receipt(contract, 800000, "ABC-1")).ok());
  absl::StatusOr<v1::Receipt> over = Record(EastFinance(), Receipt(contract, 300000, "ABC-2"));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(over.status()), "RECEIPT_EXCEEDS_OUTSTANDING");
  EXPECT_EQ(over.status().message(),
            "receipt.amount: 300,000.00 CNY is more than the 200,000.00 CNY still owed");
  // Exactly what is owed pays it off.
  ASSERT_TRUE(Record(EastFinance(), Receipt(contract, 200000, "ABC-3")).ok());
  EXPECT_THAT(Paid(contract), ElementsAre("1:30000000", "2:30000000", "3:40000000"));
  EXPECT_EQ(Record(EastFinance(), Receipt(contract, 1, "ABC-4")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReceiptTest, OnlySignedActiveOrExpiredContractsInTheRightCurrencyTakeReceipts) {
  for (int state : {1, 2, 3, 4, 8}) {
    const std::string contract = EastContract(state);
    absl::StatusOr<v1::Receipt> refused = Record(EastFinance(), Receipt(contract, 1, "X"));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << state;
    EXPECT_EQ(Reason(refused.status()), "CONTRACT_NOT_RECEIVABLE") << state;
  }
  for (int state : {6, 7}) {
    const std::string contract = EastContract(state);
    EXPECT_TRUE(Record(EastFinance(), Receipt(contract, 1, crm::StrCat("S-", state))).ok());
  }
  v1::RecordReceiptRequest usd = Receipt(EastContract(), 10, "USD-1");
  usd.mutable_receipt()->mutable_amount()->set_currency_code("USD");
  absl::StatusOr<v1::Receipt> wrong = Record(EastFinance(), usd);
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status::GetFieldViolations(wrong.status())[0].description(),
            "receipt.amount.currency_code: USD is not the contract's currency CNY");
}

TEST_F(ReceiptTest, AnotherSubsidiarysContractIsOutOfScopeAndAnUnknownOneNotFoundForHq) {
  const std::string contract = EastContract();
  absl::StatusOr<v1::Receipt> west = Record(WestFinance(), Receipt(contract, 1, "W-1"));
  EXPECT_EQ(west.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(west.status()), "CONTRACT_NOT_IN_SCOPE");
  v1::ListReceiptsRequest list;
  list.set_parent(ContractName(contract));
  EXPECT_EQ(List(WestFinance(), list).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(Paid(contract), ElementsAre("1:0", "2:0", "3:0"));

  const std::string unknown = crypto::NewUuid();
  EXPECT_EQ(Record(Hq(), Receipt(unknown, 1, "W-2")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Record(WestFinance(), Receipt(unknown, 1, "W-3")).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(ReceiptTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const std::string contract = EastContract();
  const v1::RecordReceiptRequest request = Receipt(contract, 5000, "RID-1", "rid-receipt-1");
  absl::StatusOr<v1::Receipt> first = Record(EastFinance(), request);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::Receipt> retry = Record(EastFinance(), request);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->name(), first->name());
  EXPECT_THAT(Paid(contract), ElementsAre("1:500000", "2:0", "3:0"));
  // The id with another body is refused.
  absl::StatusOr<v1::Receipt> reused =
      Record(EastFinance(), Receipt(contract, 6000, "RID-2", "rid-receipt-1"));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReceiptTest, InvalidRequestsListEveryProblem) {
  v1::RecordReceiptRequest request;
  request.set_parent("contracts/nope");
  request.mutable_receipt()->mutable_amount()->set_currency_code("CNY");
  request.mutable_receipt()->mutable_amount()->set_minor_units(-5);
  *request.mutable_receipt()->mutable_receive_date() = Day(2026, 1, 2);  // tomorrow
  absl::StatusOr<v1::Receipt> bad = Record(EastFinance(), request);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(bad.status())) fields.push_back(v.field());
  EXPECT_THAT(fields, ElementsAre("parent", "receipt.receive_date", "receipt.amount.minor_units",
                                  "receipt.bank_reference"));
}

TEST_F(ReceiptTest, ReceiptsAreListedOldestFirstInPages) {
  const std::string contract = EastContract();
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    db_->clock().Advance(absl::Seconds(1));
    absl::StatusOr<v1::Receipt> receipt =
        Record(EastFinance(), Receipt(contract, 100 + i, crm::StrCat("PAGE-", i)));
    ASSERT_TRUE(receipt.ok()) << receipt.status();
    names.push_back(receipt->name());
  }
  v1::ListReceiptsRequest request;
  request.set_parent(ContractName(contract));
  request.set_page_size(2);
  absl::StatusOr<v1::ListReceiptsResponse> first = List(Hq(), request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->receipts_size(), 2);
  EXPECT_EQ(first->receipts(0).name(), names[0]);
  EXPECT_EQ(first->receipts(1).name(), names[1]);
  EXPECT_EQ(first->receipts(0).allocations_size(), 1);
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListReceiptsResponse> second = List(Hq(), request);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->receipts_size(), 1);
  EXPECT_EQ(second->receipts(0).name(), names[2]);
  EXPECT_TRUE(second->next_page_token().empty());
  // The token continues only this contract's list.
  request.set_parent(ContractName(EastContract()));
  EXPECT_EQ(List(Hq(), request).status().code(), absl::StatusCode::kInvalidArgument);
}

// The receivables fixture, as of 2026-01-01 (Shanghai), in yuan:
//
//   K1  customer N1, signed sub-north, SIGNED, CNY
//       100 due 2026-01-01 (not due), 200 due 2025-12-31 (1 day),
//       300 due 2025-12-02 (30 days), 50 due 2025-06-01 paid
//   K2  customer N2, signed sub-north-bj (below sub-north), ACTIVE, CNY
//       400 due 2025-12-01 (31), 500 due 2025-11-02 (60), 600 due 2025-11-01 (61)
//   K3  customer N3 (owned by sub-north), signed sub-west, EXPIRED, CNY
//       700 due 2025-10-03 (90), 800 due 2025-10-02 (91),
//       900 due 2026-03-01 with 100 paid (800 open, not due)
//   K4  customer N1, signed sub-north, SIGNED, USD: 1,000 due 2025-12-01
//   K5  customer N1, signed sub-north, DRAFT: 5,000 due 2025-12-01 (not receivable)
//
// Group: node 10 (N1) ⊃ node 11 (a department) ⊃ node 12 (N2); N3 in no group.
class ReceivablesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = ContractDatabase::Open("contract_receivables", ReceivableHandlers::Statements());
    if (db_ == nullptr) return;
    handlers_ = std::make_unique<ReceivableHandlers>(db_->context());
    const std::string n1 = db_->Customer("orgUnits/sub-north", "北方一");
    const std::string n2 = db_->Customer("orgUnits/sub-north-bj", "北方二");
    n3_ = db_->Customer("orgUnits/sub-north", "北方三");
    const std::vector<std::string> north = {"orgUnits/hq", "orgUnits/sub-north"};
    const std::vector<std::string> beijing = {"orgUnits/hq", "orgUnits/sub-north",
                                              "orgUnits/sub-north-bj"};
    k1_ = db_->Contract({.state = 5,
                         .customer_id = n1,
                         .signing_org_unit = "orgUnits/sub-north",
                         .path = north,
                         .milestones = {{"2026-01-01", 100 * kYuan},
                                        {"2025-12-31", 200 * kYuan},
                                        {"2025-12-02", 300 * kYuan},
                                        {"2025-06-01", 50 * kYuan, 50 * kYuan}}});
    db_->Contract({.state = 6,
                   .customer_id = n2,
                   .signing_org_unit = "orgUnits/sub-north-bj",
                   .path = beijing,
                   .milestones = {{"2025-12-01", 400 * kYuan},
                                  {"2025-11-02", 500 * kYuan},
                                  {"2025-11-01", 600 * kYuan}}});
    db_->Contract({.state = 7,
                   .customer_id = n3_,
                   .signing_org_unit = "orgUnits/sub-west",
                   .milestones = {{"2025-10-03", 700 * kYuan},
                                  {"2025-10-02", 800 * kYuan},
                                  {"2026-03-01", 900 * kYuan, 100 * kYuan}}});
    db_->Contract({.state = 5,
                   .customer_id = n1,
                   .signing_org_unit = "orgUnits/sub-north",
                   .path = north,
                   .currency = "USD",
                   .milestones = {{"2025-12-01", 1000 * kYuan}}});
    db_->Contract({.state = 1,
                   .customer_id = n1,
                   .signing_org_unit = "orgUnits/sub-north",
                   .path = north,
                   .milestones = {{"2025-12-01", 5000 * kYuan}}});
    db_->GroupNode(10, "10", n1);
    db_->GroupNode(11, "10.11", "");
    db_->GroupNode(12, "10.11.12", n2);
    n1_ = n1;
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    db_.reset();
  }
  void SetUp() override {
    ASSERT_NE(handlers_, nullptr) << "the database did not open";
    db_->clock().Set(clock::FakeClock::DefaultStart());
  }

  static absl::StatusOr<v1::Receivables> Receivables(const auth::v1::Principal& principal,
                                                     const v1::GetReceivablesRequest& request) {
    return Call<v1::GetReceivablesRequest, v1::Receivables>(
        *handlers_, principal, "GetReceivables", request, &ReceivableHandlers::GetReceivables);
  }
  static absl::StatusOr<v1::AgingReport> Aging(const auth::v1::Principal& principal,
                                               const v1::GetAgingReportRequest& request) {
    return Call<v1::GetAgingReportRequest, v1::AgingReport>(
        *handlers_, principal, "GetAgingReport", request, &ReceivableHandlers::GetAgingReport);
  }
  static v1::GetAgingReportRequest OrgUnit(const std::string& unit) {
    v1::GetAgingReportRequest request;
    request.set_org_unit(unit);
    return request;
  }
  static v1::GetAgingReportRequest Group(int node) {
    v1::GetAgingReportRequest request;
    request.set_group(crm::StrCat("nodes/", node));
    return request;
  }
  // "label amount(yuan)/count" per bucket, then "not_due", "total".
  static std::vector<std::string> Shape(const v1::AgingReport& report) {
    std::vector<std::string> shape;
    for (const v1::AgingBucket& bucket : report.buckets()) {
      shape.push_back(crm::StrCat(bucket.label(), " ", bucket.amount().minor_units() / kYuan, "/",
                                  bucket.milestone_count()));
    }
    shape.push_back(crm::StrCat("not due ", report.not_due().minor_units() / kYuan));
    shape.push_back(crm::StrCat("overdue ", report.total_overdue().minor_units() / kYuan));
    return shape;
  }

  static inline std::unique_ptr<ContractDatabase> db_;
  static inline std::unique_ptr<ReceivableHandlers> handlers_;
  static inline std::string k1_, n1_, n3_;
};

TEST_F(ReceivablesTest, AnOrgUnitsAgingCoversItsSubtreeAndTheCustomersItOwns) {
  absl::StatusOr<v1::AgingReport> report = Aging(Hq(), OrgUnit("orgUnits/sub-north"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Shape(*report), ElementsAre("0-30 500/2", "31-60 900/2", "61-90 1300/2", "90+ 800/1",
                                          "not due 900", "overdue 3500"));
  EXPECT_EQ(report->other_currency_count(), 1);
  EXPECT_EQ(report->as_of().year(), 2026);
  EXPECT_EQ(report->as_of().month(), 1);
  EXPECT_EQ(report->as_of().day(), 1);
  EXPECT_EQ(report->buckets(0).min_days(), 1);
  EXPECT_EQ(report->buckets(0).max_days(), 30);
  EXPECT_EQ(report->buckets(3).min_days(), 91);
  EXPECT_EQ(report->buckets(3).max_days(), 0);
  EXPECT_EQ(report->total_overdue().currency_code(), "CNY");

  // The subsidiary itself sees the same (its scope is its subtree).
  absl::StatusOr<v1::AgingReport> own = Aging(NorthSales(), OrgUnit("orgUnits/sub-north"));
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_THAT(Shape(*own), ElementsAre("0-30 500/2", "31-60 900/2", "61-90 1300/2", "90+ 800/1",
                                       "not due 900", "overdue 3500"));

  absl::StatusOr<v1::AgingReport> beijing = Aging(Hq(), OrgUnit("orgUnits/sub-north-bj"));
  ASSERT_TRUE(beijing.ok()) << beijing.status();
  EXPECT_THAT(Shape(*beijing), ElementsAre("0-30 0/0", "31-60 900/2", "61-90 600/1", "90+ 0/0",
                                           "not due 0", "overdue 1500"));

  // In USD: only K4, and the CNY ones counted as other currencies.
  v1::GetAgingReportRequest usd = OrgUnit("orgUnits/sub-north");
  usd.set_currency_code("USD");
  absl::StatusOr<v1::AgingReport> dollars = Aging(Hq(), usd);
  ASSERT_TRUE(dollars.ok()) << dollars.status();
  EXPECT_THAT(Shape(*dollars), ElementsAre("0-30 0/0", "31-60 1000/1", "61-90 0/0", "90+ 0/0",
                                           "not due 0", "overdue 1000"));
  EXPECT_EQ(dollars->other_currency_count(), 9);
}

TEST_F(ReceivablesTest, BucketsMoveAsTheDaysPassInShanghai) {
  // 2026-01-01T15:59Z is still 2026-01-01 in Shanghai; a minute later it is
  // the 2nd there.
  db_->clock().Set(absl::FromUnixSeconds(1767225600) + absl::Minutes(15 * 60 + 59));
  absl::StatusOr<v1::AgingReport> same = Aging(Hq(), OrgUnit("orgUnits/sub-north"));
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->as_of().day(), 1);
  EXPECT_EQ(same->total_overdue().minor_units(), 3500 * kYuan);
  db_->clock().Advance(absl::Minutes(1));
  absl::StatusOr<v1::AgingReport> next = Aging(Hq(), OrgUnit("orgUnits/sub-north"));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->as_of().day(), 2);
  EXPECT_THAT(Shape(*next), ElementsAre("0-30 300/2", "31-60 700/2", "61-90 1100/2", "90+ 1500/2",
                                        "not due 800", "overdue 3600"));
}

TEST_F(ReceivablesTest, ACustomerGroupIsItsSubtreeAndOnlyWhatTheCallerMaySee) {
  absl::StatusOr<v1::AgingReport> group = Aging(Hq(), Group(10));
  ASSERT_TRUE(group.ok()) << group.status();
  // K1 and K2 (K4 in USD).
  EXPECT_THAT(Shape(*group), ElementsAre("0-30 500/2", "31-60 900/2", "61-90 600/1", "90+ 0/0",
                                         "not due 100", "overdue 2000"));
  EXPECT_EQ(group->other_currency_count(), 1);
  absl::StatusOr<v1::AgingReport> department = Aging(Hq(), Group(11));
  ASSERT_TRUE(department.ok()) << department.status();
  EXPECT_EQ(department->total_overdue().minor_units(), 1500 * kYuan);

  // Beijing sees K2 of the group (it signed it); the west nothing of it.
  absl::StatusOr<v1::AgingReport> beijing = Aging(BeijingSales(), Group(10));
  ASSERT_TRUE(beijing.ok()) << beijing.status();
  EXPECT_EQ(beijing->total_overdue().minor_units(), 1500 * kYuan);
  EXPECT_EQ(beijing->other_currency_count(), 0);
  absl::StatusOr<v1::AgingReport> west = Aging(WestFinance(), Group(10));
  ASSERT_TRUE(west.ok()) << west.status();
  EXPECT_EQ(west->total_overdue().minor_units(), 0);
  EXPECT_EQ(west->not_due().minor_units(), 0);

  EXPECT_EQ(Aging(Hq(), Group(999)).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReceivablesTest, ReceivablesOfACustomerAndOfAContractWithItsMilestones) {
  v1::GetReceivablesRequest customer;
  customer.set_customer(names::CustomerName(n1_));
  absl::StatusOr<v1::Receivables> of_customer = Receivables(Hq(), customer);
  ASSERT_TRUE(of_customer.ok()) << of_customer.status();
  EXPECT_EQ(of_customer->receivable().minor_units(), 600 * kYuan);
  EXPECT_EQ(of_customer->overdue().minor_units(), 500 * kYuan);
  EXPECT_EQ(of_customer->open_milestone_count(), 3);
  EXPECT_EQ(of_customer->overdue_milestone_count(), 2);
  EXPECT_EQ(of_customer->max_days_overdue(), 30);
  EXPECT_EQ(of_customer->other_currency_count(), 1);
  EXPECT_TRUE(of_customer->milestones().empty());

  v1::GetReceivablesRequest contract;
  contract.set_contract(ContractName(k1_));
  absl::StatusOr<v1::Receivables> of_contract = Receivables(NorthSales(), contract);
  ASSERT_TRUE(of_contract.ok()) << of_contract.status();
  EXPECT_EQ(of_contract->receivable().minor_units(), 600 * kYuan);
  EXPECT_EQ(of_contract->overdue().minor_units(), 500 * kYuan);
  EXPECT_EQ(of_contract->other_currency_count(), 0);
  ASSERT_EQ(of_contract->milestones_size(), 4);
  std::vector<std::string> days;
  for (const v1::PaymentMilestone& m : of_contract->milestones()) {
    days.push_back(crm::StrCat(m.sequence(), ":", m.outstanding().minor_units() / kYuan, ":",
                               m.days_overdue()));
  }
  EXPECT_THAT(days, ElementsAre("1:100:0", "2:200:1", "3:300:30", "4:0:0"));

  // The org unit's receivables add up with its aging.
  v1::GetReceivablesRequest unit;
  unit.set_org_unit("orgUnits/sub-north");
  absl::StatusOr<v1::Receivables> of_unit = Receivables(Hq(), unit);
  ASSERT_TRUE(of_unit.ok()) << of_unit.status();
  EXPECT_EQ(of_unit->receivable().minor_units(), 4400 * kYuan);
  EXPECT_EQ(of_unit->overdue().minor_units(), 3500 * kYuan);
  EXPECT_EQ(of_unit->open_milestone_count(), 9);
  EXPECT_EQ(of_unit->overdue_milestone_count(), 7);
  EXPECT_EQ(of_unit->max_days_overdue(), 91);

  v1::GetReceivablesRequest group;
  group.set_group("nodes/10");
  absl::StatusOr<v1::Receivables> of_group = Receivables(Hq(), group);
  ASSERT_TRUE(of_group.ok()) << of_group.status();
  EXPECT_EQ(of_group->receivable().minor_units(), 2100 * kYuan);
}

TEST_F(ReceivablesTest, ScopeIsAlwaysApplied) {
  // The west signed K3 for a customer of sub-north: it sees that contract's
  // part of the customer, nothing of the north's org unit.
  v1::GetReceivablesRequest customer;
  customer.set_customer(names::CustomerName(n3_));
  absl::StatusOr<v1::Receivables> west = Receivables(WestFinance(), customer);
  ASSERT_TRUE(west.ok()) << west.status();
  EXPECT_EQ(west->receivable().minor_units(), 2300 * kYuan);
  v1::GetReceivablesRequest n1;
  n1.set_customer(names::CustomerName(n1_));
  absl::StatusOr<v1::Receivables> hidden = Receivables(WestFinance(), n1);
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  EXPECT_EQ(hidden->receivable().minor_units(), 0);
  EXPECT_EQ(hidden->other_currency_count(), 0);

  absl::StatusOr<v1::AgingReport> refused = Aging(WestFinance(), OrgUnit("orgUnits/sub-north"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(refused.status()), "ORG_UNIT_OUT_OF_SCOPE");
  // Beijing may not widen to its parent.
  EXPECT_EQ(Aging(BeijingSales(), OrgUnit("orgUnits/sub-north")).status().code(),
            absl::StatusCode::kPermissionDenied);

  v1::GetReceivablesRequest contract;
  contract.set_contract(ContractName(k1_));
  absl::StatusOr<v1::Receivables> other = Receivables(WestFinance(), contract);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(other.status()), "CONTRACT_NOT_IN_SCOPE");
}

TEST_F(ReceivablesTest, ExactlyOneSelectorAndAValidCurrency) {
  v1::GetReceivablesRequest none;
  absl::StatusOr<v1::Receivables> empty = Receivables(Hq(), none);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  v1::GetReceivablesRequest two;
  two.set_customer(names::CustomerName(n1_));
  two.set_org_unit("orgUnits/sub-north");
  two.set_currency_code("yuan");
  absl::StatusOr<v1::Receivables> both = Receivables(Hq(), two);
  EXPECT_EQ(both.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(both.status())) fields.push_back(v.field());
  EXPECT_THAT(fields, ElementsAre("contract", "currency_code"));

  v1::GetAgingReportRequest bad_group;
  bad_group.set_group("groups/x");
  EXPECT_EQ(Aging(Hq(), bad_group).status().code(), absl::StatusCode::kInvalidArgument);
}

// The plans behind the aggregates, on the statements the store prepares
// (sequential scans priced out: on a few rows the planner would rightly
// prefer one): the partial covering indexes of the open milestones.
TEST_F(ReceivablesTest, TheAggregatesReadTheOpenMilestoneIndexes) {
  using Target = ReceivablesQuery::Target;
  const auto plan = [&](Target target, const std::string& value, bool all) {
    std::string text;
    EXPECT_TRUE(pg::RunInTransaction(db_->pool(), [&](pqxx::work& tx) {
                  tx.exec0("SET LOCAL enable_seqscan = off");
                  for (const pqxx::row& row :
                       tx.exec_params("EXPLAIN " + ReceivablesStore::SqlFor(target), value, all,
                                      "{\"orgUnits/sub-north\"}", "2026-01-01", "CNY")) {
                    text += row[0].as<std::string>() + "\n";
                  }
                  return absl::OkStatus();
                }).ok());
    return text;
  };
  EXPECT_THAT(plan(Target::kCustomer, n1_, true), HasSubstr("payment_milestones_open_customer"));
  // An org unit's: one of the open-milestone indexes (which one depends on
  // the sizes; on this fixture's few rows, the whole partial index).
  EXPECT_THAT(plan(Target::kOrgUnit, "orgUnits/sub-north", true),
              HasSubstr("on payment_milestones_open_"));
  EXPECT_THAT(plan(Target::kOrgUnit, "orgUnits/sub-north", false),
              HasSubstr("on payment_milestones_open_"));
  EXPECT_THAT(plan(Target::kGroup, "10", true), HasSubstr("replica_group_nodes_path"));
}

}  // namespace
}  // namespace crm::contract
