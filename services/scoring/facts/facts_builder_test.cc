#include "services/scoring/facts/facts_builder.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/validation/calendar_date.h"

namespace crm::scoring {
namespace {

using contract::v1::Contract;
using contract::v1::PaymentMilestone;
using google::protobuf::util::TimeUtil;
using opportunity::v1::Activity;
using opportunity::v1::Opportunity;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// 2026-11-20 12:00 in Asia/Shanghai.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 20, 4, 0, 0), absl::UTCTimeZone());
const absl::CivilDay kToday(2026, 11, 20);

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

common::v1::Money Money(const char* currency, int64_t minor) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor);
  return money;
}

google::protobuf::Timestamp At(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

Opportunity Open(opportunity::v1::Stage stage, const char* currency, int64_t fen, int probability) {
  Opportunity opportunity;
  opportunity.set_stage(stage);
  *opportunity.mutable_amount() = Money(currency, fen);
  opportunity.set_probability(probability);
  return opportunity;
}

Activity ActivityAt(Activity::Type type, absl::Time when) {
  Activity activity;
  activity.set_type(type);
  *activity.mutable_occur_time() = At(when);
  return activity;
}

Contract ContractOf(contract::v1::ContractKind kind, contract::v1::ContractState state,
                    const char* currency, int64_t fen, absl::CivilDay signed_on,
                    absl::CivilDay end) {
  Contract contract;
  contract.set_kind(kind);
  contract.set_state(state);
  *contract.mutable_amount() = Money(currency, fen);
  *contract.mutable_signing_date() = validation::FromCivilDay(signed_on);
  *contract.mutable_start_date() = validation::FromCivilDay(signed_on);
  *contract.mutable_end_date() = validation::FromCivilDay(end);
  return contract;
}

PaymentMilestone Milestone(absl::CivilDay due, int64_t outstanding, int days_overdue,
                           const char* currency = "CNY") {
  PaymentMilestone milestone;
  *milestone.mutable_due_date() = validation::FromCivilDay(due);
  *milestone.mutable_amount() = Money(currency, outstanding);
  *milestone.mutable_outstanding() = Money(currency, outstanding);
  milestone.set_days_overdue(days_overdue);
  return milestone;
}

ContractFacts Entry(Contract contract) { return {.contract = std::move(contract), .receipts = {}}; }

const MonthFacts* MonthOf(const FactsSnapshot& facts, absl::CivilMonth month) {
  for (const MonthFacts& figures : facts.months) {
    if (figures.month == month) return &figures;
  }
  return nullptr;
}

TEST(BuildFacts, NothingGivesEmptyFacts) {
  absl::StatusOr<BuiltFacts> built = BuildFacts(PeerFacts(), kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_THAT(built->snapshot.months, IsEmpty());
  EXPECT_FALSE(built->snapshot.first_signed_date.has_value());
  EXPECT_FALSE(built->snapshot.last_activity_time.has_value());
  EXPECT_EQ(built->snapshot.pipeline_open_minor, 0);
  EXPECT_EQ(built->snapshot.receivable_minor, 0);
  EXPECT_EQ(built->snapshot.open_requests, 0);
  EXPECT_THAT(built->notes, IsEmpty());
}

TEST(BuildFacts, PipelineCountsOpenCnyOpportunitiesWeightedByProbability) {
  PeerFacts peers;
  peers.opportunities.push_back(Open(opportunity::v1::LEAD, "CNY", 10001, 10));      // 1000.1
  peers.opportunities.push_back(Open(opportunity::v1::NEGOTIATION, "CNY", 15, 10));  // 1.5
  peers.opportunities.push_back(Open(opportunity::v1::QUOTE, "CNY", 1000000, 60));
  peers.opportunities.push_back(Open(opportunity::v1::WON, "CNY", 5000000, 100));
  peers.opportunities.push_back(Open(opportunity::v1::LOST, "CNY", 7000000, 0));
  peers.opportunities.push_back(Open(opportunity::v1::SOLUTION, "USD", 900, 40));
  peers.opportunities.push_back(Open(opportunity::v1::SOLUTION, "USD", 800, 40));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->snapshot.pipeline_open_minor, 10001 + 15 + 1000000);
  EXPECT_EQ(built->snapshot.pipeline_weighted_minor, 1000 + 2 + 600000);
  EXPECT_THAT(built->notes, ElementsAre("2 open opportunities in USD not counted"));
}

TEST(BuildFacts, ActivitiesGiveLastActivityVisitComplaintsAndDeliveryProblems) {
  PeerFacts peers;
  // 2026-10-31 17:00 UTC is 2026-11-01 01:00 in Shanghai: a November complaint.
  const absl::Time november_first =
      absl::FromCivil(absl::CivilSecond(2026, 10, 31, 17, 0, 0), absl::UTCTimeZone());
  peers.activities.push_back(ActivityAt(Activity::COMPLAINT, november_first));
  peers.activities.push_back(ActivityAt(Activity::COMPLAINT, kNow - absl::Hours(1)));
  peers.activities.push_back(ActivityAt(Activity::VISIT, kNow - absl::Hours(24 * 40)));
  peers.activities.push_back(ActivityAt(Activity::CALL, kNow - absl::Hours(2)));
  // One delivery issue within 90 days, one 120 days ago.
  peers.activities.push_back(ActivityAt(Activity::DELIVERY_ISSUE, kNow - absl::Hours(24 * 10)));
  peers.activities.push_back(ActivityAt(Activity::DELIVERY_ISSUE, kNow - absl::Hours(24 * 120)));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  const FactsSnapshot& facts = built->snapshot;
  EXPECT_EQ(facts.last_activity_time, kNow - absl::Hours(1));
  EXPECT_EQ(facts.last_visit_time, kNow - absl::Hours(24 * 40));
  EXPECT_EQ(facts.delivery_problems, 1);
  const MonthFacts* november = MonthOf(facts, absl::CivilMonth(2026, 11));
  ASSERT_NE(november, nullptr);
  EXPECT_EQ(november->complaints, 2);
  EXPECT_EQ(november->delivery_problems, 1);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 10)), nullptr);
  const MonthFacts* july = MonthOf(facts, absl::CivilMonth(2026, 7));
  ASSERT_NE(july, nullptr);
  EXPECT_EQ(july->delivery_problems, 1);
  EXPECT_EQ(july->complaints, 0);
}

