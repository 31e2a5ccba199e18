#include "services/contract/rules/framework_rules.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::contract {
namespace {

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money;
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

FrameworkFacts Framework(int64_t used) {
  FrameworkFacts f;
  f.name = "contracts/f";
  f.ceiling = Cny(1000000000);  // 10,000,000.00 CNY
  f.start_date = Day(2026, 1, 1);
  f.end_date = Day(2026, 12, 31);
  f.used_minor = used;
  return f;
}

ExecutionFacts Execution(int64_t amount) {
  ExecutionFacts e;
  e.name = "contracts/e";
  e.amount = Cny(amount);
  e.start_date = Day(2026, 3, 1);
  e.end_date = Day(2026, 12, 31);
  e.customer_in_group = true;
  return e;
}

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(CheckCeilingTest, WhatRemainsAfterTheExecution) {
  const absl::StatusOr<int64_t> remaining = CheckCeiling(Framework(900000000), Cny(50000000));
  ASSERT_TRUE(remaining.ok()) << remaining.status();
  EXPECT_EQ(*remaining, 50000000);
  const absl::StatusOr<int64_t> exact = CheckCeiling(Framework(900000000), Cny(100000000));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(*exact, 0);
}

TEST(CheckCeilingTest, OverTheCeilingNamesWhatRemains) {
  const absl::StatusOr<int64_t> refused =
      CheckCeiling(Framework(950000000), Cny(60000000), "contracts/e");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(refused.status()), "FRAMEWORK_CEILING_EXCEEDED");
  EXPECT_EQ(refused.status().message(),
            "contracts/f's ceiling is 10,000,000.00 CNY; its live executions use 9,500,000.00 "
            "CNY, so 500,000.00 CNY remains, and contracts/e asks for 600,000.00 CNY");
  const auto info = status::GetErrorInfo(refused.status());
  EXPECT_EQ(info->metadata().at("remainingMinorUnits"), "50000000");
  EXPECT_EQ(info->metadata().at("remaining"), "500,000.00 CNY");
}

TEST(CheckExecutionTest, AllChecksPass) {
  const absl::StatusOr<int64_t> remaining =
      CheckExecutionAgainstFramework(Framework(0), Execution(100000000));
  ASSERT_TRUE(remaining.ok()) << remaining.status();
  EXPECT_EQ(*remaining, 900000000);
}

TEST(CheckExecutionTest, ValidityIsInclusive) {
  ExecutionFacts e = Execution(1);
  e.start_date = Day(2026, 1, 1);
  e.end_date = Day(2026, 12, 31);
  EXPECT_TRUE(CheckExecutionAgainstFramework(Framework(0), e).ok());
  e.end_date = Day(2027, 1, 1);
  const absl::StatusOr<int64_t> late = CheckExecutionAgainstFramework(Framework(0), e);
  EXPECT_EQ(Reason(late.status()), "EXECUTION_OUTSIDE_FRAMEWORK_VALIDITY");
  EXPECT_EQ(late.status().message(),
            "contracts/e runs 2026-01-01 … 2027-01-01, outside the validity of contracts/f "
            "(2026-01-01 … 2026-12-31); an execution must start and end within its framework");
  e.start_date = Day(2025, 12, 31);
  e.end_date = Day(2026, 6, 1);
  EXPECT_EQ(Reason(CheckExecutionAgainstFramework(Framework(0), e).status()),
            "EXECUTION_OUTSIDE_FRAMEWORK_VALIDITY");
}

TEST(CheckExecutionTest, RefusalsInOrder) {
  FrameworkFacts standalone = Framework(0);
  standalone.kind = v1::STANDALONE;
  EXPECT_EQ(Reason(CheckExecutionAgainstFramework(standalone, Execution(1)).status()),
            "FRAMEWORK_NOT_A_FRAMEWORK");

  for (const v1::ContractState state :
       {v1::DRAFT, v1::PENDING_APPROVAL, v1::APPROVED, v1::REJECTED, v1::EXPIRED, v1::TERMINATED}) {
    FrameworkFacts f = Framework(0);
    f.state = state;
    EXPECT_EQ(Reason(CheckExecutionAgainstFramework(f, Execution(1)).status()),
              "FRAMEWORK_NOT_IN_FORCE")
        << state;
  }
  FrameworkFacts active = Framework(0);
  active.state = v1::ACTIVE;
  EXPECT_TRUE(CheckExecutionAgainstFramework(active, Execution(1)).ok());

  ExecutionFacts outsider = Execution(1);
  outsider.customer_in_group = false;
  EXPECT_EQ(Reason(CheckExecutionAgainstFramework(Framework(0), outsider).status()),
            "FRAMEWORK_CUSTOMER_MISMATCH");

  ExecutionFacts dollars = Execution(1);
  dollars.amount.set_currency_code("USD");
  EXPECT_EQ(Reason(CheckExecutionAgainstFramework(Framework(0), dollars).status()),
            "FRAMEWORK_CURRENCY_MISMATCH");

  EXPECT_EQ(Reason(CheckExecutionAgainstFramework(Framework(999999999), Execution(2)).status()),
            "FRAMEWORK_CEILING_EXCEEDED");
}

}  // namespace
}  // namespace crm::contract
