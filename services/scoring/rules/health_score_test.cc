#include "services/scoring/rules/health_score.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "services/scoring/rules/scoring_policy.h"

namespace crm::scoring {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 2026-12-15 12:00 in Shanghai: the last 3 months are 2026-10..12, the 3
// before 2026-07..09.
absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 12, 15, 12, 0, 0), clock::BusinessTimeZone());
}

// A customer with nothing wrong: steady orders, recent activity and visit.
FactsSnapshot Healthy() {
  FactsSnapshot facts;
  for (int m = 1; m <= 12; ++m) {
    facts.months.push_back({.month = absl::CivilMonth(2026, m), .purchases_minor = 1'000'000});
  }
  facts.last_activity_time = Now() - absl::Hours(24 * 3);
  facts.last_visit_time = Now() - absl::Hours(24 * 20);
  return facts;
}

const v1::HealthSignal& SignalOf(const v1::HealthAssessment& health, const std::string& name) {
  for (const v1::HealthSignal& signal : health.signals()) {
    if (signal.signal() == name) return signal;
  }
  ADD_FAILURE() << "no signal " << name;
  static const v1::HealthSignal none;
  return none;
}

v1::HealthSignal Assess(const FactsSnapshot& facts, const std::string& name) {
  return SignalOf(AssessHealth(facts, DefaultScoringPolicy(), Now()), name);
}

TEST(HealthScoreTest, HealthyCustomerIsLowRiskWithEverySignal) {
  const v1::HealthAssessment health = AssessHealth(Healthy(), DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(health.score(), 100);
  EXPECT_EQ(health.risk(), v1::RISK_LOW);
  EXPECT_EQ(health.signals_size(), 8);
  for (const v1::HealthSignal& signal : health.signals()) {
    EXPECT_FALSE(signal.triggered()) << signal.signal();
    EXPECT_DOUBLE_EQ(signal.penalty(), 0) << signal.signal();
    EXPECT_FALSE(signal.reason().empty()) << signal.signal();
  }
  EXPECT_THAT(health.reasons(), IsEmpty());
  EXPECT_EQ(health.policy_version(), 1);
}

TEST(HealthScoreTest, OrdersTrend) {
  FactsSnapshot facts = Healthy();
  // 3,000,000 fen before; 1,650,000 in the last 3 months: 45% below.
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 550'000;
  }
  const v1::HealthSignal fall = Assess(facts, kSignalOrdersTrend);
  EXPECT_TRUE(fall.triggered());
  EXPECT_DOUBLE_EQ(fall.value(), -45);
  EXPECT_DOUBLE_EQ(fall.threshold(), -30);
  EXPECT_EQ(fall.weight_bp(), 2000);
  EXPECT_DOUBLE_EQ(fall.penalty(), 20);  // beyond 40%: the whole weight
  EXPECT_EQ(fall.reason(),
            "orders in the last 3 months 45% below the 3 before (16,500.00 CNY against "
            "30,000.00 CNY; threshold 30% below)");

  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 800'000;
  }
  const v1::HealthSignal small = Assess(facts, kSignalOrdersTrend);
  EXPECT_FALSE(small.triggered());
  EXPECT_DOUBLE_EQ(small.value(), -20);
  EXPECT_DOUBLE_EQ(small.penalty(), 0);

  // Exactly at the threshold: three quarters of the weight; 36% down: 0.9
  // of it. Nothing at all: the whole.
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 700'000;
  }
  EXPECT_DOUBLE_EQ(Assess(facts, kSignalOrdersTrend).penalty(), 15);
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 640'000;
  }
  EXPECT_DOUBLE_EQ(Assess(facts, kSignalOrdersTrend).penalty(), 18);
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 0;
  }
  const v1::HealthSignal stopped = Assess(facts, kSignalOrdersTrend);
  EXPECT_DOUBLE_EQ(stopped.value(), -100);
  EXPECT_DOUBLE_EQ(stopped.penalty(), 20);

  const v1::HealthSignal none = Assess(FactsSnapshot{}, kSignalOrdersTrend);
  EXPECT_FALSE(none.triggered());
  EXPECT_EQ(none.reason(), "no orders in the last 6 months: no trend to measure");
}

