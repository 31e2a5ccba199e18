#ifndef CRM_SERVICES_SCORING_FACTS_FACTS_BUILDER_H_
#define CRM_SERVICES_SCORING_FACTS_FACTS_BUILDER_H_

// A customer's facts from what the other services answer about it: pure, so
// the refresher only fetches and stores. Money is CNY minor units (fen):
// amounts in any other currency are left out and named in the notes.
// Months and days are Asia/Shanghai (libs/clock/business_day.h).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "services/scoring/rules/facts_snapshot.h"

namespace crm::scoring {

// The currency the facts count.
inline constexpr char kFactsCurrency[] = "CNY";
// A contract ending within this many days with no renewal counts as
// expiring without a renewal.
inline constexpr int kExpiringWithinDays = 60;
// Delivery problems count over this many days.
inline constexpr int kDeliveryProblemDays = 90;

// A contract with its receipts.
struct ContractFacts {
  contract::v1::Contract contract;
  std::vector<contract::v1::Receipt> receipts;
};

// Everything the peers said about one customer.
struct PeerFacts {
  // Every opportunity of the customer, whatever its stage.
  std::vector<opportunity::v1::Opportunity> opportunities;
  // Every activity of the customer.
  std::vector<opportunity::v1::Activity> activities;
  // Every contract of the customer, whatever its state, with its receipts.
  std::vector<ContractFacts> contracts;
  // GetReceivables for the customer in CNY; unset when the contract service
  // is not asked (no contracts).
  std::optional<contract::v1::Receivables> receivables;
  // The customer's collaboration requests (open or not: the builder counts
  // the open ones).
  std::vector<collaboration::v1::CollaborationRequest> requests;
};

// The facts row and months of one customer, and what they leave out.
struct BuiltFacts {
  // Months with something, oldest first; the row's figures. The profile
  // (strategic, margin) and the survey means are not the peers' and stay
  // unset.
  FactsSnapshot snapshot;
  // For a person, e.g. "1 contract in USD not counted".
  std::vector<std::string> notes;
};

// Builds the facts as of `now`:
//   purchases per month   signed non-framework contracts' amounts, by the
//                         month of their signing date (a framework's
//                         executions are the purchases; counting both would
//                         count the amount twice)
//   receipts per month    receipts by the month of their receive date
//   complaints per month  COMPLAINT activities by the month they occurred
//   delivery problems     DELIVERY_ISSUE activities by the month they
//     per month           occurred, and milestones still unpaid past their
//                         due date by the month they went overdue
//   first_signed_date     the earliest signing date of any contract
//   pipeline_open         open opportunities' amounts; weighted: each
//                         amount × its probability, rounded half up
//   active_contract       SIGNED and ACTIVE non-framework contracts' amounts
//   receivable, overdue,  from GetReceivables (max_days_overdue); without
//     overdue_days        it, from the contracts' milestones
//   last_activity_time    the latest activity of any kind; last_visit_time
//                         the latest VISIT or SERVICE_VISIT
//   expiring_without_renewal  SIGNED or ACTIVE contracts ending within 60
//                         days (from today) with no renewal (renewed_by)
//   delivery_problems     over the last 90 days: DELIVERY_ISSUE activities
//                         and milestones that went overdue in that time
//   open_requests         requests not DONE or CANCELLED
// Errors: OUT_OF_RANGE (MONEY_OVERFLOW) when a sum leaves int64.
absl::StatusOr<BuiltFacts> BuildFacts(const PeerFacts& peers, absl::Time now);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_FACTS_FACTS_BUILDER_H_
