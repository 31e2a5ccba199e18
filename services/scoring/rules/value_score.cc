#include "services/scoring/rules/value_score.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "libs/clock/business_day.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"

namespace crm::scoring {
namespace {

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money;
}

std::string Yuan(int64_t minor_units) { return money::FormatMoney(Cny(minor_units)); }

// Points to two decimals, so equal facts give equal stored scores.
double Round2(double value) { return std::round(value * 100.0) / 100.0; }

double Clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return sum;
}

// Purchases of the months [first, last].
int64_t PurchasesBetween(const FactsSnapshot& facts, absl::CivilMonth first,
                         absl::CivilMonth last) {
  int64_t sum = 0;
  for (const MonthFacts& month : facts.months) {
    if (month.month >= first && month.month <= last) {
      sum = SaturatingAdd(sum, month.purchases_minor);
    }
  }
  return sum;
}

std::string Percent(double value) { return crm::StrCat(std::llround(value), "%"); }

std::string OneDecimal(double value) {
  const int64_t tenths = std::llround(value * 10);
  return crm::StrCat(tenths / 10, ".", std::abs(tenths % 10));
}

v1::ValueFactor Factor(const char* name, double value, const char* unit, int32_t weight_bp,
                       double fraction, std::string explanation) {
  v1::ValueFactor factor;
  factor.set_factor(name);
  factor.set_value(value);
  factor.set_unit(unit);
  factor.set_weight_bp(weight_bp);
  factor.set_points(Round2(weight_bp / 100.0 * Clamp01(fraction)));
  factor.set_explanation(std::move(explanation));
  return factor;
}

}  // namespace

int64_t AnnualPurchasesMinor(const FactsSnapshot& facts, absl::Time now) {
  const absl::CivilMonth current(clock::BusinessDayOf(now));
  return PurchasesBetween(facts, current - 11, current);
}

v1::Tier ComputedTier(int64_t annual_purchases_minor, bool strategic,
                      const v1::ScoringPolicy& policy) {
  if (strategic || annual_purchases_minor > policy.tier_a_min().minor_units()) return v1::TIER_A;
  if (annual_purchases_minor >= policy.tier_b_min().minor_units()) return v1::TIER_B;
  return v1::TIER_C;
}

