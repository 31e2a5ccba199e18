#ifndef CRM_TOOLS_CRMCTL_SCORING_PRINTER_H_
#define CRM_TOOLS_CRMCTL_SCORING_PRINTER_H_

#include <ostream>
#include <string>

#include "crm/scoring/v1/scoring_service.pb.h"

namespace crm::crmctl {

// Scores, warnings, reviews and scorecards for a terminal: one resource as a
// key-value block, lists as tables (ids without their prefix), reasons in
// the service's words. -o json prints the responses themselves.

// `crmctl customer overview` (客户360): tier and who coordinates it, value
// with a table of its factors, health with its reasons heaviest first, the
// money, last activity and visit, open requests and the open warning; then
// every health signal, triggered or not, and the notes.
void PrintCustomerOverview(const scoring::v1::CustomerOverview& overview, std::ostream& out);

// `crmctl group overview` (集团视图): the roll-up, the tree of its first nodes
// indented by depth with each customer's tier, risk and health, and the
// members at risk with their reasons. With `colour` (stdout is a terminal)
// tiers and risks are coloured: A magenta, B cyan, C plain; high red, medium
// yellow, low green. A partial roll-up says so in words. `max_depth` >= 0
// leaves out the nodes below that depth (saying how many); -1 shows all.
void PrintGroupOverview(const scoring::v1::GroupOverview& overview, bool colour, int max_depth,
                        std::ostream& out);

// The tree's lines alone, as PrintGroupOverview draws them.
std::string GroupTreeText(const scoring::v1::GroupOverview& overview, bool colour, int max_depth);

// "A", "B", "C" and "high 高", ... coloured for a terminal when `colour`.
std::string TierText(scoring::v1::Tier tier, bool colour);
std::string RiskText(scoring::v1::RiskLevel risk, bool colour);

void PrintCustomerFacts(const scoring::v1::CustomerFacts& facts, std::ostream& out);

// `crmctl risk customers`: least healthy first, with the heaviest reasons.
void PrintAtRiskList(const scoring::v1::ListAtRiskCustomersResponse& response, std::ostream& out);
int AtRiskCount(const scoring::v1::ListAtRiskCustomersResponse& response);

// A churn warning (流失预警) with its reasons and retention plan.
void PrintChurnWarning(const scoring::v1::ChurnWarning& warning, std::ostream& out);
void PrintChurnWarningList(const scoring::v1::ListChurnWarningsResponse& response,
                           std::ostream& out);
int ChurnWarningCount(const scoring::v1::ListChurnWarningsResponse& response);

void PrintTierReview(const scoring::v1::TierReview& review, std::ostream& out);
void PrintTierProposal(const scoring::v1::TierProposal& proposal, std::ostream& out);
void PrintTierProposalList(const scoring::v1::ListTierProposalsResponse& response,
                           std::ostream& out);
int TierProposalCount(const scoring::v1::ListTierProposalsResponse& response);
void PrintTierHistory(const scoring::v1::ListTierHistoryResponse& response, std::ostream& out);
int TierChangeCount(const scoring::v1::ListTierHistoryResponse& response);

// One scorecard (考核): the total, then each component with its weight,
// score, points, inputs and explanation.
void PrintScorecard(const scoring::v1::Scorecard& scorecard, std::ostream& out);
// The org units ranked by total with each component's score, then each
// one's explanations.
void PrintScorecardList(const scoring::v1::ListScorecardsResponse& response, std::ostream& out);
void PrintSalesTarget(const scoring::v1::SalesTarget& target, std::ostream& out);
void PrintSalesTargetList(const scoring::v1::ListSalesTargetsResponse& response, std::ostream& out);

void PrintSurvey(const scoring::v1::Survey& survey, std::ostream& out);
void PrintSurveyList(const scoring::v1::ListSurveysResponse& response, std::ostream& out);
int SurveyCount(const scoring::v1::ListSurveysResponse& response);

void PrintFactsRebuild(const scoring::v1::FactsRebuild& rebuild, std::ostream& out);
// "running: 1,200 of 5,000 customers (24%)".
std::string RebuildProgress(const scoring::v1::FactsRebuild& rebuild);

void PrintScoringPolicy(const scoring::v1::ScoringPolicy& policy, std::ostream& out);
void PrintScoringProfile(const scoring::v1::ScoringProfile& profile, std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_SCORING_PRINTER_H_