TEST(HealthScoreTest, DaysSinceActivityAndVisit) {
  FactsSnapshot facts = Healthy();
  const v1::HealthSignal recent = Assess(facts, kSignalDaysSinceActivity);
  EXPECT_FALSE(recent.triggered());
  EXPECT_EQ(recent.reason(), "3 days since the last activity (threshold 30 days)");

  facts.last_activity_time = Now() - absl::Hours(24 * 36);
  const v1::HealthSignal late = Assess(facts, kSignalDaysSinceActivity);
  EXPECT_TRUE(late.triggered());
  EXPECT_DOUBLE_EQ(late.value(), 36);
  EXPECT_DOUBLE_EQ(late.penalty(), 13.5);  // 0.75 x 36/30 of 15
  EXPECT_EQ(late.reason(), "36 days since the last activity (threshold 30 days)");
  facts.last_activity_time = Now() - absl::Hours(24 * 29);
  EXPECT_FALSE(Assess(facts, kSignalDaysSinceActivity).triggered());

  facts.last_visit_time.reset();
  const v1::HealthSignal never = Assess(facts, kSignalDaysSinceVisit);
  EXPECT_TRUE(never.triggered());
  EXPECT_DOUBLE_EQ(never.value(), kNeverDays);
  EXPECT_DOUBLE_EQ(never.penalty(), 10);
  EXPECT_EQ(never.reason(), "no visit recorded (counted as 365 days; threshold 90 days)");

  facts.last_visit_time = Now() - absl::Hours(24 * 89);
  EXPECT_FALSE(Assess(facts, kSignalDaysSinceVisit).triggered());
  facts.last_visit_time = Now() - absl::Hours(24 * 90);
  const v1::HealthSignal at = Assess(facts, kSignalDaysSinceVisit);
  EXPECT_TRUE(at.triggered());
  EXPECT_DOUBLE_EQ(at.penalty(), 7.5);
}

TEST(HealthScoreTest, ComplaintsRising) {
  FactsSnapshot facts = Healthy();
  facts.months[7].complaints = 1;   // 2026-08
  facts.months[10].complaints = 1;  // 2026-11
  const v1::HealthSignal flat = Assess(facts, kSignalComplaintsRising);
  EXPECT_FALSE(flat.triggered());
  EXPECT_DOUBLE_EQ(flat.value(), 0);

  facts.months[11].complaints = 2;  // 2026-12
  const v1::HealthSignal rising = Assess(facts, kSignalComplaintsRising);
  EXPECT_TRUE(rising.triggered());
  EXPECT_DOUBLE_EQ(rising.value(), 2);
  EXPECT_DOUBLE_EQ(rising.penalty(), 10);
  EXPECT_EQ(rising.reason(),
            "3 complaints in the last 3 months against 1 in the 3 before (threshold 1 more)");
}

TEST(HealthScoreTest, OverdueReceivables) {
  FactsSnapshot facts = Healthy();
  facts.overdue_days = 40;  // no amount: nothing overdue
  EXPECT_FALSE(Assess(facts, kSignalOverdueReceivables).triggered());

  facts.overdue_minor = 12'000'000;
  facts.overdue_days = 29;
  const v1::HealthSignal young = Assess(facts, kSignalOverdueReceivables);
  EXPECT_FALSE(young.triggered());
  EXPECT_DOUBLE_EQ(young.value(), 29);

  facts.overdue_days = 36;
  const v1::HealthSignal old = Assess(facts, kSignalOverdueReceivables);
  EXPECT_TRUE(old.triggered());
  EXPECT_DOUBLE_EQ(old.penalty(), 13.5);
  EXPECT_EQ(old.reason(),
            "120,000.00 CNY overdue, the oldest 36 days past due (threshold 30 days)");
}

TEST(HealthScoreTest, ExpiringDeliveryAndSatisfaction) {
  FactsSnapshot facts = Healthy();
  EXPECT_EQ(Assess(facts, kSignalExpiringWithoutRenewal).reason(),
            "no contracts end within 60 days without a renewal (threshold 1)");
  facts.expiring_without_renewal = 1;
  const v1::HealthSignal expiring = Assess(facts, kSignalExpiringWithoutRenewal);
  EXPECT_TRUE(expiring.triggered());
  EXPECT_DOUBLE_EQ(expiring.penalty(), 11.25);
  EXPECT_EQ(expiring.reason(), "1 contract ends within 60 days without a renewal (threshold 1)");

  EXPECT_FALSE(Assess(facts, kSignalDeliveryProblems).triggered());
  facts.delivery_problems = 3;
  const v1::HealthSignal delivery = Assess(facts, kSignalDeliveryProblems);
  EXPECT_TRUE(delivery.triggered());
  EXPECT_DOUBLE_EQ(delivery.penalty(), 10);
  EXPECT_EQ(delivery.reason(), "3 delivery problems in the last 90 days (threshold 1)");

  facts.satisfaction_latest = 6.5;
  const v1::HealthSignal one = Assess(facts, kSignalSatisfactionFalling);
  EXPECT_FALSE(one.triggered());
  facts.satisfaction_previous = 7;
  EXPECT_FALSE(Assess(facts, kSignalSatisfactionFalling).triggered());
  facts.satisfaction_previous = 8.5;
  const v1::HealthSignal fell = Assess(facts, kSignalSatisfactionFalling);
  EXPECT_TRUE(fell.triggered());
  EXPECT_DOUBLE_EQ(fell.value(), 2);
  EXPECT_DOUBLE_EQ(fell.penalty(), 5);
  EXPECT_EQ(fell.reason(), "satisfaction fell from 8.5 to 6.5 of 10 (2 points; threshold 1)");
}

