#include "services/scoring/rules/health_score.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "libs/clock/business_day.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"

namespace crm::scoring {
namespace {

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

std::string Yuan(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(minor_units);
  return money::FormatMoney(money);
}

// A threshold or count as people write it: "30", "1.5".
std::string Number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return crm::StrCat(static_cast<int64_t>(value));
  }
  const int64_t tenths = std::llround(value * 10);
  return crm::StrCat(tenths < 0 ? "-" : "", std::abs(tenths) / 10, ".", std::abs(tenths) % 10);
}

std::string Plural(int64_t count, const char* one, const char* many) {
  return crm::StrCat(count, " ", count == 1 ? one : many);
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return sum;
}

struct Windows {
  int64_t purchases_last = 0, purchases_before = 0;
  int64_t complaints_last = 0, complaints_before = 0;
};

// The last 3 months (the current one and the 2 before) and the 3 before.
Windows WindowsOf(const FactsSnapshot& facts, absl::CivilMonth current) {
  Windows windows;
  for (const MonthFacts& month : facts.months) {
    if (month.month > current || month.month < current - 5) continue;
    const bool last = month.month >= current - 2;
    int64_t& purchases = last ? windows.purchases_last : windows.purchases_before;
    int64_t& complaints = last ? windows.complaints_last : windows.complaints_before;
    purchases = SaturatingAdd(purchases, month.purchases_minor);
    complaints += month.complaints;
  }
  return windows;
}

int DaysSince(const std::optional<absl::Time>& time, absl::Time now) {
  if (!time.has_value()) return kNeverDays;
  return static_cast<int>(std::max<int64_t>(0, absl::ToInt64Hours(now - *time) / 24));
}

// What one signal measured.
struct Measure {
  double value = 0;
  // Whether the value may be compared at all (orders with nothing bought in
  // either window, satisfaction without two means, are not).
  bool measured = true;
  bool triggered = false;
  std::string reason;
};

Measure OrdersTrend(const Windows& w, double threshold) {
  Measure m;
  if (w.purchases_before <= 0) {
    m.measured = false;
    m.reason = w.purchases_last > 0
                   ? crm::StrCat("orders of ", Yuan(w.purchases_last),
                                 " in the last 3 months and none in the 3 before: no fall")
                   : "no orders in the last 6 months: no trend to measure";
    return m;
  }
  m.value = Round2((static_cast<double>(w.purchases_last) - w.purchases_before) /
                   w.purchases_before * 100);
  m.triggered = m.value <= threshold;
  const std::string against =
      crm::StrCat(" (", Yuan(w.purchases_last), " against ", Yuan(w.purchases_before),
                  "; threshold ", Number(-threshold), "% below)");
  if (m.value < 0) {
    m.reason = crm::StrCat("orders in the last 3 months ", std::llround(-m.value),
                           "% below the 3 before", against);
  } else {
    m.reason = crm::StrCat("orders in the last 3 months ", std::llround(m.value),
                           "% above the 3 before", against);
  }
  return m;
}

Measure DaysSinceActivity(const FactsSnapshot& facts, absl::Time now, double threshold,
                          bool visit) {
  Measure m;
  const std::optional<absl::Time>& time = visit ? facts.last_visit_time : facts.last_activity_time;
  const int days = DaysSince(time, now);
  m.value = days;
  m.triggered = days >= threshold;
  const char* what = visit ? "visit" : "activity";
  if (!time.has_value()) {
    m.reason = crm::StrCat("no ", what, " recorded (counted as ", kNeverDays, " days; threshold ",
                           Number(threshold), " days)");
  } else {
    m.reason = crm::StrCat(Plural(days, "day", "days"), " since the last ", what, " (threshold ",
                           Number(threshold), " days)");
  }
  return m;
}

Measure ComplaintsRising(const Windows& w, double threshold) {
  Measure m;
  m.value = static_cast<double>(w.complaints_last - w.complaints_before);
  m.triggered = m.value >= threshold;
  m.reason = crm::StrCat(Plural(w.complaints_last, "complaint", "complaints"),
                         " in the last 3 months against ", w.complaints_before,
                         " in the 3 before (threshold ", Number(threshold), " more)");
  return m;
}

Measure OverdueReceivables(const FactsSnapshot& facts, double threshold) {
  Measure m;
  if (facts.overdue_minor <= 0) {
    m.reason = crm::StrCat("nothing overdue (threshold ", Number(threshold), " days past due)");
    return m;
  }
  m.value = facts.overdue_days;
  m.triggered = m.value >= threshold;
  m.reason = crm::StrCat(Yuan(facts.overdue_minor), " overdue, the oldest ",
                         Plural(facts.overdue_days, "day", "days"), " past due (threshold ",
                         Number(threshold), " days)");
  return m;
}

