#include "bench/scoring_backtest.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

#include "absl/strings/str_format.h"
#include "libs/clock/business_day.h"
#include "services/scoring/rules/health_score.h"

namespace crm::bench {
namespace {

using scoring::FactsSnapshot;
using scoring::MonthFacts;

const absl::CivilDay kStart(2025, 1, 1);
const absl::CivilDay kEnd(2026, 12, 31);
const absl::CivilDay kAssessed(2026, 9, 30);

// Distributions written out, so a seed means the same customers everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // [0, 1)
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  int Int(int low, int high) {  // [low, high]
    return low + static_cast<int>(Uniform() * (high - low + 1));
  }
  double Normal() {  // Box-Muller
    const double u = 1 - Uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * Uniform());
  }
  int Poisson(double lambda) {  // Knuth; lambda is small here
    if (lambda <= 0) return 0;
    const double limit = std::exp(-lambda);
    int k = 0;
    double p = Uniform();
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }

 private:
  std::mt19937_64 engine_;
};

struct Order {
  absl::CivilDay day;
  int64_t amount_fen = 0;
  absl::CivilDay due;
  absl::CivilDay paid;
};

struct Contract {
  absl::CivilDay end;
  std::optional<absl::CivilDay> renewed_on;
};

struct Survey {
  absl::CivilDay day;
  int score = 0;
};

struct History {
  bool churns = false;
  absl::CivilDay churn_day = kEnd + 1;
  absl::CivilDay first_signed;
  std::vector<Order> orders;
  std::vector<absl::CivilDay> activities, visits, complaints, delivery_problems;
  std::vector<Contract> contracts;
  std::vector<Survey> surveys;
};

// How far a churner's decline has gone on `day`: 0 before its onset, 1 at
// the churn day, linear between (scaled down for quiet churners).
struct Decline {
  absl::CivilDay onset = kEnd + 1;
  absl::CivilDay churn = kEnd + 1;
  double strength = 0;
  double At(absl::CivilDay day) const {
    if (strength == 0 || day < onset) return 0;
    const double span = std::max<int64_t>(1, churn - onset);
    return strength * std::min(1.0, static_cast<double>(day - onset) / span);
  }
};

// A non-churner's dip: `depth` of its orders and contacts gone for a while.
struct Dip {
  absl::CivilDay from = kEnd + 1;
  absl::CivilDay to = kEnd + 1;
  double depth = 0;
  double At(absl::CivilDay day) const { return day >= from && day < to ? depth : 0; }
};

absl::CivilDay DayIn(Random& random, absl::CivilMonth month) {
  const int days = static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
  return absl::CivilDay(month) + random.Int(0, days - 1);
}