TEST(BuildFacts, ServiceVisitCountsAsAVisit) {
  PeerFacts peers;
  peers.activities.push_back(ActivityAt(Activity::SERVICE_VISIT, kNow - absl::Hours(3)));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->snapshot.last_visit_time, kNow - absl::Hours(3));
}

TEST(BuildFacts, PurchasesAreSignedNonFrameworkCnyContractsByMonth) {
  PeerFacts peers;
  peers.contracts.push_back(Entry(ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY",
                                             300000, Day(2026, 3, 5), Day(2027, 3, 4))));
  peers.contracts.push_back(Entry(ContractOf(contract::v1::EXECUTION, contract::v1::EXPIRED, "CNY",
                                             200000, Day(2026, 3, 28), Day(2026, 6, 30))));
  // A framework: its ceiling is no purchase, but its signing is the tenure.
  peers.contracts.push_back(Entry(ContractOf(contract::v1::FRAMEWORK, contract::v1::ACTIVE, "CNY",
                                             99900000, Day(2024, 1, 2), Day(2028, 1, 1))));
  peers.contracts.push_back(Entry(ContractOf(contract::v1::STANDALONE, contract::v1::SIGNED, "USD",
                                             5000, Day(2026, 9, 1), Day(2027, 9, 1))));
  Contract draft = ContractOf(contract::v1::STANDALONE, contract::v1::DRAFT, "CNY", 700000,
                              Day(2026, 4, 1), Day(2027, 4, 1));
  draft.clear_signing_date();
  peers.contracts.push_back(Entry(draft));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  const FactsSnapshot& facts = built->snapshot;
  EXPECT_EQ(facts.first_signed_date, absl::CivilDay(2024, 1, 2));
  ASSERT_EQ(facts.months.size(), 1u);
  EXPECT_EQ(facts.months[0].month, absl::CivilMonth(2026, 3));
  EXPECT_EQ(facts.months[0].purchases_minor, 500000);
  // Signed and active non-framework CNY contracts.
  EXPECT_EQ(facts.active_contract_minor, 300000);
  EXPECT_THAT(built->notes, ElementsAre("1 signed contract in USD not counted"));
}

