#ifndef CRM_SERVICES_SCORING_SCORECARD_PEER_INPUTS_H_
#define CRM_SERVICES_SCORING_SCORECARD_PEER_INPUTS_H_

// What the other services tell about an org unit's quarter, read as
// "services/scoring" (core/peer_clients.h) into the scorecard rules' inputs
// (rules/scorecard_rules.h). A service that is not configured or does not
// answer leaves its inputs empty with the reason in words; nothing is made
// up for it.
//
//   won amount          opportunity GetFunnel of the org unit's subtree: the
//                       forecast rows of category CLOSED (won) whose close
//                       month is in the quarter, CNY, for opportunities
//                       created within the three years before the quarter's
//                       end (the funnel's longest period)
//   credited amount     collaboration GetCreditReport(quarter, org unit):
//                       its credit as a contributor on deals it did not own
//                       (credited_amount - owned_credited_amount), CNY
//   data completeness   customer GetDataQualityReport(owner_org_unit): the
//                       customers it owns and their mean completeness
//   follow-ups          opportunity GetFunnel of the subtree over the last
//                       three years: the open opportunities now; and
//                       ListStaleOpportunities(org unit), every page: those
//                       whose next follow-up date is past
//   collaboration SLAs  collaboration ListCollaborationRequests(org unit),
//                       every page: the requests the org unit is a
//                       participant of whose response was due in the
//                       quarter; met when it acknowledged by the due time,
//                       breached when it acknowledged later or not at all
//                       once due (still before the due time: not counted;
//                       cancelled without its acknowledgement: not counted)
//   contract approvals  not available: the contract service keeps no
//                       approval deadline to be in time against

#include <string>

#include "absl/time/time.h"
#include "libs/clock/quarter.h"
#include "services/scoring/core/peer_clients.h"
#include "services/scoring/rules/scorecard_rules.h"

namespace crm::scoring {

// `peers` may be null (no peer addresses). `org_unit` is orgUnits/{o}.
void ReadSalesInputs(const PeerClients* peers, const std::string& org_unit,
                     const clock::Quarter& quarter, SalesResultInputs& inputs);
void ReadDataCompleteness(const PeerClients* peers, const std::string& org_unit,
                          DataCompletenessInputs& inputs);
// `now`: the follow-ups' "today" is the opportunity service's; `now` is
// when an unacknowledged request's response counts as breached.
void ReadProcessCompliance(const PeerClients* peers, const std::string& org_unit,
                           const clock::Quarter& quarter, absl::Time now,
                           ProcessComplianceInputs& inputs);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORECARD_PEER_INPUTS_H_
