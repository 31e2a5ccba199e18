#include "services/scoring/rules/value_score.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "services/scoring/rules/scoring_policy.h"

namespace crm::scoring {
namespace {

using ::testing::HasSubstr;

// 2026-12-15 12:00 in Shanghai: the last 12 months are 2026-01..2026-12.
absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 12, 15, 12, 0, 0), clock::BusinessTimeZone());
}

constexpr int64_t kYuan = 100;  // fen

FactsSnapshot Buying(int64_t minor_units, absl::CivilMonth month = absl::CivilMonth(2026, 6)) {
  FactsSnapshot facts;
  facts.months.push_back({.month = month, .purchases_minor = minor_units});
  return facts;
}

const v1::ValueFactor& FactorOf(const v1::ValueAssessment& value, const std::string& name) {
  for (const v1::ValueFactor& factor : value.factors()) {
    if (factor.factor() == name) return factor;
  }
  ADD_FAILURE() << "no factor " << name;
  static const v1::ValueFactor none;
  return none;
}

TEST(ValueScoreTest, TiersByTheDomainsThresholds) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  const v1::ValueAssessment above = AssessValue(Buying(10'000'001 * kYuan), policy, Now());
  EXPECT_EQ(above.computed_tier(), v1::TIER_A);
  EXPECT_EQ(above.tier_reason(), "A: annual purchases 10,000,001.00 CNY above 10,000,000.00 CNY");

  const v1::ValueAssessment exactly = AssessValue(Buying(10'000'000 * kYuan), policy, Now());
  EXPECT_EQ(exactly.computed_tier(), v1::TIER_B);
  EXPECT_EQ(exactly.tier_reason(),
            "B: annual purchases 10,000,000.00 CNY, from 1,000,000.00 CNY up to "
            "10,000,000.00 CNY");

  const v1::ValueAssessment b_floor = AssessValue(Buying(1'000'000 * kYuan), policy, Now());
  EXPECT_EQ(b_floor.computed_tier(), v1::TIER_B);

  const v1::ValueAssessment below = AssessValue(Buying(99'999'999), policy, Now());
  EXPECT_EQ(below.computed_tier(), v1::TIER_C);
  EXPECT_EQ(below.tier_reason(), "C: annual purchases 999,999.99 CNY below 1,000,000.00 CNY");

  FactsSnapshot strategic;
  strategic.strategic = true;
  const v1::ValueAssessment a = AssessValue(strategic, policy, Now());
  EXPECT_EQ(a.computed_tier(), v1::TIER_A);
  EXPECT_EQ(a.tier_reason(), "A: marked strategic by HQ (annual purchases 0.00 CNY)");
}

TEST(ValueScoreTest, OnlyTheLastTwelveMonthsCount) {
  FactsSnapshot facts;
  facts.months.push_back({.month = absl::CivilMonth(2025, 12), .purchases_minor = 500});
  facts.months.push_back({.month = absl::CivilMonth(2026, 1), .purchases_minor = 700});
  facts.months.push_back({.month = absl::CivilMonth(2026, 12), .purchases_minor = 300});
  facts.months.push_back({.month = absl::CivilMonth(2027, 1), .purchases_minor = 900});
  EXPECT_EQ(AnnualPurchasesMinor(facts, Now()), 1000);
  const v1::ValueAssessment value = AssessValue(facts, DefaultScoringPolicy(), Now());
  EXPECT_EQ(value.annual_purchases().minor_units(), 1000);
  EXPECT_EQ(value.annual_purchases().currency_code(), "CNY");
  EXPECT_EQ(value.policy_version(), 1);
}

TEST(ValueScoreTest, AnnualPurchasesFactor) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  const v1::ValueFactor quarter =
      FactorOf(AssessValue(Buying(2'500'000 * kYuan), policy, Now()), "annual_purchases");
  EXPECT_EQ(quarter.value(), 250'000'000);
  EXPECT_EQ(quarter.unit(), "fen");
  EXPECT_EQ(quarter.weight_bp(), 4000);
  EXPECT_DOUBLE_EQ(quarter.points(), 10);  // 25% of 40
  EXPECT_EQ(quarter.explanation(),
            "annual purchases 2,500,000.00 CNY: 25% of the full marks at 10,000,000.00 CNY");

  const v1::ValueFactor full =
      FactorOf(AssessValue(Buying(12'400'000 * kYuan), policy, Now()), "annual_purchases");
  EXPECT_DOUBLE_EQ(full.points(), 40);
  EXPECT_EQ(full.explanation(),
            "annual purchases 12,400,000.00 CNY: full marks from 10,000,000.00 CNY");
}

