#include "tools/crmctl/scoring_printer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/display_width.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::scoring::v1;

constexpr char kOrgUnitPrefix[] = "orgUnits/";
constexpr char kUserPrefix[] = "users/";
constexpr char kScoringCurrency[] = "CNY";

// ANSI colours, only when stdout is a terminal.
constexpr char kReset[] = "\033[0m";
constexpr char kRed[] = "\033[31m";
constexpr char kYellow[] = "\033[33m";
constexpr char kGreen[] = "\033[32m";
constexpr char kMagenta[] = "\033[1;35m";
constexpr char kCyan[] = "\033[36m";

std::string Coloured(std::string text, const char* colour, bool on) {
  if (!on || colour == nullptr || text.empty()) return text;
  return crm::StrCat(colour, text, kReset);
}

bool IsSet(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

// A CNY amount in fen as money text: "1,200,000.00 CNY (120.00万)".
std::string Fen(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(kScoringCurrency);
  money.set_minor_units(minor_units);
  return FullMoney(money);
}

// A measured value in its unit: fen as money, whole numbers without
// decimals, others with two.
std::string Measure(double value, std::string_view unit) {
  if (unit == "fen") return Fen(static_cast<int64_t>(std::llround(value)));
  if (std::fabs(value - std::round(value)) < 1e-9) {
    return crm::StrCat(static_cast<int64_t>(std::llround(value)));
  }
  return FormatDecimal(value, 2);
}

// A health signal's unit, as HealthSignal documents it.
std::string_view SignalUnit(std::string_view signal) {
  // Overdue receivables are measured in days past due (the amount is in the
  // reason).
  if (signal == "orders_trend") return "percent";
  if (signal == "days_since_activity" || signal == "days_since_visit" ||
      signal == "overdue_receivables") {
    return "days";
  }
  if (signal == "satisfaction_falling") return "score";
  return "count";
}

// A signal's value or threshold with its unit: "-100%", "35 days", "2".
std::string SignalMeasure(double value, std::string_view unit) {
  const std::string number = Measure(value, unit);
  if (unit == "percent") return crm::StrCat(number, "%");
  if (unit == "days") return crm::StrCat(number, " days");
  return number;
}

// "40.00%" from basis points.
std::string Weight(int32_t basis_points) {
  return crm::StrCat(FormatDecimal(basis_points / 100.0, 2), "%");
}

std::string Score(double score) { return FormatDecimal(score, 1); }

// The heaviest reasons of a list row: the first three, then how many more
// ("risk show" prints them all).
std::string FirstReasons(const google::protobuf::RepeatedPtrField<std::string>& reasons) {
  constexpr int kShown = 3;
  std::vector<std::string> shown;
  for (int i = 0; i < reasons.size() && i < kShown; ++i) shown.push_back(reasons[i]);
  std::string text = absl::StrJoin(shown, "; ");
  if (reasons.size() > kShown) crm::StrAppend(&text, "; +", reasons.size() - kShown, " more");
  return text;
}

std::string CustomerWords(const std::string& display_name, const std::string& customer) {
  return display_name.empty() ? LastSegment(customer) : display_name;
}

// "A (coordinated by orgUnits/hq)".
std::string TierWithCoordinator(v1::Tier tier, const std::string& coordinated_by) {
  const std::string text = TierName(tier);
  if (text.empty()) return "not scored yet";
  if (coordinated_by.empty()) return text;
  return crm::StrCat(text, " (coordinated by ", coordinated_by, ")");
}

// A value factor's input in its unit: money, "12.5%", "0.91 years", "yes".
std::string FactorInput(const v1::ValueFactor& factor) {
  const std::string& unit = factor.unit();
  if (unit == "fen") return Measure(factor.value(), unit);
  if (unit == "percent") return crm::StrCat(FormatDecimal(factor.value(), 1), "%");
  if (unit == "bp") return Weight(static_cast<int32_t>(std::llround(factor.value())));
  if (unit == "flag") return factor.value() != 0 ? "yes" : "no";
  if (unit.empty()) return Measure(factor.value(), unit);
  return crm::StrCat(Measure(factor.value(), unit), " ", unit);
}

void PrintValueFactors(const v1::ValueAssessment& value, std::ostream& out) {
  TablePrinter table({"FACTOR", "INPUT", "WEIGHT", "POINTS", "WHY"});
  for (const v1::ValueFactor& factor : value.factors()) {
    table.AddRow({factor.factor(), FactorInput(factor), Weight(factor.weight_bp()),
                  Score(factor.points()), factor.explanation()});
  }
  table.Print(out);
}

void PrintSignals(const v1::HealthAssessment& health, std::ostream& out) {
  TablePrinter table({"SIGNAL", "VALUE", "THRESHOLD", "WEIGHT", "PENALTY", "TRIGGERED", "REASON"});
  for (const v1::HealthSignal& signal : health.signals()) {
    const std::string_view unit = SignalUnit(signal.signal());
    table.AddRow({signal.signal(), SignalMeasure(signal.value(), unit),
                  SignalMeasure(signal.threshold(), unit), Weight(signal.weight_bp()),
                  Score(signal.penalty()), signal.triggered() ? "yes" : "no", signal.reason()});
  }
  table.Print(out);
}

// The reasons as list items: "- ..." each.
std::vector<std::string> Reasons(const google::protobuf::RepeatedPtrField<std::string>& reasons) {
  return {reasons.begin(), reasons.end()};
}

const char* TierColour(v1::Tier tier) {
  switch (tier) {
    case v1::TIER_A:
      return kMagenta;
    case v1::TIER_B:
      return kCyan;
    default:
      return nullptr;
  }
}

const char* RiskColour(v1::RiskLevel risk) {
  switch (risk) {
    case v1::RISK_HIGH:
      return kRed;
    case v1::RISK_MEDIUM:
      return kYellow;
    case v1::RISK_LOW:
      return kGreen;
    default:
      return nullptr;
  }
}

std::string CountsText(const v1::GroupOverview& overview) {
  std::vector<std::string> tiers;
  for (const v1::TierCount& count : overview.tier_counts()) {
    tiers.push_back(crm::StrCat(TierName(count.tier()), " ", GroupDigits(count.customers())));
  }
  return absl::StrJoin(tiers, ", ");
}

std::string RiskCountsText(const v1::GroupOverview& overview) {
  std::vector<std::string> risks;
  for (const v1::RiskCount& count : overview.risk_counts()) {
    risks.push_back(crm::StrCat(RiskLevelName(count.risk()), " ", GroupDigits(count.customers())));
  }
  return absl::StrJoin(risks, ", ");
}

std::string Money(const common::v1::Money& money) {
  return money.currency_code().empty() ? Fen(money.minor_units()) : FullMoney(money);
}

}  // namespace