History Generate(Random& random, const BacktestOptions& options, bool churns) {
  History h;
  h.churns = churns;
  // The customer's habits.
  const double annual_yuan =
      std::clamp(std::exp(std::log(2e6) + random.Normal()), 5e4, 1e8);  // median 2,000,000
  const double order_chance = random.Uniform(0.3, 0.95);                // per month
  const double activities_per_month = random.Uniform(1, 6);
  const double visit_share = random.Uniform(0.1, 0.4);
  const double complaints_per_month = random.Uniform(0, 0.25);
  const double delivery_per_month = random.Uniform(0, 0.1);
  const double pay_delay =
      random.Chance(0.2) ? random.Uniform(25, 60) : random.Uniform(0, 15);  // slow payers
  const double satisfaction = random.Uniform(6.5, 9.5);
  h.first_signed = kStart - random.Int(30, 15 * 365);

  Decline decline;
  Dip dip;
  if (churns) {
    decline.churn = kAssessed + random.Int(1, static_cast<int>(kEnd - kAssessed));
    decline.onset = decline.churn - random.Int(60, 240);
    decline.strength = random.Chance(options.quiet_churner_share) ? 0.33 : 1.0;
    h.churn_day = decline.churn;
  } else if (random.Chance(options.dip_share)) {
    dip.from = kStart + random.Int(420, 630);  // 2026-02 to 2026-09
    dip.to = dip.from + random.Int(60, 120);
    dip.depth = random.Uniform(0.5, 0.9);
  }

  // A yearly contract; half of the churners' ends near their churn.
  absl::CivilDay contract_end = kStart + random.Int(0, 364);
  if (churns && random.Chance(0.5)) {
    contract_end = decline.churn + random.Int(-30, 30) - 365 * 2;
  }
  for (; contract_end <= kEnd + 365; contract_end += 365) {
    Contract contract{.end = contract_end};
    const double d = decline.At(contract_end);
    const bool renews = !(churns && contract_end + 90 >= decline.churn) && !random.Chance(d);
    if (renews) contract.renewed_on = contract_end - random.Int(-10, 45);
    h.contracts.push_back(contract);
  }

  for (absl::CivilMonth month(kStart); month <= absl::CivilMonth(kEnd); ++month) {
    const absl::CivilDay mid = absl::CivilDay(month) + 14;
    if (mid >= h.churn_day) break;
    const double d = decline.At(mid);
    const double gap = dip.At(mid);
    // Orders, invoiced with 30 days to pay.
    if (random.Chance(order_chance * (1 - 0.85 * d) * (1 - gap))) {
      const double amount =
          annual_yuan / (12 * order_chance) * std::exp(0.4 * random.Normal()) * (1 - 0.4 * d);
      Order order;
      order.day = DayIn(random, month);
      order.amount_fen = static_cast<int64_t>(amount * 100);
      order.due = order.day + 30;
      const double delay =
          pay_delay * random.Uniform(0.5, 1.5) + 45 * d + 20 * random.Uniform() * d;
      order.paid = order.due + static_cast<int>(delay) - 5;
      h.orders.push_back(order);
    }
    const int activities = random.Poisson(activities_per_month * (1 - 0.8 * d) * (1 - 0.6 * gap));
    for (int i = 0; i < activities; ++i) {
      const absl::CivilDay day = DayIn(random, month);
      if (day >= h.churn_day) continue;
      h.activities.push_back(day);
      if (random.Chance(visit_share * (1 - 0.6 * d))) h.visits.push_back(day);
    }
    for (int i = random.Poisson(complaints_per_month + 0.8 * d); i > 0; --i) {
      h.complaints.push_back(DayIn(random, month));
    }
    for (int i = random.Poisson(delivery_per_month + 0.3 * d); i > 0; --i) {
      h.delivery_problems.push_back(DayIn(random, month));
    }
  }
  // A survey of 1-3 contacts in the middle of each quarter.
  for (absl::CivilMonth quarter(2025, 1); quarter <= absl::CivilMonth(2026, 10); quarter += 3) {
    const absl::CivilDay day = absl::CivilDay(quarter + 1) + random.Int(0, 40);
    if (day >= h.churn_day) break;
    for (int i = random.Int(1, 3); i > 0; --i) {
      const double score = satisfaction + 0.8 * random.Normal() - 3 * decline.At(day);
      h.surveys.push_back(
          {.day = day, .score = static_cast<int>(std::clamp(std::round(score), 0.0, 10.0))});
    }
  }
  return h;
}

absl::Time At(absl::CivilDay day, int hour) {
  return absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour),
                         clock::BusinessTimeZone());
}