TEST(BuildFacts, ReceiptsByMonthOfTheirReceiveDate) {
  PeerFacts peers;
  ContractFacts entry = Entry(ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY",
                                         300000, Day(2026, 3, 5), Day(2027, 3, 4)));
  contract::v1::Receipt receipt;
  *receipt.mutable_receive_date() = validation::FromCivilDay(Day(2026, 4, 30));
  *receipt.mutable_amount() = Money("CNY", 100000);
  entry.receipts.push_back(receipt);
  *receipt.mutable_receive_date() = validation::FromCivilDay(Day(2026, 5, 1));
  *receipt.mutable_amount() = Money("CNY", 50000);
  entry.receipts.push_back(receipt);
  *receipt.mutable_amount() = Money("EUR", 10);
  entry.receipts.push_back(receipt);
  peers.contracts.push_back(entry);
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  const FactsSnapshot& facts = built->snapshot;
  ASSERT_NE(MonthOf(facts, absl::CivilMonth(2026, 4)), nullptr);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 4))->receipts_minor, 100000);
  ASSERT_NE(MonthOf(facts, absl::CivilMonth(2026, 5)), nullptr);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 5))->receipts_minor, 50000);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 3))->purchases_minor, 300000);
  EXPECT_THAT(built->notes, ElementsAre("1 receipt in EUR not counted"));
  // Oldest first.
  EXPECT_EQ(facts.months.front().month, absl::CivilMonth(2026, 3));
  EXPECT_EQ(facts.months.back().month, absl::CivilMonth(2026, 5));
}