TEST(HealthScoreTest, RiskBoundaries) {
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  EXPECT_EQ(RiskOf(100, policy), v1::RISK_LOW);
  EXPECT_EQ(RiskOf(75, policy), v1::RISK_LOW);
  EXPECT_EQ(RiskOf(74.99, policy), v1::RISK_MEDIUM);
  EXPECT_EQ(RiskOf(50, policy), v1::RISK_MEDIUM);
  EXPECT_EQ(RiskOf(49.99, policy), v1::RISK_HIGH);
  EXPECT_EQ(RiskOf(0, policy), v1::RISK_HIGH);
}

TEST(HealthScoreTest, OneSignalAloneIsNeverHighRisk) {
  FactsSnapshot facts = Healthy();
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 0;
  }
  const v1::HealthAssessment health = AssessHealth(facts, DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(health.score(), 80);
  EXPECT_EQ(health.risk(), v1::RISK_LOW);
}

TEST(HealthScoreTest, SeveralSignalsMakeHighRiskWithReasonsHeaviestFirst) {
  FactsSnapshot facts = Healthy();
  for (MonthFacts& month : facts.months) {
    if (month.month >= absl::CivilMonth(2026, 10)) month.purchases_minor = 0;  // -20
  }
  facts.last_activity_time = Now() - absl::Hours(24 * 36);  // -13.5
  const v1::HealthAssessment medium = AssessHealth(facts, DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(medium.score(), 66.5);
  EXPECT_EQ(medium.risk(), v1::RISK_MEDIUM);

  facts.overdue_minor = 5'000'000;
  facts.overdue_days = 30;  // -11.25: 44.75 in all
  const v1::HealthAssessment still_medium = AssessHealth(facts, DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(still_medium.score(), 55.25);
  EXPECT_EQ(still_medium.risk(), v1::RISK_MEDIUM);

  facts.last_visit_time = Now() - absl::Hours(24 * 200);  // -10
  facts.delivery_problems = 1;                            // -7.5
  const v1::HealthAssessment health = AssessHealth(facts, DefaultScoringPolicy(), Now());
  EXPECT_DOUBLE_EQ(health.score(), 37.75);
  EXPECT_EQ(health.risk(), v1::RISK_HIGH);
  EXPECT_THAT(health.reasons(),
              ElementsAre(::testing::StartsWith("orders in the last 3 months 100% below"),
                          "36 days since the last activity (threshold 30 days)",
                          ::testing::StartsWith("50,000.00 CNY overdue, the oldest 30 days"),
                          "200 days since the last visit (threshold 90 days)",
                          "1 delivery problem in the last 90 days (threshold 1)"));
}

TEST(HealthScoreTest, PolicyThresholdsAndWeightsApply) {
  v1::ScoringPolicy policy = DefaultScoringPolicy();
  policy.set_version(4);
  for (v1::SignalRule& rule : *policy.mutable_signals()) {
    if (rule.signal() == kSignalDaysSinceActivity) {
      rule.set_threshold(10);
      rule.set_weight_bp(3000);
    }
  }
  FactsSnapshot facts = Healthy();
  facts.last_activity_time = Now() - absl::Hours(24 * 12);
  const v1::HealthAssessment health = AssessHealth(facts, policy, Now());
  const v1::HealthSignal& signal = SignalOf(health, kSignalDaysSinceActivity);
  EXPECT_TRUE(signal.triggered());
  EXPECT_DOUBLE_EQ(signal.penalty(), 27);  // 0.75 x 12/10 of 30
  EXPECT_DOUBLE_EQ(health.score(), 73);
  EXPECT_EQ(health.risk(), v1::RISK_MEDIUM);
  EXPECT_EQ(health.policy_version(), 4);
}

}  // namespace
}  // namespace crm::scoring