std::string TierText(v1::Tier tier, bool colour) {
  return Coloured(TierName(tier), TierColour(tier), colour);
}

std::string RiskText(v1::RiskLevel risk, bool colour) {
  if (risk == v1::RISK_LEVEL_UNSPECIFIED) return "";
  return Coloured(crm::StrCat(RiskLevelName(risk), " ", RiskLevelChineseName(risk)),
                  RiskColour(risk), colour);
}

void PrintCustomerOverview(const v1::CustomerOverview& overview, std::ostream& out) {
  RecordPrinter record;
  record.Add("customer", overview.customer());
  record.Add("display_name", overview.display_name());
  record.Add("owner_org_unit", overview.owner_org_unit());
  record.Add("tier", TierWithCoordinator(overview.tier(), overview.coordinated_by()));
  const v1::ValueAssessment& value = overview.value();
  std::string value_text = crm::StrCat(Score(value.score()), " of 100");
  if (value.computed_tier() != v1::TIER_UNSPECIFIED) {
    crm::StrAppend(&value_text, ", computed tier ", TierName(value.computed_tier()));
  }
  record.Add("value", value_text);
  if (!value.tier_reason().empty()) record.Add("tier_reason", value.tier_reason());
  if (value.has_annual_purchases()) {
    record.Add("annual_purchases", Money(value.annual_purchases()));
  }
  const v1::HealthAssessment& health = overview.health();
  std::string health_text = crm::StrCat(Score(health.score()), " of 100");
  if (health.risk() != v1::RISK_LEVEL_UNSPECIFIED) {
    crm::StrAppend(&health_text, ", ", RiskText(health.risk(), false), " risk");
  }
  record.Add("health", health_text);
  record.AddList("reasons", Reasons(health.reasons()));
  record.Add("pipeline_open", Money(overview.pipeline_open()));
  record.Add("pipeline_weighted", Money(overview.pipeline_weighted()));
  record.Add("active_contract_value", Money(overview.active_contract_value()));
  record.Add("receivable", Money(overview.receivable()));
  record.Add("overdue", Money(overview.overdue()));
  record.Add("last_activity_time", IsSet(overview.last_activity_time())
                                       ? FormatTimestamp(overview.last_activity_time())
                                       : "none");
  record.Add("last_visit_time", IsSet(overview.last_visit_time())
                                    ? FormatTimestamp(overview.last_visit_time())
                                    : "none");
  record.Add("open_requests", crm::StrCat(overview.open_collaboration_requests()));
  record.Add("churn_warning", overview.churn_warning().empty()
                                  ? "none"
                                  : crm::StrCat(overview.churn_warning(), " (open)"));
  record.Add("refresh_time", FormatTimestamp(overview.refresh_time()));
  record.Print(out);
  if (!value.factors().empty()) {
    out << "\nvalue factors (policy version " << value.policy_version() << "):\n";
    PrintValueFactors(value, out);
  }
  if (!health.signals().empty()) {
    out << "\nhealth signals (policy version " << health.policy_version() << "):\n";
    PrintSignals(health, out);
  }
  for (const std::string& note : overview.notes()) out << "note: " << note << '\n';
}

