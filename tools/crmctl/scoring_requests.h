#ifndef CRM_TOOLS_CRMCTL_SCORING_REQUESTS_H_
#define CRM_TOOLS_CRMCTL_SCORING_REQUESTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "tools/crmctl/command_line.h"

namespace crm::crmctl {

// Turns a parsed `crmctl customer overview|facts`, `group overview`, `risk
// ...`, `tier ...`, `scorecard ...`, `survey ...` or `scoring ...` command
// line into its request for the ScoringService; see
// collaboration_requests.h. Customers are named by id or "customers/ID",
// group nodes by "nodes/N", churn warnings by id or "churnWarnings/ID",
// rebuilds by id or "factsRebuilds/ID", quarters as "2026Q4", org units and
// users by id or full name. Every value is checked here, so a mistake is a
// usage error naming the flag before any call; the rules (a score 0-10, a
// reason for an override, ...) are the service's, which lists every
// violation at once. The global --request-id is sent as request_id where the
// API takes one (survey record, scoring rebuild).
//
// The changes that carry an etag (risk plan, risk outcome, tier review
// approve|override) take --etag; without it the request's etag is left empty
// and the command reads the current one first (scoring_commands.h).

// CUSTOMER.
absl::StatusOr<scoring::v1::GetCustomerOverviewRequest> BuildGetCustomerOverview(
    const Invocation& invocation);
absl::StatusOr<scoring::v1::GetCustomerFactsRequest> BuildGetCustomerFacts(
    const Invocation& invocation);
// NODE; --nodes 0-5,000, --at-risk 0-500; with --depth (and no --nodes) as
// many nodes as the service lists, 5,000.
absl::StatusOr<scoring::v1::GetGroupOverviewRequest> BuildGetGroupOverview(
    const Invocation& invocation);
// `group overview --depth N`: the deepest level of the tree printed, 0-100;
// -1 when not given (every node listed).
absl::StatusOr<int> GroupTreeDepth(const Invocation& invocation);
// --min-risk (default: the service's, high), --org-unit, --group, list
// flags.
absl::StatusOr<scoring::v1::ListAtRiskCustomersRequest> BuildListAtRiskCustomers(
    const Invocation& invocation);

// --state (default: the service's, open), --org-unit, list flags.
absl::StatusOr<scoring::v1::ListChurnWarningsRequest> BuildListChurnWarnings(
    const Invocation& invocation);
// The open churn warnings `crmctl reminders` lists: those of --org-unit when
// given, else every one in the caller's scope; --page-size is not passed on
// (it is the stale list's).
scoring::v1::ListChurnWarningsRequest BuildReminderWarnings(const Invocation& invocation);
absl::StatusOr<scoring::v1::GetChurnWarningRequest> BuildGetChurnWarning(
    const Invocation& invocation);
// WARNING; --actions required, --owner, --due YYYY-MM-DD.
absl::StatusOr<scoring::v1::RecordRetentionPlanRequest> BuildRecordRetentionPlan(
    const Invocation& invocation);
// WARNING OUTCOME (in-progress|retained|lost); --note.
absl::StatusOr<scoring::v1::RecordRetentionOutcomeRequest> BuildRecordRetentionOutcome(
    const Invocation& invocation);

// QUARTER ("2026Q4" or "tierReviews/2026Q4").
absl::StatusOr<scoring::v1::OpenTierReviewRequest> BuildOpenTierReview(
    const Invocation& invocation);
absl::StatusOr<scoring::v1::GetTierReviewRequest> BuildGetTierReview(const Invocation& invocation);
// QUARTER; --state, list flags.
absl::StatusOr<scoring::v1::ListTierProposalsRequest> BuildListTierProposals(
    const Invocation& invocation);
// QUARTER CUSTOMER; --reason optional; --etag.
absl::StatusOr<scoring::v1::DecideTierProposalRequest> BuildApproveTierProposal(
    const Invocation& invocation);
// QUARTER CUSTOMER; --tier and --reason required; --etag.
absl::StatusOr<scoring::v1::DecideTierProposalRequest> BuildOverrideTierProposal(
    const Invocation& invocation);
// "tierReviews/2026Q4/proposals/C" from QUARTER and CUSTOMER.
absl::StatusOr<std::string> TierProposalName(const std::string& quarter,
                                             const std::string& customer);
// CUSTOMER; list flags.
absl::StatusOr<scoring::v1::ListTierHistoryRequest> BuildListTierHistory(
    const Invocation& invocation);

// --quarter required; with --org-unit one scorecard (GetScorecard), else
// every org unit in scope (ListScorecards; see IsOneScorecard).
bool IsOneScorecard(const Invocation& invocation);
absl::StatusOr<scoring::v1::GetScorecardRequest> BuildGetScorecard(const Invocation& invocation);
absl::StatusOr<scoring::v1::ListScorecardsRequest> BuildListScorecards(
    const Invocation& invocation);
// ORGUNIT; --quarter and --amount (CNY) required; the etag is --etag, else
// `current_etag` (the target's etag when it exists; "" to create it).
absl::StatusOr<scoring::v1::SetSalesTargetRequest> BuildSetSalesTarget(
    const Invocation& invocation, const std::string& current_etag);
// "orgUnits/O/salesTargets/Q" of `scorecard target set`'s ORGUNIT and
// --quarter.
absl::StatusOr<std::string> SalesTargetNameOf(const Invocation& invocation);
// --quarter required.
absl::StatusOr<scoring::v1::ListSalesTargetsRequest> BuildListSalesTargets(
    const Invocation& invocation);

// --contact (customers/C/contacts/K), --period (a quarter) and --score 0-10
// required; --comment.
absl::StatusOr<scoring::v1::RecordSurveyRequest> BuildRecordSurvey(const Invocation& invocation);
// --customer, --period, list flags.
absl::StatusOr<scoring::v1::ListSurveysRequest> BuildListSurveys(const Invocation& invocation);

absl::StatusOr<scoring::v1::StartFactsRebuildRequest> BuildStartFactsRebuild(
    const Invocation& invocation);
// REBUILD.
absl::StatusOr<scoring::v1::GetFactsRebuildRequest> BuildGetFactsRebuild(
    const Invocation& invocation);
absl::StatusOr<scoring::v1::GetScoringPolicyRequest> BuildGetScoringPolicy(
    const Invocation& invocation);
// CUSTOMER; --strategic (a switch, --strategic=false to clear), --margin
// PERCENT (-100 to 100, two decimals; "" or none: not known), --reason,
// --etag (required once the profile exists).
absl::StatusOr<scoring::v1::UpdateScoringProfileRequest> BuildUpdateScoringProfile(
    const Invocation& invocation);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_SCORING_REQUESTS_H_
