#include "services/scoring/rules/tier_rules.h"

#include "gtest/gtest.h"

namespace crm::scoring {
namespace {

TEST(TierRulesTest, HqCoordinatesTierA) {
  EXPECT_EQ(CoordinatedBy(v1::TIER_A, "orgUnits/sub-east"), "orgUnits/hq");
  EXPECT_EQ(CoordinatedBy(v1::TIER_B, "orgUnits/sub-east"), "orgUnits/sub-east");
  EXPECT_EQ(CoordinatedBy(v1::TIER_C, "orgUnits/sub-west"), "orgUnits/sub-west");
}

TEST(TierRulesTest, Texts) {
  EXPECT_EQ(TierText(v1::TIER_A), "A");
  EXPECT_EQ(TierText(v1::TIER_B), "B");
  EXPECT_EQ(TierText(v1::TIER_C), "C");
  EXPECT_EQ(TierText(v1::TIER_UNSPECIFIED), "unspecified");
  EXPECT_EQ(RiskText(v1::RISK_LOW), "low");
  EXPECT_EQ(RiskText(v1::RISK_MEDIUM), "medium");
  EXPECT_EQ(RiskText(v1::RISK_HIGH), "high");
  EXPECT_EQ(RiskText(v1::RISK_LEVEL_UNSPECIFIED), "unspecified");
}

}  // namespace
}  // namespace crm::scoring