std::string GroupTreeText(const v1::GroupOverview& overview, bool colour, int max_depth) {
  std::string text;
  int64_t deeper = 0;
  for (const v1::GroupOverviewNode& node : overview.nodes()) {
    if (max_depth >= 0 && node.depth() > max_depth) {
      ++deeper;
      continue;
    }
    std::string line(static_cast<size_t>(std::max(0, node.depth())) * 2, ' ');
    const std::string name = node.display_name().empty() ? node.node() : node.display_name();
    crm::StrAppend(&line, SingleLine(name));
    std::vector<std::string> marks;
    if (node.tier() != v1::TIER_UNSPECIFIED) {
      marks.push_back(crm::StrCat("tier ", TierText(node.tier(), colour)));
    }
    if (node.risk() != v1::RISK_LEVEL_UNSPECIFIED) {
      marks.push_back(
          crm::StrCat(RiskText(node.risk(), colour), " risk, health ", Score(node.health_score())));
    }
    if (marks.empty()) {
      // GroupOverviewNode: no customer and no name is a department or
      // business line; a name without a customer is one outside the scope.
      if (!node.customer().empty()) {
        marks.push_back("not scored yet");
      } else if (node.display_name().empty()) {
        marks.push_back("department");
      } else {
        marks.push_back("outside your scope");
      }
    }
    if (!marks.empty()) crm::StrAppend(&line, "  [", absl::StrJoin(marks, "; "), "]");
    crm::StrAppend(&text, line, "\n");
  }
  if (deeper > 0) {
    crm::StrAppend(&text, "… ", GroupDigits(deeper), deeper == 1 ? " node" : " nodes",
                   " below depth ", max_depth, " not shown\n");
  }
  return text;
}

