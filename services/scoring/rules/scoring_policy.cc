#include "services/scoring/rules/scoring_policy.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/money/money_check.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"
#include "services/scoring/rules/health_score.h"

namespace crm::scoring {
namespace {

constexpr int kFullBp = 10000;

// A signal's name and the range its threshold may take (in its unit).
struct SignalLimits {
  const char* name;
  double min;
  double max;
  const char* unit;
};

constexpr std::array<SignalLimits, 8> kSignals = {{
    {kSignalOrdersTrend, -100, -1, "percent change"},
    {kSignalDaysSinceActivity, 1, 3650, "days"},
    {kSignalDaysSinceVisit, 1, 3650, "days"},
    {kSignalComplaintsRising, 1, 1000, "complaints more"},
    {kSignalOverdueReceivables, 1, 3650, "days overdue"},
    {kSignalExpiringWithoutRenewal, 1, 1000, "contracts"},
    {kSignalDeliveryProblems, 1, 1000, "problems"},
    {kSignalSatisfactionFalling, 0.1, 10, "points fallen"},
}};

v1::SignalRule Signal(const char* name, double threshold, int weight_bp) {
  v1::SignalRule rule;
  rule.set_signal(name);
  rule.set_threshold(threshold);
  rule.set_weight_bp(weight_bp);
  return rule;
}

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money;
}

std::string Number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return crm::StrCat(static_cast<int64_t>(value));
  }
  return crm::StrCat(value);
}

// Weights that must sum to 10,000 basis points: each 0-10,000, then the sum.
void CheckWeights(std::string_view prefix,
                  std::initializer_list<std::pair<const char*, int32_t>> weights,
                  status::FieldViolations& violations) {
  int64_t sum = 0;
  for (const auto& [name, weight] : weights) {
    validation::CheckRange(weight, 0, kFullBp, crm::StrCat(prefix, ".", name), violations);
    sum += weight;
  }
  if (sum != kFullBp) {
    violations.Add(std::string(prefix),
                   crm::StrCat(prefix, ": the weights sum to ", sum,
                               " basis points; they must sum to 10000 (100%)"));
  }
}

}  // namespace

v1::ScoringPolicy DefaultScoringPolicy() {
  v1::ScoringPolicy policy;
  policy.set_name(kScoringPolicyName);
  policy.set_version(1);
  v1::ValueWeights& weights = *policy.mutable_value_weights();
  weights.set_annual_purchases_bp(4000);
  weights.set_profit_contribution_bp(1500);
  weights.set_tenure_bp(1500);
  weights.set_growth_bp(1500);
  weights.set_strategic_bp(1500);
  *policy.mutable_tier_a_min() = Cny(1000000000);  // 10,000,000.00 CNY
  *policy.mutable_tier_b_min() = Cny(100000000);   // 1,000,000.00 CNY
  policy.set_tenure_full_years(10);
  policy.set_growth_full_percent(50);
  policy.set_margin_full_bp(3000);
  *policy.add_signals() = Signal(kSignalOrdersTrend, -30, 2000);
  *policy.add_signals() = Signal(kSignalDaysSinceActivity, 30, 1500);
  *policy.add_signals() = Signal(kSignalDaysSinceVisit, 90, 1000);
  *policy.add_signals() = Signal(kSignalComplaintsRising, 1, 1000);
  *policy.add_signals() = Signal(kSignalOverdueReceivables, 30, 1500);
  *policy.add_signals() = Signal(kSignalExpiringWithoutRenewal, 1, 1500);
  *policy.add_signals() = Signal(kSignalDeliveryProblems, 1, 1000);
  *policy.add_signals() = Signal(kSignalSatisfactionFalling, 1, 500);
  policy.set_high_risk_below(50);
  policy.set_medium_risk_below(75);
  v1::ScorecardWeights& scorecard = *policy.mutable_scorecard_weights();
  scorecard.set_sales_result_bp(6000);
  scorecard.set_data_completeness_bp(1500);
  scorecard.set_process_compliance_bp(1500);
  scorecard.set_customer_satisfaction_bp(1000);
  return policy;
}

