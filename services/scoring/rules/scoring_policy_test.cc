#include "services/scoring/rules/scoring_policy.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace crm::scoring {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.push_back(v.field());
  return fields;
}

std::string Descriptions(const status::FieldViolations& violations) {
  std::string all;
  for (const auto& v : violations.bad_request().field_violations()) {
    all += v.description() + "\n";
  }
  return all;
}

// The policy migration 0001 seeds as version 1 (its JSON literal).
v1::ScoringPolicy SeededPolicy() {
  std::ifstream file(SCORING_SEED_SQL);
  EXPECT_TRUE(file.good()) << SCORING_SEED_SQL;
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string sql = buffer.str();
  const std::string open = "VALUES (1, '";
  const size_t begin = sql.find(open);
  const size_t end = sql.find("', 'system')", begin);
  EXPECT_NE(begin, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  const std::string json = sql.substr(begin + open.size(), end - begin - open.size());
  v1::ScoringPolicy policy;
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, &policy);
  EXPECT_TRUE(parsed.ok()) << parsed.message();
  return policy;
}

TEST(ScoringPolicyTest, DefaultIsTheSeededVersion) {
  v1::ScoringPolicy seeded = SeededPolicy();
  seeded.set_name(kScoringPolicyName);
  seeded.set_version(1);
  std::string difference;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(DefaultScoringPolicy(), seeded)) << difference;
  // And the figures DOMAIN.md gives, field by field.
  const v1::ScoringPolicy policy = DefaultScoringPolicy();
  EXPECT_EQ(policy.tier_a_min().minor_units(), 1'000'000'000);  // 10,000,000.00 CNY
  EXPECT_EQ(policy.tier_b_min().minor_units(), 100'000'000);    // 1,000,000.00 CNY
  EXPECT_EQ(policy.value_weights().annual_purchases_bp(), 4000);
  EXPECT_EQ(policy.signals_size(), 8);
  EXPECT_DOUBLE_EQ(policy.high_risk_below(), 50);
  EXPECT_DOUBLE_EQ(policy.medium_risk_below(), 75);
  EXPECT_EQ(policy.scorecard_weights().sales_result_bp(), 6000);
}

TEST(ScoringPolicyTest, DefaultIsValid) {
  status::FieldViolations violations;
  ValidateScoringPolicy(DefaultScoringPolicy(), violations);
  EXPECT_THAT(Fields(violations), IsEmpty()) << Descriptions(violations);
}

TEST(ScoringPolicyTest, EveryProblemAtOnce) {
  v1::ScoringPolicy policy = DefaultScoringPolicy();
  policy.mutable_value_weights()->set_growth_bp(2000);  // sums to 10,500
  policy.mutable_value_weights()->set_tenure_bp(-1);
  policy.mutable_tier_a_min()->set_minor_units(50'000'000);  // below B
  policy.mutable_tier_b_min()->set_currency_code("USD");
  policy.set_tenure_full_years(0);
  policy.set_growth_full_percent(5000);
  policy.set_margin_full_bp(0);
  policy.mutable_signals(1)->set_signal("days_since_visit");  // twice; activity missing
  policy.mutable_signals(0)->set_threshold(30);               // orders must fall
  policy.mutable_signals(7)->set_threshold(11);
  policy.mutable_signals(6)->set_weight_bp(20000);
  v1::SignalRule& unknown = *policy.add_signals();
  unknown.set_signal("mood");
  unknown.set_threshold(1);
  policy.set_high_risk_below(80);  // above medium
  policy.mutable_scorecard_weights()->set_sales_result_bp(5000);

  status::FieldViolations violations;
  ValidateScoringPolicy(policy, violations);
  EXPECT_THAT(Fields(violations),
              UnorderedElementsAre(
                  "scoring_policy.value_weights.tenure_bp", "scoring_policy.value_weights",
                  "scoring_policy.tier_b_min.currency_code", "scoring_policy.tenure_full_years",
                  "scoring_policy.growth_full_percent", "scoring_policy.margin_full_bp",
                  "scoring_policy.signals[0].threshold", "scoring_policy.signals[2].signal",
                  "scoring_policy.signals[6].weight_bp", "scoring_policy.signals[7].threshold",
                  "scoring_policy.signals[8].signal",
                  "scoring_policy.signals",  // activity missing
                  "scoring_policy.signals",  // weights
                  "scoring_policy.medium_risk_below", "scoring_policy.scorecard_weights"))
      << Descriptions(violations);
  const std::string all = Descriptions(violations);
  EXPECT_THAT(all, HasSubstr("scoring_policy.signals[2].signal: \"days_since_visit\" is given "
                             "again (first at signals[1]); give each signal once"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.signals: no rule for days_since_activity"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.signals[0].threshold: 30 for orders_trend must be "
                             "from -100 to -1 (percent change)"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.signals[8].signal: \"mood\" is not a signal"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.value_weights: the weights sum to 8999"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.tier_b_min.currency_code: USD is not counted"));
  EXPECT_THAT(all, HasSubstr("scoring_policy.medium_risk_below: 75 must be above "
                             "high_risk_below (80)"));
}

TEST(ScoringPolicyTest, TierThresholdsInOrder) {
  v1::ScoringPolicy policy = DefaultScoringPolicy();
  policy.mutable_tier_a_min()->set_minor_units(100'000'000);  // equal to B
  status::FieldViolations violations;
  ValidateScoringPolicy(policy, violations);
  EXPECT_THAT(Fields(violations), UnorderedElementsAre("scoring_policy.tier_a_min.minor_units"));
  EXPECT_THAT(Descriptions(violations), HasSubstr("must be above tier_b_min (100000000)"));

  policy = DefaultScoringPolicy();
  policy.mutable_tier_b_min()->set_minor_units(0);
  status::FieldViolations zero;
  ValidateScoringPolicy(policy, zero);
  EXPECT_THAT(Fields(zero), UnorderedElementsAre("scoring_policy.tier_b_min.minor_units"));
}

}  // namespace
}  // namespace crm::scoring
