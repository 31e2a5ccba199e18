#include "services/scoring/rules/scorecard_rules.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"

namespace crm::scoring {
namespace {

constexpr int32_t kWeightsTotalBp = 10000;

double RoundTo2(double value) { return std::round(value * 100.0) / 100.0; }

// "82%", "82.5%": one decimal at most, none when whole.
std::string Percent(double percent) {
  const double rounded = std::round(percent * 10.0) / 10.0;
  if (rounded == std::floor(rounded)) return absl::StrFormat("%.0f%%", rounded);
  return absl::StrFormat("%.1f%%", rounded);
}

// "1,234": whole counts grouped like amounts.
std::string Grouped(int64_t value) {
  std::string digits =
      std::to_string(value < 0 ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value));
  std::string out;
  const int size = static_cast<int>(digits.size());
  for (int i = 0; i < size; ++i) {
    if (i > 0 && (size - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[static_cast<size_t>(i)]);
  }
  return value < 0 ? "-" + out : out;
}

void AddInput(v1::ScorecardComponent& component, const char* name, double value, const char* unit) {
  v1::ScorecardInput& input = *component.add_inputs();
  input.set_name(name);
  input.set_value(value);
  input.set_unit(unit);
}

// "<what> not available (<why>)".
std::string NotAvailable(std::string_view what, const Unavailable& unavailable) {
  if (unavailable.why.empty()) return crm::StrCat(what, " not available");
  return crm::StrCat(what, " not available (", unavailable.why, ")");
}

v1::ScorecardComponent Component(const char* name, int32_t weight_bp) {
  v1::ScorecardComponent component;
  component.set_component(name);
  component.set_weight_bp(weight_bp);
  return component;
}

void Finish(v1::ScorecardComponent& component, double score, std::string explanation) {
  const double clamped = RoundTo2(std::clamp(score, 0.0, 100.0));
  component.set_score(clamped);
  component.set_points(RoundTo2(clamped * component.weight_bp() / kWeightsTotalBp));
  component.set_explanation(std::move(explanation));
}

// `part` of `whole` as a percent; `whole` above zero.
double PercentOf(double part, double whole) { return part / whole * 100.0; }

}  // namespace

std::string FormatYuan(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  std::string text = money::FormatMoney(money);
  constexpr std::string_view kSuffix = " CNY";
  if (text.size() >= kSuffix.size() &&
      std::string_view(text).substr(text.size() - kSuffix.size()) == kSuffix) {
    text.resize(text.size() - kSuffix.size());
  }
  return text;
}

v1::ScorecardComponent ScoreSalesResult(const SalesResultInputs& inputs, int32_t weight_bp,
                                        std::string_view quarter) {
  v1::ScorecardComponent component = Component(kComponentSalesResult, weight_bp);
  if (inputs.target_minor.has_value()) {
    AddInput(component, "target", static_cast<double>(*inputs.target_minor), "fen");
  }
  if (inputs.won_minor.has_value()) {
    AddInput(component, "won_amount", static_cast<double>(*inputs.won_minor), "fen");
  }
  if (inputs.credited_minor.has_value()) {
    AddInput(component, "credited_amount", static_cast<double>(*inputs.credited_minor), "fen");
  }

  const std::string won_text = inputs.won_minor.has_value()
                                   ? crm::StrCat("won ", FormatYuan(*inputs.won_minor))
                                   : NotAvailable("won amount", inputs.won_unavailable);
  const std::string credited_text =
      inputs.credited_minor.has_value()
          ? crm::StrCat(FormatYuan(*inputs.credited_minor), " credited")
          : NotAvailable("credited amount", inputs.credited_unavailable);
  const bool any = inputs.won_minor.has_value() || inputs.credited_minor.has_value();
  const double achieved = static_cast<double>(inputs.won_minor.value_or(0)) +
                          static_cast<double>(inputs.credited_minor.value_or(0));

  if (!inputs.target_minor.has_value()) {
    Finish(component, 0,
           crm::StrCat(
               "no sales target set for ", quarter, ": ", won_text,
               inputs.won_minor.has_value() && inputs.credited_minor.has_value() ? " plus " : "; ",
               credited_text, ", not scored"));
    return component;
  }
  const int64_t target = *inputs.target_minor;
  const std::string target_text = FormatYuan(target);
  if (!any) {
    Finish(component, 0,
           crm::StrCat(won_text, "; ", credited_text, ": nothing to score against the ",
                       target_text, " target"));
    return component;
  }
  double score = 100;
  if (target > 0) score = PercentOf(achieved, static_cast<double>(target));
  AddInput(component, "achievement",
           target > 0 ? RoundTo2(PercentOf(achieved, static_cast<double>(target))) : 100.0,
           "percent");

  std::string explanation;
  if (inputs.won_minor.has_value()) {
    explanation =
        crm::StrCat("won ", FormatYuan(*inputs.won_minor), " of a ", target_text, " target");
    if (target > 0) {
      crm::StrAppend(
          &explanation, " (",
          Percent(PercentOf(static_cast<double>(*inputs.won_minor), static_cast<double>(target))),
          ")");
    }
    if (inputs.credited_minor.has_value()) {
      crm::StrAppend(&explanation, " plus ", credited_text);
      if (target > 0) crm::StrAppend(&explanation, ": ", Percent(score), " of the target");
    } else {
      crm::StrAppend(&explanation, "; ", credited_text);
    }
  } else {
    explanation = crm::StrCat(won_text, "; ", credited_text, " of a ", target_text, " target");
    if (target > 0) crm::StrAppend(&explanation, " (", Percent(score), ")");
  }
  if (target == 0) crm::StrAppend(&explanation, ": a zero target is met");
  Finish(component, std::min(score, 100.0), std::move(explanation));
  return component;
}

v1::ScorecardComponent ScoreDataCompleteness(const DataCompletenessInputs& inputs,
                                             int32_t weight_bp) {
  v1::ScorecardComponent component = Component(kComponentDataCompleteness, weight_bp);
  if (!inputs.customers.has_value() || !inputs.average_completeness.has_value()) {
    Finish(component, 0,
           crm::StrCat(NotAvailable("customer data completeness", inputs.unavailable),
                       ": nothing to score"));
    return component;
  }
  AddInput(component, "customers", static_cast<double>(*inputs.customers), "count");
  AddInput(component, "average_completeness", RoundTo2(*inputs.average_completeness), "percent");
  if (*inputs.customers == 0) {
    Finish(component, 0, "owns no live customers: nothing to measure");
    return component;
  }
  Finish(component, *inputs.average_completeness,
         crm::StrCat("the ", Grouped(*inputs.customers),
                     *inputs.customers == 1 ? " customer owned is " : " customers owned are ",
                     Percent(*inputs.average_completeness), " complete on average"));
  return component;
}

v1::ScorecardComponent ScoreProcessCompliance(const ProcessComplianceInputs& inputs,
                                              int32_t weight_bp) {
  v1::ScorecardComponent component = Component(kComponentProcessCompliance, weight_bp);
  std::vector<std::string> parts;
  std::vector<double> measures;

  if (inputs.opportunities_open.has_value() && inputs.follow_ups_overdue.has_value()) {
    const int64_t open = *inputs.opportunities_open;
    const int64_t overdue = std::min(*inputs.follow_ups_overdue, open);
    AddInput(component, "opportunities_open", static_cast<double>(open), "count");
    AddInput(component, "follow_ups_overdue", static_cast<double>(*inputs.follow_ups_overdue),
             "count");
    if (open > 0) {
      const double percent = PercentOf(static_cast<double>(open - overdue), open);
      AddInput(component, "follow_ups_on_time", RoundTo2(percent), "percent");
      measures.push_back(percent);
      parts.push_back(crm::StrCat(Grouped(open - overdue), " of ", Grouped(open),
                                  open == 1 ? " open opportunity" : " open opportunities",
                                  " without an overdue follow-up (", Percent(percent), ")"));
    } else {
      parts.push_back("no open opportunities");
    }
  } else {
    parts.push_back(NotAvailable("follow-ups", inputs.follow_ups_unavailable));
  }

  if (inputs.requests_sla_met.has_value() && inputs.requests_sla_breached.has_value()) {
    const int64_t met = *inputs.requests_sla_met;
    const int64_t due = met + *inputs.requests_sla_breached;
    AddInput(component, "requests_sla_met", static_cast<double>(met), "count");
    AddInput(component, "requests_sla_breached", static_cast<double>(*inputs.requests_sla_breached),
             "count");
    if (due > 0) {
      const double percent = PercentOf(static_cast<double>(met), static_cast<double>(due));
      AddInput(component, "requests_sla_met_share", RoundTo2(percent), "percent");
      measures.push_back(percent);
      parts.push_back(crm::StrCat(Grouped(met), " of ", Grouped(due),
                                  due == 1 ? " collaboration request" : " collaboration requests",
                                  " answered within the SLA (", Percent(percent), ")"));
    } else {
      parts.push_back("no collaboration requests due");
    }
  } else {
    parts.push_back(NotAvailable("collaboration SLAs", inputs.requests_unavailable));
  }

  if (inputs.approvals_in_time.has_value() && inputs.approvals_decided.has_value()) {
    const int64_t decided = *inputs.approvals_decided;
    const int64_t in_time = std::min(*inputs.approvals_in_time, decided);
    AddInput(component, "approvals_in_time", static_cast<double>(in_time), "count");
    AddInput(component, "approvals_decided", static_cast<double>(decided), "count");
    if (decided > 0) {
      const double percent = PercentOf(static_cast<double>(in_time), static_cast<double>(decided));
      measures.push_back(percent);
      parts.push_back(crm::StrCat(Grouped(in_time), " of ", Grouped(decided),
                                  " contract approvals in time (", Percent(percent), ")"));
    } else {
      parts.push_back("no contract approvals decided");
    }
  } else {
    parts.push_back(NotAvailable("contract approvals in time", inputs.approvals_unavailable));
  }

  std::string explanation = absl::StrJoin(parts, "; ");
  if (measures.empty()) {
    crm::StrAppend(&explanation, ": nothing to measure");
    Finish(component, 0, std::move(explanation));
    return component;
  }
  double sum = 0;
  for (double measure : measures) sum += measure;
  const double score = sum / static_cast<double>(measures.size());
  if (measures.size() > 1) {
    crm::StrAppend(&explanation, ": the mean of ", measures.size(), " measures");
  }
  Finish(component, score, std::move(explanation));
  return component;
}

v1::ScorecardComponent ScoreCustomerSatisfaction(const CustomerSatisfactionInputs& inputs,
                                                 int32_t weight_bp, std::string_view quarter) {
  v1::ScorecardComponent component = Component(kComponentCustomerSatisfaction, weight_bp);
  if (inputs.unavailable.has_value()) {
    Finish(component, 0,
           crm::StrCat(NotAvailable("survey answers", *inputs.unavailable), ": nothing to score"));
    return component;
  }
  AddInput(component, "survey_answers", static_cast<double>(inputs.answers), "count");
  if (inputs.answers <= 0) {
    Finish(component, 0,
           crm::StrCat("no survey answers for ", quarter, " from the customers owned"));
    return component;
  }
  const double mean = std::clamp(inputs.mean_score, 0.0, 10.0);
  AddInput(component, "mean_score", RoundTo2(mean), "score");
  Finish(component, mean * 10.0,
         crm::StrCat(Grouped(inputs.answers),
                     inputs.answers == 1 ? " survey answer" : " survey answers", " for ", quarter,
                     " averaging ", absl::StrFormat("%.1f", mean), " of 10"));
  return component;
}

double ScorecardTotal(const v1::Scorecard& scorecard) {
  double total = 0;
  for (const v1::ScorecardComponent& component : scorecard.components()) {
    total += component.points();
  }
  return RoundTo2(std::clamp(total, 0.0, 100.0));
}

void ValidateScorecardWeights(const v1::ScorecardWeights& weights, std::string_view field,
                              status::FieldViolations& violations) {
  const struct {
    const char* name;
    int32_t value;
  } each[] = {{"sales_result_bp", weights.sales_result_bp()},
              {"data_completeness_bp", weights.data_completeness_bp()},
              {"process_compliance_bp", weights.process_compliance_bp()},
              {"customer_satisfaction_bp", weights.customer_satisfaction_bp()}};
  int64_t sum = 0;
  bool in_range = true;
  for (const auto& weight : each) {
    if (weight.value < 0 || weight.value > kWeightsTotalBp) {
      in_range = false;
      violations.Add(crm::StrCat(field, ".", weight.name),
                     crm::StrCat(field, ".", weight.name, ": must be 0-10,000 basis points, got ",
                                 Grouped(weight.value)));
    }
    sum += weight.value;
  }
  if (in_range && sum != kWeightsTotalBp) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": the weights sum to ", Grouped(sum),
                               " basis points; they must sum to 10,000 (100%)"));
  }
}

}  // namespace crm::scoring