void PrintGroupOverview(const v1::GroupOverview& overview, bool colour, int max_depth,
                        std::ostream& out) {
  RecordPrinter record;
  record.Add("node", overview.node());
  record.Add("display_name", overview.display_name());
  record.Add("customers", GroupDigits(overview.customers()));
  record.Add("annual_purchases", Money(overview.annual_purchases()));
  record.Add("pipeline_open", Money(overview.pipeline_open()));
  record.Add("pipeline_weighted", Money(overview.pipeline_weighted()));
  record.Add("active_contract_value", Money(overview.active_contract_value()));
  record.Add("receivable", Money(overview.receivable()));
  record.Add("overdue", Money(overview.overdue()));
  if (overview.worst_risk() != v1::RISK_LEVEL_UNSPECIFIED) {
    record.Add("worst", crm::StrCat(RiskText(overview.worst_risk(), colour), " risk, health ",
                                    Score(overview.worst_health_score())));
  }
  record.Add("weighted_health", Score(overview.weighted_health_score()));
  record.Add("tiers", CountsText(overview));
  record.Add("risks", RiskCountsText(overview));
  record.Print(out);
  if (overview.partial()) {
    out << "Partial: the figures count only the customers of this group you may see; others "
           "are left out.\n";
  } else {
    out << "Every customer of the subtree is counted.\n";
  }
  if (!overview.nodes().empty()) {
    out << "\ntree (tier; risk and health 0-100 of each customer):\n"
        << GroupTreeText(overview, colour, max_depth);
    if (overview.nodes_truncated()) {
      out << "… the subtree has more nodes than the " << GroupDigits(overview.nodes_size())
          << " listed; --nodes N (up to 5,000) lists more\n";
    }
  }
  if (!overview.at_risk().empty()) {
    out << "\nmembers at risk, least healthy first:\n";
    TablePrinter table({"CUSTOMER", "OWNER", "TIER", "RISK", "HEALTH", "REASONS"});
    for (const v1::AtRiskMember& member : overview.at_risk()) {
      table.AddRow({CustomerWords(member.display_name(), member.customer()),
                    WithoutPrefix(member.owner_org_unit(), kOrgUnitPrefix), TierName(member.tier()),
                    RiskLevelName(member.risk()), Score(member.health_score()),
                    absl::StrJoin(member.reasons(), "; ")});
    }
    table.Print(out);
  } else {
    out << "\nNo members at medium or high risk.\n";
  }
}

void PrintCustomerFacts(const v1::CustomerFacts& facts, std::ostream& out) {
  RecordPrinter record;
  record.Add("customer", facts.customer());
  record.Add("first_signed_date", FormatDate(facts.first_signed_date()));
  record.Add("pipeline_open", Money(facts.pipeline_open()));
  record.Add("pipeline_weighted", Money(facts.pipeline_weighted()));
  record.Add("active_contract_value", Money(facts.active_contract_value()));
  record.Add("receivable", Money(facts.receivable()));
  record.Add("overdue", Money(facts.overdue()));
  record.Add("overdue_days", crm::StrCat(facts.overdue_days()));
  record.Add("last_activity_time", FormatTimestamp(facts.last_activity_time()));
  record.Add("last_visit_time", FormatTimestamp(facts.last_visit_time()));
  record.Add("expiring_without_renewal", crm::StrCat(facts.expiring_without_renewal()));
  record.Add("delivery_problems", crm::StrCat(facts.delivery_problems()));
  record.Add("open_requests", crm::StrCat(facts.open_collaboration_requests()));
  record.Add("satisfaction_latest", facts.has_satisfaction_latest()
                                        ? FormatDecimal(facts.satisfaction_latest().value(), 1)
                                        : "");
  record.Add("satisfaction_previous", facts.has_satisfaction_previous()
                                          ? FormatDecimal(facts.satisfaction_previous().value(), 1)
                                          : "");
  record.Add("margin", facts.has_margin_bp() ? Weight(facts.margin_bp().value()) : "");
  record.Add("strategic", facts.strategic() ? "yes" : "no");
  record.Add("refresh_time", FormatTimestamp(facts.refresh_time()));
  record.Print(out);
  TablePrinter table({"MONTH", "PURCHASES", "RECEIPTS", "COMPLAINTS"});
  for (int i = 0; i < facts.purchases_size(); ++i) {
    const std::string& month = facts.purchases(i).month();
    std::string receipts, complaints;
    for (const v1::MonthFigure& figure : facts.receipts()) {
      if (figure.month() == month) receipts = Fen(figure.value());
    }
    for (const v1::MonthFigure& figure : facts.complaints()) {
      if (figure.month() == month) complaints = crm::StrCat(figure.value());
    }
    table.AddRow({month, Fen(facts.purchases(i).value()), receipts, complaints});
  }
  if (table.row_count() > 0) {
    out << "\nmonths:\n";
    table.Print(out);
  }
}