void ValidateScoringPolicy(const v1::ScoringPolicy& policy, status::FieldViolations& violations) {
  const v1::ValueWeights& value = policy.value_weights();
  CheckWeights("scoring_policy.value_weights",
               {{"annual_purchases_bp", value.annual_purchases_bp()},
                {"profit_contribution_bp", value.profit_contribution_bp()},
                {"tenure_bp", value.tenure_bp()},
                {"growth_bp", value.growth_bp()},
                {"strategic_bp", value.strategic_bp()}},
               violations);

  // Tier thresholds: CNY, B positive and below A.
  bool thresholds_ok = true;
  for (const auto& [field, money] : {std::pair<const char*, const common::v1::Money*>{
                                         "scoring_policy.tier_a_min", &policy.tier_a_min()},
                                     {"scoring_policy.tier_b_min", &policy.tier_b_min()}}) {
    const size_t before = violations.size();
    money::CheckMoney(*money, field, violations, {.non_negative = true});
    if (violations.size() > before) {
      thresholds_ok = false;
    } else if (money->currency_code() != "CNY") {
      violations.Add(crm::StrCat(field, ".currency_code"),
                     crm::StrCat(field, ".currency_code: ", money->currency_code(),
                                 " is not counted; tier thresholds are in CNY"));
      thresholds_ok = false;
    }
  }
  if (thresholds_ok) {
    if (policy.tier_b_min().minor_units() <= 0) {
      violations.Add("scoring_policy.tier_b_min.minor_units",
                     "scoring_policy.tier_b_min.minor_units: must be above 0 (tier C is below "
                     "it)");
    } else if (policy.tier_a_min().minor_units() <= policy.tier_b_min().minor_units()) {
      violations.Add(
          "scoring_policy.tier_a_min.minor_units",
          crm::StrCat("scoring_policy.tier_a_min.minor_units: ", policy.tier_a_min().minor_units(),
                      " must be above tier_b_min (", policy.tier_b_min().minor_units(), ")"));
    }
  }

  validation::CheckRange(policy.tenure_full_years(), 1, 50, "scoring_policy.tenure_full_years",
                         violations);
  validation::CheckRange(policy.growth_full_percent(), 1, 1000,
                         "scoring_policy.growth_full_percent", violations);
  validation::CheckRange(policy.margin_full_bp(), 1, kFullBp, "scoring_policy.margin_full_bp",
                         violations);

  // Signals: each known one exactly once, thresholds on their side, weights
  // summing to 10,000.
  std::array<int, kSignals.size()> first_at;
  first_at.fill(-1);
  int64_t signal_weights = 0;
  for (int i = 0; i < policy.signals_size(); ++i) {
    const v1::SignalRule& rule = policy.signals(i);
    const std::string prefix = crm::StrCat("scoring_policy.signals[", i, "]");
    size_t known = kSignals.size();
    for (size_t k = 0; k < kSignals.size(); ++k) {
      if (rule.signal() == kSignals[k].name) known = k;
    }
    if (known == kSignals.size()) {
      std::string names;
      for (const SignalLimits& limits : kSignals) {
        crm::StrAppend(&names, names.empty() ? "" : ", ", limits.name);
      }
      violations.Add(crm::StrCat(prefix, ".signal"),
                     crm::StrCat(prefix, ".signal: \"", rule.signal(),
                                 "\" is not a signal; the signals are ", names));
    } else if (first_at[known] >= 0) {
      violations.Add(
          crm::StrCat(prefix, ".signal"),
          crm::StrCat(prefix, ".signal: \"", rule.signal(), "\" is given again (first at signals[",
                      first_at[known], "]); give each signal once"));
    } else {
      first_at[known] = i;
      const SignalLimits& limits = kSignals[known];
      if (!std::isfinite(rule.threshold()) || rule.threshold() < limits.min ||
          rule.threshold() > limits.max) {
        violations.Add(crm::StrCat(prefix, ".threshold"),
                       crm::StrCat(prefix, ".threshold: ", Number(rule.threshold()), " for ",
                                   limits.name, " must be from ", Number(limits.min), " to ",
                                   Number(limits.max), " (", limits.unit, ")"));
      }
    }
    validation::CheckRange(rule.weight_bp(), 0, kFullBp, crm::StrCat(prefix, ".weight_bp"),
                           violations);
    signal_weights += rule.weight_bp();
  }
  std::string missing;
  for (size_t k = 0; k < kSignals.size(); ++k) {
    if (first_at[k] < 0) crm::StrAppend(&missing, missing.empty() ? "" : ", ", kSignals[k].name);
  }
  if (!missing.empty()) {
    violations.Add("scoring_policy.signals",
                   crm::StrCat("scoring_policy.signals: no rule for ", missing,
                               "; give one rule for each of the eight signals"));
  }
  if (signal_weights != kFullBp) {
    violations.Add("scoring_policy.signals",
                   crm::StrCat("scoring_policy.signals: the weights sum to ", signal_weights,
                               " basis points; they must sum to 10000 (100 health points)"));
  }

  // Risk levels: 0 < high < medium <= 100.
  const double high = policy.high_risk_below();
  const double medium = policy.medium_risk_below();
  if (!std::isfinite(high) || high <= 0 || high >= 100) {
    violations.Add("scoring_policy.high_risk_below",
                   crm::StrCat("scoring_policy.high_risk_below: ", Number(high),
                               " must be above 0 and below 100"));
  } else if (!std::isfinite(medium) || medium <= high || medium > 100) {
    violations.Add(
        "scoring_policy.medium_risk_below",
        crm::StrCat("scoring_policy.medium_risk_below: ", Number(medium),
                    " must be above high_risk_below (", Number(high), ") and at most 100"));
  }

  const v1::ScorecardWeights& scorecard = policy.scorecard_weights();
  CheckWeights("scoring_policy.scorecard_weights",
               {{"sales_result_bp", scorecard.sales_result_bp()},
                {"data_completeness_bp", scorecard.data_completeness_bp()},
                {"process_compliance_bp", scorecard.process_compliance_bp()},
                {"customer_satisfaction_bp", scorecard.customer_satisfaction_bp()}},
               violations);
}

}  // namespace crm::scoring
