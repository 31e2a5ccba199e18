#include "services/contract/rules/contract_number.h"

#include "gtest/gtest.h"

namespace crm::contract {
namespace {

TEST(ContractNumberTest, PadsToSixDigits) {
  EXPECT_EQ(FormatContractNumber(2026, 123), "HT-2026-000123");
  EXPECT_EQ(FormatContractNumber(2026, 1), "HT-2026-000001");
}

TEST(ContractNumberTest, LongerSequencesKeepEveryDigit) {
  EXPECT_EQ(FormatContractNumber(2027, 1234567), "HT-2027-1234567");
}

}  // namespace
}  // namespace crm::contract