void PrintAtRiskList(const v1::ListAtRiskCustomersResponse& response, std::ostream& out) {
  TablePrinter table({"CUSTOMER", "NAME", "OWNER", "TIER", "RISK", "HEALTH", "REASONS"});
  for (const v1::AtRiskMember& member : response.customers()) {
    table.AddRow({LastSegment(member.customer()), member.display_name(),
                  WithoutPrefix(member.owner_org_unit(), kOrgUnitPrefix), TierName(member.tier()),
                  RiskLevelName(member.risk()), Score(member.health_score()),
                  absl::StrJoin(member.reasons(), "; ")});
  }
  table.Print(out);
}

int AtRiskCount(const v1::ListAtRiskCustomersResponse& response) {
  return response.customers_size();
}

void PrintChurnWarning(const v1::ChurnWarning& warning, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", warning.name());
  record.Add("state", ChurnWarningStateName(warning.state()));
  record.Add("customer", warning.customer());
  record.Add("display_name", warning.display_name());
  record.Add("owner_org_unit", warning.owner_org_unit());
  record.Add("tier", TierName(warning.tier()));
  record.Add("health", Score(warning.health_score()));
  record.AddList("reasons", Reasons(warning.reasons()));
  record.Add("raise_time", FormatTimestamp(warning.raise_time()));
  record.Add("clear_time", FormatTimestamp(warning.clear_time()));
  if (warning.has_retention_plan()) {
    const v1::RetentionPlan& plan = warning.retention_plan();
    record.Add("plan", plan.actions());
    record.Add("plan_owner", plan.owner());
    record.Add("plan_due", FormatDate(plan.due_date()));
    record.Add("outcome", RetentionOutcomeName(plan.outcome()));
    if (!plan.outcome_note().empty()) record.Add("outcome_note", plan.outcome_note());
    record.Add("recorded_by", plan.recorded_by());
    record.Add("plan_update_time", FormatTimestamp(plan.update_time()));
  } else {
    record.Add("plan", "none yet (crmctl risk plan)");
  }
  record.Add("etag", warning.etag());
  record.Print(out);
}

void PrintChurnWarningList(const v1::ListChurnWarningsResponse& response, std::ostream& out) {
  TablePrinter table(
      {"ID", "STATE", "CUSTOMER", "OWNER", "TIER", "HEALTH", "RAISED", "PLAN", "REASONS"});
  for (const v1::ChurnWarning& warning : response.churn_warnings()) {
    std::string plan = "none";
    if (warning.has_retention_plan()) {
      plan = RetentionOutcomeName(warning.retention_plan().outcome());
      if (plan.empty()) plan = "recorded";
    }
    table.AddRow({LastSegment(warning.name()), ChurnWarningStateName(warning.state()),
                  CustomerWords(warning.display_name(), warning.customer()),
                  WithoutPrefix(warning.owner_org_unit(), kOrgUnitPrefix), TierName(warning.tier()),
                  Score(warning.health_score()), FormatTimestamp(warning.raise_time()), plan,
                  FirstReasons(warning.reasons())});
  }
  table.Print(out);
}

int ChurnWarningCount(const v1::ListChurnWarningsResponse& response) {
  return response.churn_warnings_size();
}

void PrintTierReview(const v1::TierReview& review, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", review.name());
  record.Add("open_time", FormatTimestamp(review.open_time()));
  record.Add("opened_by", review.opened_by());
  record.Add("pending", GroupDigits(review.pending()));
  record.Add("approved", GroupDigits(review.approved()));
  record.Add("overridden", GroupDigits(review.overridden()));
  record.Add("policy_version", crm::StrCat(review.policy_version()));
  record.Print(out);
  out << "Counts are of the proposals in your scope. Decide with \"crmctl tier review approve\" "
         "or \"override\" (strategy role at HQ).\n";
}

