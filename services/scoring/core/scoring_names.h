#ifndef CRM_SERVICES_SCORING_CORE_SCORING_NAMES_H_
#define CRM_SERVICES_SCORING_CORE_SCORING_NAMES_H_

// The scoring service's own resource names (customers, contacts, org units,
// users and nodes are libs/names'):
//
//   tierReviews/{quarter}                         e.g. tierReviews/2026Q4
//   tierReviews/{quarter}/proposals/{customer}    customer: a UUID
//   churnWarnings/{warning}                       a UUID
//   surveys/{survey}                              a UUID
//   orgUnits/{org_unit}/salesTargets/{quarter}
//   orgUnits/{org_unit}/scorecards/{quarter}
//   customers/{customer}/scoringProfile
//   factsRebuilds/{rebuild}                       a UUID
//
// Quarters are written "2026Q4" (libs/clock/quarter.h); UUIDs are accepted
// in either case and returned in lower case. Each parser returns
// INVALID_ARGUMENT whose message says what is wrong and shows an example,
// to follow "<field>: " in a field violation, e.g.
//   violations.Add("name", std::string(parsed.status().message()));

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/clock/quarter.h"

namespace crm::scoring {

std::string TierReviewName(const clock::Quarter& quarter);
std::string TierReviewName(std::string_view quarter);  // "2026Q4"
absl::StatusOr<clock::Quarter> ParseTierReviewName(std::string_view name);

struct TierProposalKey {
  clock::Quarter quarter;
  std::string customer_id;  // lower-case UUID
};
std::string TierProposalName(const clock::Quarter& quarter, std::string_view customer_id);
std::string TierProposalName(std::string_view quarter, std::string_view customer_id);
absl::StatusOr<TierProposalKey> ParseTierProposalName(std::string_view name);

// The ids (lower-case UUIDs).
std::string ChurnWarningName(std::string_view id);
absl::StatusOr<std::string> ParseChurnWarningName(std::string_view name);

std::string SurveyName(std::string_view id);
absl::StatusOr<std::string> ParseSurveyName(std::string_view name);

std::string FactsRebuildName(std::string_view id);
absl::StatusOr<std::string> ParseFactsRebuildName(std::string_view name);

// The customer id of customers/{c}/scoringProfile.
std::string ScoringProfileName(std::string_view customer_id);
absl::StatusOr<std::string> ParseScoringProfileName(std::string_view name);

// An org unit's quarter: sales targets and scorecards.
struct OrgUnitQuarter {
  std::string org_unit;  // orgUnits/{org_unit}, as principals and the tables hold it
  clock::Quarter quarter;
};
// `org_unit` is either the id ("sub-east") or its name ("orgUnits/sub-east").
std::string SalesTargetName(std::string_view org_unit, const clock::Quarter& quarter);
std::string SalesTargetName(std::string_view org_unit, std::string_view quarter);
absl::StatusOr<OrgUnitQuarter> ParseSalesTargetName(std::string_view name);

std::string ScorecardName(std::string_view org_unit, const clock::Quarter& quarter);
std::string ScorecardName(std::string_view org_unit, std::string_view quarter);
absl::StatusOr<OrgUnitQuarter> ParseScorecardName(std::string_view name);

// A quarter field ("2026Q4"): INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<clock::Quarter> ParseQuarterField(std::string_view text);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_SCORING_NAMES_H_
