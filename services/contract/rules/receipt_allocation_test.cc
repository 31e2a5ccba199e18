#include "services/contract/rules/receipt_allocation.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "libs/status/violations_for_test.h"

namespace crm::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kToday(2026, 6, 30);

v1::Receipt Receipt(int64_t amount, std::string currency = "CNY") {
  v1::Receipt receipt;
  receipt.mutable_receive_date()->set_year(2026);
  receipt.mutable_receive_date()->set_month(6);
  receipt.mutable_receive_date()->set_day(30);
  receipt.mutable_amount()->set_currency_code(std::move(currency));
  receipt.mutable_amount()->set_minor_units(amount);
  receipt.set_bank_reference("ICBC-20260630-0001");
  return receipt;
}

void AddPart(v1::Receipt& receipt, int32_t sequence, int64_t amount, std::string currency = "CNY") {
  v1::ReceiptAllocation& part = *receipt.add_allocations();
  part.set_milestone_sequence(sequence);
  part.mutable_amount()->set_currency_code(std::move(currency));
  part.mutable_amount()->set_minor_units(amount);
}

std::vector<std::string> Problems(const v1::Receipt& receipt) {
  status::FieldViolations violations;
  ValidateReceipt(receipt, kToday, violations);
  return status::testing::Descriptions(violations);
}

TEST(ValidateReceiptTest, AWellFormedReceiptPasses) {
  EXPECT_THAT(Problems(Receipt(100)), IsEmpty());
  v1::Receipt split = Receipt(30000000);
  AddPart(split, 2, 10000000);
  AddPart(split, 1, 20000000);
  EXPECT_THAT(Problems(split), IsEmpty());
}

TEST(ValidateReceiptTest, ListsEveryProblemAtOnce) {
  v1::Receipt receipt;
  receipt.mutable_receive_date()->set_year(2026);
  receipt.mutable_receive_date()->set_month(2);
  receipt.mutable_receive_date()->set_day(29);
  receipt.mutable_amount()->set_currency_code("cny");
  receipt.mutable_amount()->set_minor_units(0);
  status::FieldViolations violations;
  ValidateReceipt(receipt, kToday, violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("receipt.receive_date", "receipt.amount.currency_code",
                          "receipt.amount.minor_units", "receipt.bank_reference"));
  EXPECT_EQ(status::testing::Descriptions(violations)[2],
            "receipt.amount.minor_units: must be above zero, got 0");
}

TEST(ValidateReceiptTest, RefusesAFutureDateAndMissingFields) {
  v1::Receipt future = Receipt(100);
  future.mutable_receive_date()->set_month(7);
  future.mutable_receive_date()->set_day(1);
  EXPECT_THAT(
      Problems(future),
      ElementsAre("receipt.receive_date: 2026-07-01 is in the future; today is 2026-06-30"));
  v1::Receipt empty;
  empty.set_bank_reference(std::string(101, 'x'));
  EXPECT_THAT(Problems(empty),
              ElementsAre("receipt.receive_date: required", "receipt.amount: required",
                          "receipt.bank_reference: at most 100 characters, got 101"));
}

TEST(ValidateReceiptTest, AllocationsMustAddUpAndNameEachMilestoneOnce) {
  v1::Receipt short_parts = Receipt(30000000);
  AddPart(short_parts, 1, 10000000);
  AddPart(short_parts, 2, 10000000);
  EXPECT_THAT(Problems(short_parts),
              ElementsAre("receipt.allocations: add up to 200,000.00 CNY, the amount is "
                          "300,000.00 CNY"));

  v1::Receipt bad = Receipt(300);
  AddPart(bad, 0, 100);
  AddPart(bad, 2, 100, "USD");
  AddPart(bad, 2, -5);
  bad.add_allocations()->set_milestone_sequence(3);
  status::FieldViolations violations;
  ValidateReceipt(bad, kToday, violations);
  EXPECT_THAT(
      status::testing::Fields(violations),
      ElementsAre("receipt.allocations[0].milestone_sequence",
                  "receipt.allocations[1].amount.currency_code",
                  "receipt.allocations[2].milestone_sequence",
                  "receipt.allocations[2].amount.minor_units", "receipt.allocations[3].amount"));
  EXPECT_THAT(status::testing::Descriptions(violations)[2],
              "receipt.allocations[2].milestone_sequence: milestone 2 is named twice; give one "
              "part per milestone");
}

// Three milestones: 1 due in March (half paid), 2 due in June, 3 due in
// May (sequences need not follow due dates when a test says so).
std::vector<MilestoneBalance> Plan() {
  return {{.sequence = 1, .due_date = absl::CivilDay(2026, 3, 31), .outstanding_minor = 5000},
          {.sequence = 2, .due_date = absl::CivilDay(2026, 6, 30), .outstanding_minor = 20000},
          {.sequence = 3, .due_date = absl::CivilDay(2026, 5, 31), .outstanding_minor = 10000},
          {.sequence = 4, .due_date = absl::CivilDay(2026, 1, 31), .outstanding_minor = 0}};
}