void PrintTierProposal(const v1::TierProposal& proposal, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", proposal.name());
  record.Add("state", TierProposalStateName(proposal.state()));
  record.Add("customer", proposal.customer());
  record.Add("display_name", proposal.display_name());
  record.Add("owner_org_unit", proposal.owner_org_unit());
  record.Add("change", crm::StrCat(TierName(proposal.current_tier()), " → ",
                                   TierName(proposal.proposed_tier())));
  record.AddList("reasons", Reasons(proposal.reasons()));
  record.Add("annual_purchases", Money(proposal.annual_purchases()));
  record.Add("value_score", Score(proposal.value_score()));
  if (proposal.decided_tier() != v1::TIER_UNSPECIFIED) {
    record.Add("decided_tier", TierName(proposal.decided_tier()));
    record.Add("decided_by", proposal.decided_by());
    record.Add("decision_reason", proposal.decision_reason());
    record.Add("decide_time", FormatTimestamp(proposal.decide_time()));
  }
  record.Add("etag", proposal.etag());
  record.Print(out);
}

void PrintTierProposalList(const v1::ListTierProposalsResponse& response, std::ostream& out) {
  TablePrinter table(
      {"CUSTOMER", "NAME", "OWNER", "CHANGE", "STATE", "DECIDED", "PURCHASES", "VALUE", "REASONS"});
  for (const v1::TierProposal& proposal : response.proposals()) {
    table.AddRow(
        {LastSegment(proposal.customer()), proposal.display_name(),
         WithoutPrefix(proposal.owner_org_unit(), kOrgUnitPrefix),
         crm::StrCat(TierName(proposal.current_tier()), " → ", TierName(proposal.proposed_tier())),
         TierProposalStateName(proposal.state()), TierName(proposal.decided_tier()),
         ShortMoney(proposal.annual_purchases()), Score(proposal.value_score()),
         absl::StrJoin(proposal.reasons(), "; ")});
  }
  table.Print(out);
}

int TierProposalCount(const v1::ListTierProposalsResponse& response) {
  return response.proposals_size();
}

void PrintTierHistory(const v1::ListTierHistoryResponse& response, std::ostream& out) {
  TablePrinter table({"TIME", "QUARTER", "CHANGE", "DECIDED_BY", "REASON"});
  for (const v1::TierChange& change : response.changes()) {
    table.AddRow({FormatTimestamp(change.change_time()), change.quarter(),
                  crm::StrCat(TierName(change.from_tier()), " → ", TierName(change.to_tier())),
                  WithoutPrefix(change.decided_by(), kUserPrefix), change.reason()});
  }
  table.Print(out);
}

int TierChangeCount(const v1::ListTierHistoryResponse& response) { return response.changes_size(); }

namespace {

std::string InputText(const v1::ScorecardInput& input) {
  if (input.unit() == "fen") return crm::StrCat(input.name(), " ", Measure(input.value(), "fen"));
  if (input.unit() == "percent") {
    return crm::StrCat(input.name(), " ", FormatPercent(input.value()));
  }
  return crm::StrCat(input.name(), " ", Measure(input.value(), input.unit()));
}

const v1::ScorecardComponent* FindComponent(const v1::Scorecard& scorecard,
                                            std::string_view component) {
  for (const v1::ScorecardComponent& candidate : scorecard.components()) {
    if (candidate.component() == component) return &candidate;
  }
  return nullptr;
}

constexpr std::string_view kComponents[] = {"sales_result", "data_completeness",
                                            "process_compliance", "customer_satisfaction"};

// "orgUnits/sub-east/scorecards/2026Q4" -> "sub-east".
std::string ScorecardOrgUnit(const std::string& name) {
  const std::string without = WithoutPrefix(name, kOrgUnitPrefix);
  return without.substr(0, without.find('/'));
}

}  // namespace