// The facts the refresher would have built on the assessment day.
FactsSnapshot FactsAsOf(const History& h, absl::CivilDay today, int& days_since_last_order) {
  FactsSnapshot facts;
  std::vector<MonthFacts> months;
  auto month_of = [&](absl::CivilDay day) -> MonthFacts& {
    const absl::CivilMonth month(day);
    for (MonthFacts& m : months) {
      if (m.month == month) return m;
    }
    months.push_back({.month = month});
    return months.back();
  };
  facts.first_signed_date = h.first_signed;
  std::optional<absl::CivilDay> last_order, oldest_overdue;
  for (const Order& order : h.orders) {
    if (order.day > today) continue;
    month_of(order.day).purchases_minor += order.amount_fen;
    if (order.paid <= today) {
      month_of(order.paid).receipts_minor += order.amount_fen;
    } else {
      facts.receivable_minor += order.amount_fen;
      if (order.due < today) {
        facts.overdue_minor += order.amount_fen;
        if (!oldest_overdue || order.due < *oldest_overdue) oldest_overdue = order.due;
      }
    }
    if (!last_order || order.day > *last_order) last_order = order.day;
  }
  if (oldest_overdue) facts.overdue_days = static_cast<int>(today - *oldest_overdue);
  days_since_last_order = last_order ? static_cast<int>(today - *last_order) : 730;
  for (absl::CivilDay day : h.complaints) {
    if (day <= today) ++month_of(day).complaints;
  }
  for (absl::CivilDay day : h.delivery_problems) {
    if (day > today) continue;
    ++month_of(day).delivery_problems;
    if (today - day < 90) ++facts.delivery_problems;
  }
  for (absl::CivilDay day : h.activities) {
    if (day <= today && (!facts.last_activity_time || At(day, 10) > *facts.last_activity_time)) {
      facts.last_activity_time = At(day, 10);
    }
  }
  for (absl::CivilDay day : h.visits) {
    if (day <= today && (!facts.last_visit_time || At(day, 10) > *facts.last_visit_time)) {
      facts.last_visit_time = At(day, 10);
    }
  }
  for (const Contract& contract : h.contracts) {
    const bool ending = contract.end >= today && contract.end - today <= 60;
    const bool renewed = contract.renewed_on && *contract.renewed_on <= today;
    if (ending && !renewed) ++facts.expiring_without_renewal;
  }
  // The survey means of the quarter of today and the one before.
  const absl::CivilMonth quarter(today.year(), (today.month() - 1) / 3 * 3 + 1);
  auto mean = [&](absl::CivilMonth first) -> std::optional<double> {
    double sum = 0;
    int n = 0;
    for (const Survey& survey : h.surveys) {
      const absl::CivilMonth month(survey.day);
      if (survey.day <= today && month >= first && month < first + 3) {
        sum += survey.score;
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
  };
  facts.satisfaction_latest = mean(quarter);
  facts.satisfaction_previous = mean(quarter - 3);
  facts.months = std::move(months);
  return facts;
}

void Count(Confusion& confusion, bool flagged, bool churns) {
  ++confusion.customers;
  if (churns) ++confusion.churners;
  if (flagged) ++confusion.flagged;
  if (flagged && churns) ++confusion.true_positives;
}

Confusion Baseline(const std::vector<SyntheticCustomer>& customers, int days) {
  Confusion confusion;
  for (const SyntheticCustomer& c : customers) {
    Count(confusion, c.days_since_last_order >= days, c.churns);
  }
  return confusion;
}

}  // namespace

absl::Time AssessmentTime() { return At(kAssessed, 12); }

std::vector<SyntheticCustomer> GenerateCustomers(const BacktestOptions& options) {
  Random random(options.seed);
  std::vector<SyntheticCustomer> customers;
  customers.reserve(options.customers);
  for (int i = 0; i < options.customers; ++i) {
    const bool churns = random.Chance(options.churn_share);
    const History history = Generate(random, options, churns);
    SyntheticCustomer customer;
    customer.index = i;
    customer.churns = churns;
    customer.facts = FactsAsOf(history, kAssessed, customer.days_since_last_order);
    customers.push_back(std::move(customer));
  }
  return customers;
}

double Confusion::Precision() const {
  return flagged == 0 ? 0 : static_cast<double>(true_positives) / flagged;
}

double Confusion::Recall() const {
  return churners == 0 ? 0 : static_cast<double>(true_positives) / churners;
}

BacktestReport RunBacktest(const BacktestOptions& options,
                           const scoring::v1::ScoringPolicy& policy) {
  BacktestReport report;
  report.options = options;
  const std::vector<SyntheticCustomer> customers = GenerateCustomers(options);
  const absl::Time now = AssessmentTime();
  for (const SyntheticCustomer& c : customers) {
    const scoring::v1::RiskLevel risk = scoring::AssessHealth(c.facts, policy, now).risk();
    Count(report.rules, risk == scoring::v1::RISK_HIGH, c.churns);
    Count(report.rules_medium_or_high, risk >= scoring::v1::RISK_MEDIUM, c.churns);
  }
  // The largest X (the fewest flagged) whose recall reaches the rules'.
  for (int days = 730; days >= 0; --days) {
    const Confusion baseline = Baseline(customers, days);
    if (baseline.true_positives >= report.rules.true_positives) {
      report.baseline_days = days;
      report.baseline = baseline;
      break;
    }
  }
  for (int days : {30, 45, 60, 90, 120, 180}) {
    report.baseline_curve.emplace_back(days, Baseline(customers, days));
  }
  return report;
}

std::string FormatBacktestReport(const BacktestReport& report) {
  auto line = [](const std::string& what, const Confusion& c) {
    return absl::StrFormat("  %-44s %8d %8d %9.1f%% %7.1f%%\n", what, c.flagged, c.true_positives,
                           100 * c.Precision(), 100 * c.Recall());
  };
  std::string out = absl::StrFormat(
      "Scoring backtest: seed %d, %d customers, %d churn within 3 months of the assessment "
      "(2026-09-30)\n",
      report.options.seed, report.rules.customers, report.rules.churners);
  out += absl::StrFormat("  %-44s %8s %8s %10s %8s\n", "flagged by", "flagged", "churned",
                         "precision", "recall");
  out += line("health rules: high risk", report.rules);
  out += line(
      absl::StrFormat("baseline: last order >= %d days ago (same recall)", report.baseline_days),
      report.baseline);
  out += line("health rules: medium or high risk", report.rules_medium_or_high);
  for (const auto& [days, confusion] : report.baseline_curve) {
    out += line(absl::StrFormat("baseline: last order >= %d days ago", days), confusion);
  }
  return out;
}

}  // namespace crm::bench
