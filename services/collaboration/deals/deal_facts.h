#ifndef CRM_SERVICES_COLLABORATION_DEALS_DEAL_FACTS_H_
#define CRM_SERVICES_COLLABORATION_DEALS_DEAL_FACTS_H_

// What the deal followers hand OpenAttribution, made from what the
// opportunity and contract services tell: pure functions, no I/O.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "services/collaboration/attribution/attribution_opening.h"

namespace crm::collaboration {

// The deal of a won opportunity as GetOpportunity shows it: its owner and
// collaborating org units, amount, title and close date (the business day
// of `won_at`, the event's time, when it has none). INVALID_ARGUMENT
// (DEAL_FACTS_INVALID) for an opportunity whose name, customer, owner or
// amount cannot make a deal.
absl::StatusOr<DealFacts> OpportunityDeal(const opportunity::v1::Opportunity& opportunity,
                                          absl::Time won_at);

// The deal of a CONTRACT_SIGNED event: the contract, its customer, signing
// org unit (the owner), amount and opportunity from the event; the title and
// signing date from `contract` (GetContract; null when it was not found: no
// title, the event's business day). When the contract came from `won` (the
// opportunity as GetOpportunity shows it, won; null when there is none or it
// is not reachable), the deal is that opportunity's, as if it had been
// opened from it: its owner, collaborating org units (the signing unit added
// when it is another), title and close date, with the contract's amount; so
// the attribution is the same whichever feed is read first.
absl::StatusOr<DealFacts> ContractDeal(const contract::v1::ContractEvent& event,
                                       const contract::v1::Contract* contract,
                                       const opportunity::v1::Opportunity* won);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_DEALS_DEAL_FACTS_H_
