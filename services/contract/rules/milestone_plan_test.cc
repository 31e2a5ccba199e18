#include "services/contract/rules/milestone_plan.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::contract {
namespace {

common::v1::Money Money(std::string currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(std::move(currency));
  money.set_minor_units(minor_units);
  return money;
}

Milestones Plan(std::initializer_list<common::v1::Money> amounts) {
  Milestones milestones;
  for (const common::v1::Money& amount : amounts) {
    *milestones.Add()->mutable_amount() = amount;
  }
  return milestones;
}

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(MilestonesAddUpTest, ExactlyTheAmountPasses) {
  EXPECT_TRUE(MilestonesAddUp(Money("CNY", 100000000),
                              Plan({Money("CNY", 30000000), Money("CNY", 70000000)}))
                  .ok());
}

TEST(MilestonesAddUpTest, ShortNamesBothTotals) {
  const absl::Status status = MilestonesAddUp(
      Money("CNY", 100000000), Plan({Money("CNY", 40000000), Money("CNY", 50000000)}));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "MILESTONES_DO_NOT_ADD_UP");
  EXPECT_EQ(status.message(),
            "payment_milestones: add up to 900,000.00 CNY, the amount is 1,000,000.00 CNY "
            "(100,000.00 CNY short); change the milestones or the amount so they match");
}

TEST(MilestonesAddUpTest, OverIsRefusedToo) {
  const absl::Status status =
      MilestonesAddUp(Money("CNY", 100), Plan({Money("CNY", 60), Money("CNY", 41)}));
  EXPECT_EQ(Reason(status), "MILESTONES_DO_NOT_ADD_UP");
  EXPECT_NE(status.message().find("(0.01 CNY over)"), std::string::npos) << status.message();
}

TEST(MilestonesAddUpTest, NoneIsRefused) {
  const absl::Status status = MilestonesAddUp(Money("CNY", 100), Milestones());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(status), "MILESTONES_MISSING");
}

TEST(MilestonesAddUpTest, AnotherCurrencyIsNamed) {
  const absl::Status status =
      MilestonesAddUp(Money("CNY", 100), Plan({Money("CNY", 50), Money("USD", 50)}));
  EXPECT_EQ(Reason(status), "MILESTONE_CURRENCY_MISMATCH");
  EXPECT_EQ(status.message(),
            "payment_milestones[1].amount: 0.50 USD is not in the contract's currency CNY");
}

TEST(MilestonesAddUpTest, AnOverflowingSumIsAnError) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const absl::Status status =
      MilestonesAddUp(Money("CNY", big), Plan({Money("CNY", big), Money("CNY", 1)}));
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace crm::contract