TEST(BuildFacts, ExpiringWithoutRenewalWithinSixtyDaysFromToday) {
  PeerFacts peers;
  const absl::CivilDay start(2025, 1, 1);
  // Ends in 60 days, no renewal: counted.
  peers.contracts.push_back(Entry(
      ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY", 1, start, kToday + 60)));
  // Ends today: counted.
  peers.contracts.push_back(
      Entry(ContractOf(contract::v1::STANDALONE, contract::v1::SIGNED, "CNY", 1, start, kToday)));
  // Ends in 61 days: not yet.
  peers.contracts.push_back(Entry(
      ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY", 1, start, kToday + 61)));
  // Renewed.
  Contract renewed =
      ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY", 1, start, kToday + 20);
  renewed.set_renewed_by("contracts/5e2f1a9c-7b3d-4f6e-8a1b-2c4d6e8f0a1c");
  peers.contracts.push_back(Entry(renewed));
  // Expired already, or terminated: no longer expiring.
  peers.contracts.push_back(Entry(
      ContractOf(contract::v1::STANDALONE, contract::v1::EXPIRED, "CNY", 1, start, kToday - 1)));
  peers.contracts.push_back(Entry(ContractOf(contract::v1::STANDALONE, contract::v1::TERMINATED,
                                             "CNY", 1, start, kToday + 10)));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->snapshot.expiring_without_renewal, 2);
}

TEST(BuildFacts, ReceivablesFromTheContractServiceWithOtherCurrenciesNamed) {
  PeerFacts peers;
  contract::v1::Receivables receivables;
  *receivables.mutable_receivable() = Money("CNY", 900000);
  *receivables.mutable_overdue() = Money("CNY", 400000);
  receivables.set_max_days_overdue(45);
  receivables.set_other_currency_count(2);
  peers.receivables = receivables;
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->snapshot.receivable_minor, 900000);
  EXPECT_EQ(built->snapshot.overdue_minor, 400000);
  EXPECT_EQ(built->snapshot.overdue_days, 45);
  EXPECT_THAT(
      built->notes,
      ElementsAre("2 payment milestones in another currency not counted in the receivable"));
}

TEST(BuildFacts, OverdueMilestonesAreDeliveryProblemsAndWithoutReceivablesTheReceivable) {
  PeerFacts peers;
  Contract contract = ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "CNY", 600000,
                                 Day(2026, 1, 10), Day(2027, 1, 9));
  // Due 2026-10-31: overdue from November, 20 days.
  *contract.add_payment_milestones() = Milestone(Day(2026, 10, 31), 200000, 20);
  // Due 2026-05-31, overdue since June: too long ago for the 90 days.
  *contract.add_payment_milestones() = Milestone(Day(2026, 5, 31), 100000, 173);
  // Not due yet.
  *contract.add_payment_milestones() = Milestone(Day(2026, 12, 31), 300000, 0);
  // Paid.
  *contract.add_payment_milestones() = Milestone(Day(2026, 2, 1), 0, 0);
  peers.contracts.push_back(Entry(contract));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  const FactsSnapshot& facts = built->snapshot;
  EXPECT_EQ(facts.delivery_problems, 1);
  ASSERT_NE(MonthOf(facts, absl::CivilMonth(2026, 11)), nullptr);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 11))->delivery_problems, 1);
  ASSERT_NE(MonthOf(facts, absl::CivilMonth(2026, 6)), nullptr);
  EXPECT_EQ(MonthOf(facts, absl::CivilMonth(2026, 6))->delivery_problems, 1);
  EXPECT_EQ(facts.receivable_minor, 600000);
  EXPECT_EQ(facts.overdue_minor, 300000);
  EXPECT_EQ(facts.overdue_days, 173);
}

TEST(BuildFacts, OpenRequestsAreThoseNotDoneOrCancelled) {
  PeerFacts peers;
  for (collaboration::v1::CollaborationStep step :
       {collaboration::v1::TO_SURVEY, collaboration::v1::DESIGNING,
        collaboration::v1::PENDING_APPROVAL, collaboration::v1::EXECUTING, collaboration::v1::DONE,
        collaboration::v1::CANCELLED}) {
    collaboration::v1::CollaborationRequest request;
    request.set_step(step);
    peers.requests.push_back(request);
  }
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->snapshot.open_requests, 4);
}

TEST(BuildFacts, SumsBeyondInt64AreOutOfRange) {
  PeerFacts peers;
  const int64_t max = std::numeric_limits<int64_t>::max();
  peers.opportunities.push_back(Open(opportunity::v1::LEAD, "CNY", max, 10));
  peers.opportunities.push_back(Open(opportunity::v1::LEAD, "CNY", max, 10));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  EXPECT_EQ(built.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(BuildFacts, NotesNameEachKindAndCurrency) {
  PeerFacts peers;
  peers.opportunities.push_back(Open(opportunity::v1::LEAD, "USD", 1, 10));
  peers.opportunities.push_back(Open(opportunity::v1::LEAD, "EUR", 1, 10));
  peers.contracts.push_back(Entry(ContractOf(contract::v1::STANDALONE, contract::v1::ACTIVE, "USD",
                                             1, Day(2026, 1, 1), Day(2027, 1, 1))));
  absl::StatusOr<BuiltFacts> built = BuildFacts(peers, kNow);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_THAT(built->notes, UnorderedElementsAre("1 open opportunity in EUR not counted",
                                                 "1 open opportunity in USD not counted",
                                                 "1 signed contract in USD not counted"));
}

}  // namespace
}  // namespace crm::scoring