TEST(ValueScoreTest, ProfitContributionFactor) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  FactsSnapshot facts;
  const v1::ValueFactor unknown =
      FactorOf(AssessValue(facts, policy, Now()), "profit_contribution");
  EXPECT_DOUBLE_EQ(unknown.points(), 0);
  EXPECT_THAT(unknown.explanation(), HasSubstr("profit margin not known"));

  facts.margin_bp = 1500;  // half of 30%
  const v1::ValueFactor half = FactorOf(AssessValue(facts, policy, Now()), "profit_contribution");
  EXPECT_DOUBLE_EQ(half.points(), 7.5);
  EXPECT_EQ(half.value(), 1500);
  EXPECT_EQ(half.explanation(), "profit margin 15.0%: 50% of the full marks at 30.0%");

  facts.margin_bp = 4000;
  EXPECT_DOUBLE_EQ(FactorOf(AssessValue(facts, policy, Now()), "profit_contribution").points(), 15);
  facts.margin_bp = -500;
  const v1::ValueFactor loss = FactorOf(AssessValue(facts, policy, Now()), "profit_contribution");
  EXPECT_DOUBLE_EQ(loss.points(), 0);
  EXPECT_EQ(loss.explanation(), "profit margin -5.0%: no points");
}

TEST(ValueScoreTest, TenureFactor) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  FactsSnapshot facts;
  const v1::ValueFactor none = FactorOf(AssessValue(facts, policy, Now()), "tenure");
  EXPECT_DOUBLE_EQ(none.points(), 0);
  EXPECT_EQ(none.explanation(), "no signed contract yet: no tenure points");

  facts.first_signed_date = absl::CivilDay(2021, 12, 15);  // 5 years
  const v1::ValueFactor five = FactorOf(AssessValue(facts, policy, Now()), "tenure");
  EXPECT_NEAR(five.value(), 5.0, 0.01);
  EXPECT_NEAR(five.points(), 7.5, 0.02);
  EXPECT_EQ(five.unit(), "years");
  EXPECT_THAT(five.explanation(), HasSubstr("a customer for 5.0 years: 50% of the full marks"));

  facts.first_signed_date = absl::CivilDay(2001, 1, 1);
  EXPECT_DOUBLE_EQ(FactorOf(AssessValue(facts, policy, Now()), "tenure").points(), 15);
}

TEST(ValueScoreTest, GrowthFactor) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  FactsSnapshot facts;
  facts.months.push_back({.month = absl::CivilMonth(2025, 3), .purchases_minor = 1'000'000});
  facts.months.push_back({.month = absl::CivilMonth(2026, 3), .purchases_minor = 1'250'000});
  const v1::ValueFactor quarter = FactorOf(AssessValue(facts, policy, Now()), "growth");
  EXPECT_DOUBLE_EQ(quarter.value(), 25);
  EXPECT_DOUBLE_EQ(quarter.points(), 7.5);  // half of +50%
  EXPECT_EQ(quarter.explanation(),
            "purchases of the last 12 months 12,500.00 CNY against 10,000.00 CNY in the 12 "
            "before (+25%): 50% of the full marks at +50%");

  facts.months[1].purchases_minor = 800'000;
  const v1::ValueFactor fall = FactorOf(AssessValue(facts, policy, Now()), "growth");
  EXPECT_DOUBLE_EQ(fall.value(), -20);
  EXPECT_DOUBLE_EQ(fall.points(), 0);
  EXPECT_THAT(fall.explanation(), HasSubstr("(-20%): no growth, no points"));

  facts.months[1].purchases_minor = 3'000'000;
  EXPECT_DOUBLE_EQ(FactorOf(AssessValue(facts, policy, Now()), "growth").points(), 15);

  const v1::ValueFactor fresh = FactorOf(AssessValue(Buying(100'000), policy, Now()), "growth");
  EXPECT_DOUBLE_EQ(fresh.points(), 0);
  EXPECT_THAT(fresh.explanation(), HasSubstr("growth not measured"));
}

TEST(ValueScoreTest, StrategicFactorAndTheSum) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  FactsSnapshot facts = Buying(5'000'000 * kYuan);       // 20 points
  facts.margin_bp = 3000;                                // 15
  facts.first_signed_date = absl::CivilDay(2000, 1, 1);  // 15
  facts.strategic = true;                                // 15
  const v1::ValueAssessment value = AssessValue(facts, policy, Now());
  EXPECT_DOUBLE_EQ(FactorOf(value, "strategic").points(), 15);
  EXPECT_EQ(FactorOf(value, "strategic").explanation(), "marked strategic by HQ: full marks");
  ASSERT_EQ(value.factors_size(), 5);
  EXPECT_DOUBLE_EQ(value.score(), 65);  // no growth measured

  facts.strategic = false;
  const v1::ValueAssessment plain = AssessValue(facts, policy, Now());
  EXPECT_DOUBLE_EQ(FactorOf(plain, "strategic").points(), 0);
  EXPECT_DOUBLE_EQ(plain.score(), 50);
  EXPECT_EQ(plain.computed_tier(), v1::TIER_B);
}

TEST(ValueScoreTest, EmptyFactsScoreZeroTierC) {
  const v1::ValueAssessment value = AssessValue(FactsSnapshot{}, DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(value.score(), 0);
  EXPECT_EQ(value.computed_tier(), v1::TIER_C);
}

}  // namespace
}  // namespace crm::scoring