Measure Count(int count, double threshold, const char* one, const char* many, const char* rest) {
  Measure m;
  m.value = count;
  m.triggered = count >= threshold;
  m.reason = crm::StrCat(count == 0 ? crm::StrCat("no ", many) : Plural(count, one, many), rest,
                         " (threshold ", Number(threshold), ")");
  return m;
}

Measure SatisfactionFalling(const FactsSnapshot& facts, double threshold) {
  Measure m;
  if (!facts.satisfaction_latest.has_value() || !facts.satisfaction_previous.has_value()) {
    m.measured = false;
    m.reason = facts.satisfaction_latest.has_value()
                   ? crm::StrCat("satisfaction ", Number(*facts.satisfaction_latest),
                                 " of 10 this period, none the period before to compare")
                   : "no satisfaction survey answers to compare";
    return m;
  }
  const double latest = *facts.satisfaction_latest;
  const double previous = *facts.satisfaction_previous;
  m.value = Round2(previous - latest);
  m.triggered = m.value >= threshold;
  m.reason =
      m.value > 0
          ? crm::StrCat("satisfaction fell from ", Number(previous), " to ", Number(latest),
                        " of 10 (", Number(m.value), " points; threshold ", Number(threshold), ")")
          : crm::StrCat("satisfaction ", Number(latest), " of 10 against ", Number(previous),
                        " the period before (threshold ", Number(threshold), " points fallen)");
  return m;
}

}  // namespace

v1::RiskLevel RiskOf(double health_score, const v1::ScoringPolicy& policy) {
  if (health_score < policy.high_risk_below()) return v1::RISK_HIGH;
  if (health_score < policy.medium_risk_below()) return v1::RISK_MEDIUM;
  return v1::RISK_LOW;
}

v1::HealthAssessment AssessHealth(const FactsSnapshot& facts, const v1::ScoringPolicy& policy,
                                  absl::Time now) {
  v1::HealthAssessment assessment;
  const absl::CivilMonth current(clock::BusinessDayOf(now));
  const Windows windows = WindowsOf(facts, current);
  double penalties = 0;
  for (const v1::SignalRule& rule : policy.signals()) {
    const double threshold = rule.threshold();
    Measure m;
    const std::string& name = rule.signal();
    if (name == kSignalOrdersTrend) {
      m = OrdersTrend(windows, threshold);
    } else if (name == kSignalDaysSinceActivity) {
      m = DaysSinceActivity(facts, now, threshold, /*visit=*/false);
    } else if (name == kSignalDaysSinceVisit) {
      m = DaysSinceActivity(facts, now, threshold, /*visit=*/true);
    } else if (name == kSignalComplaintsRising) {
      m = ComplaintsRising(windows, threshold);
    } else if (name == kSignalOverdueReceivables) {
      m = OverdueReceivables(facts, threshold);
    } else if (name == kSignalExpiringWithoutRenewal) {
      m = Count(facts.expiring_without_renewal, threshold, "contract ends", "contracts end",
                " within 60 days without a renewal");
    } else if (name == kSignalDeliveryProblems) {
      m = Count(facts.delivery_problems, threshold, "delivery problem", "delivery problems",
                " in the last 90 days");
    } else if (name == kSignalSatisfactionFalling) {
      m = SatisfactionFalling(facts, threshold);
    } else {
      continue;  // not a signal of this version (a validated policy has none)
    }
    // The penalty curve: three quarters of the weight at the threshold, the
    // whole weight from a third beyond it (every signal's neutral point is
    // 0), linear between.
    double penalty = 0;
    if (m.measured && m.triggered && threshold != 0) {
      const double severity = std::clamp(0.75 * m.value / threshold, 0.75, 1.0);
      penalty = Round2(rule.weight_bp() / 100.0 * severity);
    }
    v1::HealthSignal& signal = *assessment.add_signals();
    signal.set_signal(name);
    signal.set_value(m.value);
    signal.set_threshold(threshold);
    signal.set_weight_bp(rule.weight_bp());
    signal.set_triggered(m.measured && m.triggered);
    signal.set_penalty(penalty);
    signal.set_reason(std::move(m.reason));
    penalties += penalty;
  }
  const double score = Round2(std::clamp(100 - penalties, 0.0, 100.0));
  assessment.set_score(score);
  assessment.set_risk(RiskOf(score, policy));

  // The triggered signals' reasons, largest penalty first (ties: the
  // policy's order).
  std::vector<const v1::HealthSignal*> triggered;
  for (const v1::HealthSignal& signal : assessment.signals()) {
    if (signal.triggered()) triggered.push_back(&signal);
  }
  std::stable_sort(triggered.begin(), triggered.end(),
                   [](const v1::HealthSignal* a, const v1::HealthSignal* b) {
                     return a->penalty() > b->penalty();
                   });
  for (const v1::HealthSignal* signal : triggered) assessment.add_reasons(signal->reason());
  assessment.set_policy_version(policy.version());
  return assessment;
}

}  // namespace crm::scoring