void PrintScorecard(const v1::Scorecard& scorecard, std::ostream& out) {
  out << scorecard.name() << ": total " << Score(scorecard.total()) << " of 100";
  if (IsSet(scorecard.compute_time())) {
    out << " (computed " << FormatTimestamp(scorecard.compute_time()) << ")";
  }
  out << '\n';
  TablePrinter table({"COMPONENT", "WEIGHT", "SCORE", "POINTS", "INPUTS"});
  for (const v1::ScorecardComponent& component : scorecard.components()) {
    std::vector<std::string> inputs;
    for (const v1::ScorecardInput& input : component.inputs()) inputs.push_back(InputText(input));
    table.AddRow({component.component(), Weight(component.weight_bp()), Score(component.score()),
                  Score(component.points()), absl::StrJoin(inputs, ", ")});
  }
  table.Print(out);
  for (const v1::ScorecardComponent& component : scorecard.components()) {
    if (component.explanation().empty()) continue;
    out << "  " << component.component() << ": " << component.explanation() << '\n';
  }
}

void PrintScorecardList(const v1::ListScorecardsResponse& response, std::ostream& out) {
  TablePrinter table({"RANK", "ORG_UNIT", "TOTAL", "SALES", "DATA", "PROCESS", "SATISFACTION"});
  int rank = 0;
  for (const v1::Scorecard& scorecard : response.scorecards()) {
    std::vector<std::string> row = {crm::StrCat(++rank), ScorecardOrgUnit(scorecard.name()),
                                    Score(scorecard.total())};
    for (std::string_view name : kComponents) {
      const v1::ScorecardComponent* component = FindComponent(scorecard, name);
      row.push_back(component == nullptr ? "" : Score(component->score()));
    }
    table.AddRow(std::move(row));
  }
  table.Print(out);
  out << "Component scores are 0-100; the total weighs them (\"crmctl scoring policy get\").\n";
  for (const v1::Scorecard& scorecard : response.scorecards()) {
    out << '\n' << ScorecardOrgUnit(scorecard.name()) << ":\n";
    for (const v1::ScorecardComponent& component : scorecard.components()) {
      std::vector<std::string> inputs;
      for (const v1::ScorecardInput& input : component.inputs()) {
        inputs.push_back(InputText(input));
      }
      out << "  " << component.component() << " " << Score(component.score()) << " × "
          << Weight(component.weight_bp()) << " = " << Score(component.points());
      if (!component.explanation().empty()) out << ": " << component.explanation();
      if (!inputs.empty()) out << " (" << absl::StrJoin(inputs, ", ") << ")";
      out << '\n';
    }
  }
}

void PrintSalesTarget(const v1::SalesTarget& target, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", target.name());
  record.Add("amount", Money(target.amount()));
  record.Add("set_by", target.set_by());
  record.Add("update_time", FormatTimestamp(target.update_time()));
  record.Add("etag", target.etag());
  record.Print(out);
}

void PrintSalesTargetList(const v1::ListSalesTargetsResponse& response, std::ostream& out) {
  if (response.sales_targets().empty()) {
    out << "No sales targets found.\n";
    return;
  }
  TablePrinter table({"ORG_UNIT", "QUARTER", "TARGET", "SET_BY", "UPDATED"});
  for (const v1::SalesTarget& target : response.sales_targets()) {
    const std::string org_unit = WithoutPrefix(target.name(), kOrgUnitPrefix);
    table.AddRow({org_unit.substr(0, org_unit.find('/')), LastSegment(target.name()),
                  FullMoney(target.amount()), WithoutPrefix(target.set_by(), kUserPrefix),
                  FormatTimestamp(target.update_time())});
  }
  table.Print(out);
}

void PrintSurvey(const v1::Survey& survey, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", survey.name());
  record.Add("customer", survey.customer());
  record.Add("contact", survey.contact());
  record.Add("period", survey.period());
  record.Add("score", crm::StrCat(survey.score(), " of 10"));
  record.Add("comment", survey.comment());
  record.Add("org_unit", survey.org_unit());
  record.Add("recorded_by", survey.recorded_by());
  record.Add("create_time", FormatTimestamp(survey.create_time()));
  record.Print(out);
}

void PrintSurveyList(const v1::ListSurveysResponse& response, std::ostream& out) {
  TablePrinter table({"ID", "PERIOD", "CUSTOMER", "CONTACT", "SCORE", "ORG_UNIT", "COMMENT"});
  for (const v1::Survey& survey : response.surveys()) {
    table.AddRow({LastSegment(survey.name()), survey.period(), LastSegment(survey.customer()),
                  LastSegment(survey.contact()), crm::StrCat(survey.score()),
                  WithoutPrefix(survey.org_unit(), kOrgUnitPrefix), SingleLine(survey.comment())});
  }
  table.Print(out);
}

