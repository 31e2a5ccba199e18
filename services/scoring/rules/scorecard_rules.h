#ifndef CRM_SERVICES_SCORING_RULES_SCORECARD_RULES_H_
#define CRM_SERVICES_SCORING_RULES_SCORECARD_RULES_H_

// The org-unit scorecard (考核, DOMAIN.md "Seller-side scorecard"): each
// component's 0-100 score from its inputs, its points (score × weight) and
// the total, with the inputs and an explanation in words. Pure: the
// handlers (scorecard/) gather the inputs from the other services and the
// surveys, and say here which of them could not be had.
//
// An input a service could not give is nullopt: the component is scored on
// the inputs that are there, the missing one is named in the explanation
// ("credited amount not available: the collaboration service did not
// answer"), and it is left out of the component's inputs. Nothing is ever
// invented for it. A component with nothing to measure scores 0 and says
// why.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/status/status.h"

namespace crm::scoring {

// The components' names (ScorecardComponent.component), in scorecard order.
inline constexpr char kComponentSalesResult[] = "sales_result";
inline constexpr char kComponentDataCompleteness[] = "data_completeness";
inline constexpr char kComponentProcessCompliance[] = "process_compliance";
inline constexpr char kComponentCustomerSatisfaction[] = "customer_satisfaction";

// Why an input is missing, for the explanation: "<input> not available:
// <why>", e.g. "the opportunity service did not answer".
struct Unavailable {
  std::string why;
};

// Sales result: the won amount of the quarter against the target, plus what
// collaboration credited the org unit as a contributor on others' deals.
// Score: min(100, (won + credited) / target × 100); a target of 0 with
// anything won or credited, or with nothing expected, is 100; no target set
// scores 0 ("no sales target set for 2026Q4").
struct SalesResultInputs {
  // CNY fen. nullopt: no target set for the quarter.
  std::optional<int64_t> target_minor;
  // Won opportunities closed in the quarter (owned in the org unit's
  // subtree); absent: `won_unavailable` says why.
  std::optional<int64_t> won_minor;
  Unavailable won_unavailable;
  // Credited as a contributor on deals it did not own (collaboration's
  // credit report for the quarter); absent: `credited_unavailable` says why.
  std::optional<int64_t> credited_minor;
  Unavailable credited_unavailable;
};

// Customer data completeness: the customer service's mean completeness of
// the customers the org unit owns (0-100), which is the score.
struct DataCompletenessInputs {
  // Customers counted and their mean completeness; absent: `unavailable`.
  std::optional<int64_t> customers;
  std::optional<double> average_completeness;
  Unavailable unavailable;
};

// Process compliance: the mean of the measures that can be had and have
// something to measure — open opportunities without an overdue follow-up
// (percent of the open ones), collaboration requests whose response SLA the
// org unit met (percent of those met or breached), contract approvals in
// time (percent). Each absent measure is named with its reason.
struct ProcessComplianceInputs {
  // Open opportunities owned in the subtree and those whose next follow-up
  // date is past.
  std::optional<int64_t> opportunities_open;
  std::optional<int64_t> follow_ups_overdue;
  Unavailable follow_ups_unavailable;
  // Requests the org unit was asked to help on, due in the quarter: answered
  // in time, and answered late or not at all once due.
  std::optional<int64_t> requests_sla_met;
  std::optional<int64_t> requests_sla_breached;
  Unavailable requests_unavailable;
  // Contract approvals decided in time, and all decided.
  std::optional<int64_t> approvals_in_time;
  std::optional<int64_t> approvals_decided;
  Unavailable approvals_unavailable;
};

// Customer satisfaction: the mean survey score (0-10) of the org unit's
// customers for the quarter × 10.
struct CustomerSatisfactionInputs {
  // Survey answers counted and their mean; none: the component scores 0.
  int64_t answers = 0;
  double mean_score = 0;
  // Set when the answers could not be read.
  std::optional<Unavailable> unavailable;
};

// Each component, scored: weight_bp from `weight_bp`, score 0-100, points =
// score × weight_bp / 10,000, inputs and explanation.
v1::ScorecardComponent ScoreSalesResult(const SalesResultInputs& inputs, int32_t weight_bp,
                                        std::string_view quarter);
v1::ScorecardComponent ScoreDataCompleteness(const DataCompletenessInputs& inputs,
                                             int32_t weight_bp);
v1::ScorecardComponent ScoreProcessCompliance(const ProcessComplianceInputs& inputs,
                                              int32_t weight_bp);
v1::ScorecardComponent ScoreCustomerSatisfaction(const CustomerSatisfactionInputs& inputs,
                                                 int32_t weight_bp, std::string_view quarter);

// The total of the components' points (0-100), set on `scorecard`.
double ScorecardTotal(const v1::Scorecard& scorecard);

// Adds a violation under `field` ("scoring_policy.scorecard_weights") for
// each weight outside 0-10,000 and one when they do not sum to 10,000,
// naming the sum, e.g. "scoring_policy.scorecard_weights: the weights sum to
// 9,000 basis points; they must sum to 10,000 (100%)".
void ValidateScorecardWeights(const v1::ScorecardWeights& weights, std::string_view field,
                              status::FieldViolations& violations);

// "8,200,000.00" for 820000000 fen: CNY amounts in explanations.
std::string FormatYuan(int64_t fen);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_SCORECARD_RULES_H_