v1::ValueAssessment AssessValue(const FactsSnapshot& facts, const v1::ScoringPolicy& policy,
                                absl::Time now) {
  v1::ValueAssessment assessment;
  const absl::CivilMonth current(clock::BusinessDayOf(now));
  const int64_t annual = PurchasesBetween(facts, current - 11, current);
  const int64_t previous = PurchasesBetween(facts, current - 23, current - 12);
  const int64_t tier_a = policy.tier_a_min().minor_units();
  const int64_t tier_b = policy.tier_b_min().minor_units();
  const v1::ValueWeights& weights = policy.value_weights();

  // Annual purchases: full marks at the A threshold.
  {
    const double fraction = tier_a > 0 ? static_cast<double>(annual) / tier_a : 0;
    std::string words =
        fraction >= 1
            ? crm::StrCat("annual purchases ", Yuan(annual), ": full marks from ", Yuan(tier_a))
            : crm::StrCat("annual purchases ", Yuan(annual), ": ", Percent(100 * Clamp01(fraction)),
                          " of the full marks at ", Yuan(tier_a));
    *assessment.add_factors() = Factor("annual_purchases", static_cast<double>(annual), "fen",
                                       weights.annual_purchases_bp(), fraction, std::move(words));
  }

  // Profit contribution: a margin on contracts, when HQ gave one.
  {
    const int full = policy.margin_full_bp();
    if (!facts.margin_bp.has_value()) {
      *assessment.add_factors() =
          Factor("profit_contribution", 0, "bp", weights.profit_contribution_bp(), 0,
                 "profit margin not known: no points (HQ records it in the scoring profile)");
    } else {
      const int margin = *facts.margin_bp;
      const double fraction = full > 0 ? static_cast<double>(margin) / full : 0;
      std::string words =
          margin <= 0 ? crm::StrCat("profit margin ", OneDecimal(margin / 100.0), "%: no points")
          : fraction >= 1 ? crm::StrCat("profit margin ", OneDecimal(margin / 100.0),
                                        "%: full marks from ", OneDecimal(full / 100.0), "%")
                          : crm::StrCat("profit margin ", OneDecimal(margin / 100.0),
                                        "%: ", Percent(100 * fraction), " of the full marks at ",
                                        OneDecimal(full / 100.0), "%");
      *assessment.add_factors() =
          Factor("profit_contribution", margin, "bp", weights.profit_contribution_bp(), fraction,
                 std::move(words));
    }
  }

  // Tenure: years since the first signed contract.
  {
    const int full = policy.tenure_full_years();
    if (!facts.first_signed_date.has_value()) {
      *assessment.add_factors() = Factor("tenure", 0, "years", weights.tenure_bp(), 0,
                                         "no signed contract yet: no tenure points");
    } else {
      const int64_t days =
          std::max<int64_t>(0, clock::BusinessDayOf(now) - *facts.first_signed_date);
      const double years = Round2(days / 365.25);
      const double fraction = full > 0 ? years / full : 0;
      std::string words = fraction >= 1 ? crm::StrCat("a customer for ", OneDecimal(years),
                                                      " years: full marks from ", full, " years")
                                        : crm::StrCat("a customer for ", OneDecimal(years),
                                                      " years: ", Percent(100 * Clamp01(fraction)),
                                                      " of the full marks at ", full, " years");
      *assessment.add_factors() =
          Factor("tenure", years, "years", weights.tenure_bp(), fraction, std::move(words));
    }
  }

  // Growth: these 12 months against the 12 before.
  {
    const int full = policy.growth_full_percent();
    if (previous <= 0) {
      *assessment.add_factors() =
          Factor("growth", 0, "percent", weights.growth_bp(), 0,
                 crm::StrCat("nothing bought in the 12 months before (", Yuan(annual),
                             " in the last 12): growth not measured, no points"));
    } else {
      const double percent =
          Round2((static_cast<double>(annual) - static_cast<double>(previous)) / previous * 100);
      const double fraction = full > 0 ? percent / full : 0;
      std::string measured =
          crm::StrCat("purchases of the last 12 months ", Yuan(annual), " against ", Yuan(previous),
                      " in the 12 before (",
                      percent >= 0 ? crm::StrCat("+", Percent(percent)) : Percent(percent), ")");
      std::string words = percent <= 0    ? crm::StrCat(measured, ": no growth, no points")
                          : fraction >= 1 ? crm::StrCat(measured, ": full marks from +", full, "%")
                                          : crm::StrCat(measured, ": ", Percent(100 * fraction),
                                                        " of the full marks at +", full, "%");
      *assessment.add_factors() =
          Factor("growth", percent, "percent", weights.growth_bp(), fraction, std::move(words));
    }
  }

  // Strategic: all or nothing.
  *assessment.add_factors() = Factor(
      "strategic", facts.strategic ? 1 : 0, "flag", weights.strategic_bp(), facts.strategic ? 1 : 0,
      facts.strategic ? "marked strategic by HQ: full marks" : "not marked strategic");

  double score = 0;
  for (const v1::ValueFactor& factor : assessment.factors()) score += factor.points();
  assessment.set_score(Round2(std::clamp(score, 0.0, 100.0)));

  const v1::Tier tier = ComputedTier(annual, facts.strategic, policy);
  assessment.set_computed_tier(tier);
  if (facts.strategic) {
    assessment.set_tier_reason(
        crm::StrCat("A: marked strategic by HQ (annual purchases ", Yuan(annual), ")"));
  } else if (tier == v1::TIER_A) {
    assessment.set_tier_reason(
        crm::StrCat("A: annual purchases ", Yuan(annual), " above ", Yuan(tier_a)));
  } else if (tier == v1::TIER_B) {
    assessment.set_tier_reason(crm::StrCat("B: annual purchases ", Yuan(annual), ", from ",
                                           Yuan(tier_b), " up to ", Yuan(tier_a)));
  } else {
    assessment.set_tier_reason(
        crm::StrCat("C: annual purchases ", Yuan(annual), " below ", Yuan(tier_b)));
  }
  *assessment.mutable_annual_purchases() = Cny(annual);
  assessment.set_policy_version(policy.version());
  return assessment;
}

}  // namespace crm::scoring