TEST(AllocateTest, PaysTheEarliestDueOpenMilestonesFirst) {
  absl::StatusOr<std::vector<Allocation>> all = Allocate(Plan(), 35000, "CNY", {});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(*all, ElementsAre(Allocation{1, 5000}, Allocation{2, 20000}, Allocation{3, 10000}));

  absl::StatusOr<std::vector<Allocation>> partial = Allocate(Plan(), 12000, "CNY", {});
  ASSERT_TRUE(partial.ok()) << partial.status();
  // March's 5,000 then May's (sequence 3) 7,000; June untouched.
  EXPECT_THAT(*partial, ElementsAre(Allocation{1, 5000}, Allocation{3, 7000}));

  absl::StatusOr<std::vector<Allocation>> cent = Allocate(Plan(), 1, "CNY", {});
  ASSERT_TRUE(cent.ok());
  EXPECT_THAT(*cent, ElementsAre(Allocation{1, 1}));
}

TEST(AllocateTest, EqualDueDatesGoBySequence) {
  const std::vector<MilestoneBalance> same = {
      {.sequence = 2, .due_date = absl::CivilDay(2026, 1, 1), .outstanding_minor = 10},
      {.sequence = 1, .due_date = absl::CivilDay(2026, 1, 1), .outstanding_minor = 10}};
  EXPECT_THAT(*Allocate(same, 15, "CNY", {}), ElementsAre(Allocation{1, 10}, Allocation{2, 5}));
}

TEST(AllocateTest, RefusesMoreThanIsStillOwedNamingBothAmounts) {
  absl::StatusOr<std::vector<Allocation>> too_much = Allocate(Plan(), 35001, "CNY", {});
  EXPECT_EQ(too_much.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(too_much.status().message(),
            "receipt.amount: 350.01 CNY is more than the 350.00 CNY still owed");
  EXPECT_EQ(status::GetErrorInfo(too_much.status())->reason(), "RECEIPT_EXCEEDS_OUTSTANDING");
  EXPECT_EQ(status::GetErrorInfo(too_much.status())->domain(), "contract.crm");

  const std::vector<MilestoneBalance> paid = {
      {.sequence = 1, .due_date = absl::CivilDay(2026, 1, 1), .outstanding_minor = 0}};
  EXPECT_EQ(Allocate(paid, 1, "CNY", {}).status().message(),
            "receipt.amount: 0.01 CNY is more than the 0.00 CNY still owed");
}

TEST(AllocateTest, FollowsExplicitAllocations) {
  const std::vector<Allocation> requested = {{3, 10000}, {2, 5000}};
  absl::StatusOr<std::vector<Allocation>> explicit_parts =
      Allocate(Plan(), 15000, "CNY", requested);
  ASSERT_TRUE(explicit_parts.ok()) << explicit_parts.status();
  EXPECT_THAT(*explicit_parts, ElementsAre(Allocation{2, 5000}, Allocation{3, 10000}));
}

TEST(AllocateTest, RefusesAnExplicitPartBeyondItsMilestoneOrAnUnknownMilestone) {
  const std::vector<Allocation> over = {{1, 6000}};
  absl::StatusOr<std::vector<Allocation>> refused = Allocate(Plan(), 6000, "CNY", over);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "receipt.allocations: 60.00 CNY for milestone 1 is more than the 50.00 CNY it still "
            "owes");
  const std::vector<Allocation> paid = {{4, 1}};
  EXPECT_EQ(status::GetErrorInfo(Allocate(Plan(), 1, "CNY", paid).status())->reason(),
            "ALLOCATION_EXCEEDS_OUTSTANDING");

  const std::vector<Allocation> unknown = {{1, 100}, {9, 100}};
  absl::StatusOr<std::vector<Allocation>> missing = Allocate(Plan(), 200, "CNY", unknown);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = status::GetFieldViolations(missing.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field(), "receipt.allocations[1].milestone_sequence");
  EXPECT_EQ(violations[0].description(),
            "receipt.allocations[1].milestone_sequence: the contract has no milestone 9 (it has "
            "4 milestones)");
}

TEST(AllocateTest, AmountsThatDoNotFitAreAnErrorNotAWrap) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const std::vector<MilestoneBalance> huge = {
      {.sequence = 1, .due_date = absl::CivilDay(2026, 1, 1), .outstanding_minor = max},
      {.sequence = 2, .due_date = absl::CivilDay(2026, 1, 2), .outstanding_minor = max}};
  EXPECT_EQ(Allocate(huge, 1, "CNY", {}).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(RequestedAllocationsTest, CopiesTheParts) {
  v1::Receipt receipt = Receipt(300);
  AddPart(receipt, 2, 100);
  AddPart(receipt, 1, 200);
  EXPECT_THAT(RequestedAllocations(receipt), ElementsAre(Allocation{2, 100}, Allocation{1, 200}));
}

}  // namespace
}  // namespace crm::contract