int SurveyCount(const v1::ListSurveysResponse& response) { return response.surveys_size(); }

std::string RebuildProgress(const v1::FactsRebuild& rebuild) {
  std::string text = crm::StrCat(FactsRebuildStateName(rebuild.state()), ": ",
                                 GroupDigits(rebuild.customers_done()), " of ",
                                 GroupDigits(rebuild.customers_total()), " customers");
  if (rebuild.customers_total() > 0) {
    crm::StrAppend(&text, " (",
                   static_cast<int64_t>(100 * rebuild.customers_done() / rebuild.customers_total()),
                   "%)");
  }
  return text;
}

void PrintFactsRebuild(const v1::FactsRebuild& rebuild, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", rebuild.name());
  record.Add("progress", RebuildProgress(rebuild));
  record.Add("started_by", rebuild.started_by());
  record.Add("start_time", FormatTimestamp(rebuild.start_time()));
  record.Add("end_time", FormatTimestamp(rebuild.end_time()));
  if (!rebuild.error().empty()) record.Add("error", rebuild.error());
  record.Print(out);
}

void PrintScoringPolicy(const v1::ScoringPolicy& policy, std::ostream& out) {
  RecordPrinter record;
  const v1::ValueWeights& weights = policy.value_weights();
  record.Add(
      "value_weights",
      crm::StrCat("annual purchases ", Weight(weights.annual_purchases_bp()),
                  ", profit contribution ", Weight(weights.profit_contribution_bp()), ", tenure ",
                  Weight(weights.tenure_bp()), ", growth ", Weight(weights.growth_bp()),
                  ", strategic ", Weight(weights.strategic_bp())));
  record.Add("tier_a", crm::StrCat("above ", Money(policy.tier_a_min()), ", or strategic"));
  record.Add("tier_b", crm::StrCat("from ", Money(policy.tier_b_min())));
  record.Add("full_marks", crm::StrCat("tenure ", policy.tenure_full_years(), " years, growth ",
                                       policy.growth_full_percent(), "%, margin ",
                                       Weight(policy.margin_full_bp())));
  record.Add("risk", crm::StrCat("high below health ", Score(policy.high_risk_below()),
                                 ", medium below ", Score(policy.medium_risk_below())));
  const v1::ScorecardWeights& scorecard = policy.scorecard_weights();
  record.Add("scorecard_weights",
             crm::StrCat("sales result ", Weight(scorecard.sales_result_bp()),
                         ", data completeness ", Weight(scorecard.data_completeness_bp()),
                         ", process compliance ", Weight(scorecard.process_compliance_bp()),
                         ", customer satisfaction ", Weight(scorecard.customer_satisfaction_bp())));
  record.Add("version", crm::StrCat(policy.version()));
  record.Add("updated_by", policy.updated_by());
  record.Add("update_time", FormatTimestamp(policy.update_time()));
  record.Add("etag", policy.etag());
  record.Print(out);
  if (policy.signals().empty()) return;
  out << "\nhealth signals:\n";
  TablePrinter table({"SIGNAL", "THRESHOLD", "WEIGHT"});
  for (const v1::SignalRule& rule : policy.signals()) {
    table.AddRow({rule.signal(), SignalMeasure(rule.threshold(), SignalUnit(rule.signal())),
                  Weight(rule.weight_bp())});
  }
  table.Print(out);
}

void PrintScoringProfile(const v1::ScoringProfile& profile, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", profile.name());
  record.Add("strategic", profile.strategic() ? "yes" : "no");
  record.Add("margin", profile.has_margin_bp() ? Weight(profile.margin_bp().value()) : "not known");
  record.Add("reason", profile.reason());
  record.Add("updated_by", profile.updated_by());
  record.Add("update_time", FormatTimestamp(profile.update_time()));
  record.Add("etag", profile.etag());
  record.Print(out);
}

}  // namespace crm::crmctl
