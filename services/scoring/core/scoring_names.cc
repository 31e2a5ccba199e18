#include "services/scoring/core/scoring_names.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::scoring {
namespace {

constexpr std::string_view kTierReviews = "tierReviews/";
constexpr std::string_view kProposals = "/proposals/";
constexpr std::string_view kChurnWarnings = "churnWarnings/";
constexpr std::string_view kSurveys = "surveys/";
constexpr std::string_view kFactsRebuilds = "factsRebuilds/";
constexpr std::string_view kCustomers = "customers/";
constexpr std::string_view kScoringProfile = "/scoringProfile";
constexpr std::string_view kOrgUnits = "orgUnits/";
constexpr std::string_view kSalesTargets = "/salesTargets/";
constexpr std::string_view kScorecards = "/scorecards/";

// "'x' is not <kind> name like <example>" (or "is required, e.g. ..." when
// empty).
absl::Status BadName(std::string_view name, std::string_view kind, std::string_view example) {
  if (name.empty()) return absl::InvalidArgumentError(crm::StrCat("is required, e.g. ", example));
  return absl::InvalidArgumentError(
      crm::StrCat("'", name, "' is not ", kind, " name like ", example));
}

absl::StatusOr<std::string> ParseUuidName(std::string_view name, std::string_view prefix,
                                          std::string_view kind, std::string_view example) {
  if (!name.starts_with(prefix) || !names::IsUuid(name.substr(prefix.size()))) {
    return BadName(name, kind, example);
  }
  return absl::AsciiStrToLower(std::string(name.substr(prefix.size())));
}

std::string OrgUnitOf(std::string_view org_unit) {
  if (org_unit.starts_with(kOrgUnits)) return std::string(org_unit);
  return names::OrgUnitName(org_unit);
}

// orgUnits/{o}<middle>{quarter}.
absl::StatusOr<OrgUnitQuarter> ParseOrgUnitQuarter(std::string_view name, std::string_view middle,
                                                   std::string_view kind,
                                                   std::string_view example) {
  const size_t at = name.find(middle);
  if (at == std::string_view::npos) return BadName(name, kind, example);
  const std::optional<std::string> org_unit = names::ParseOrgUnitName(name.substr(0, at));
  const std::optional<clock::Quarter> quarter =
      clock::ParseQuarter(name.substr(at + middle.size()));
  if (!org_unit.has_value() || !quarter.has_value()) return BadName(name, kind, example);
  return OrgUnitQuarter{.org_unit = names::OrgUnitName(*org_unit), .quarter = *quarter};
}

}  // namespace

std::string TierReviewName(const clock::Quarter& quarter) {
  return crm::StrCat(kTierReviews, clock::FormatQuarter(quarter));
}
std::string TierReviewName(std::string_view quarter) { return crm::StrCat(kTierReviews, quarter); }

absl::StatusOr<clock::Quarter> ParseTierReviewName(std::string_view name) {
  if (name.starts_with(kTierReviews)) {
    if (std::optional<clock::Quarter> q = clock::ParseQuarter(name.substr(kTierReviews.size()))) {
      return *q;
    }
  }
  return BadName(name, "a tier review", "tierReviews/2026Q4");
}

std::string TierProposalName(const clock::Quarter& quarter, std::string_view customer_id) {
  return crm::StrCat(kTierReviews, clock::FormatQuarter(quarter), kProposals, customer_id);
}
std::string TierProposalName(std::string_view quarter, std::string_view customer_id) {
  return crm::StrCat(kTierReviews, quarter, kProposals, customer_id);
}

absl::StatusOr<TierProposalKey> ParseTierProposalName(std::string_view name) {
  constexpr std::string_view kExample = "tierReviews/2026Q4/proposals/{customer uuid}";
  if (!name.starts_with(kTierReviews)) return BadName(name, "a tier proposal", kExample);
  const std::string_view rest = name.substr(kTierReviews.size());
  const size_t at = rest.find(kProposals);
  if (at == std::string_view::npos) return BadName(name, "a tier proposal", kExample);
  const std::optional<clock::Quarter> quarter = clock::ParseQuarter(rest.substr(0, at));
  const std::string_view customer = rest.substr(at + kProposals.size());
  if (!quarter.has_value() || !names::IsUuid(customer)) {
    return BadName(name, "a tier proposal", kExample);
  }
  return TierProposalKey{.quarter = *quarter,
                         .customer_id = absl::AsciiStrToLower(std::string(customer))};
}

std::string ChurnWarningName(std::string_view id) { return crm::StrCat(kChurnWarnings, id); }
absl::StatusOr<std::string> ParseChurnWarningName(std::string_view name) {
  return ParseUuidName(name, kChurnWarnings, "a churn warning", "churnWarnings/{uuid}");
}

std::string SurveyName(std::string_view id) { return crm::StrCat(kSurveys, id); }
absl::StatusOr<std::string> ParseSurveyName(std::string_view name) {
  return ParseUuidName(name, kSurveys, "a survey", "surveys/{uuid}");
}

std::string FactsRebuildName(std::string_view id) { return crm::StrCat(kFactsRebuilds, id); }
absl::StatusOr<std::string> ParseFactsRebuildName(std::string_view name) {
  return ParseUuidName(name, kFactsRebuilds, "a facts rebuild", "factsRebuilds/{uuid}");
}

std::string ScoringProfileName(std::string_view customer_id) {
  return crm::StrCat(kCustomers, customer_id, kScoringProfile);
}
absl::StatusOr<std::string> ParseScoringProfileName(std::string_view name) {
  if (name.ends_with(kScoringProfile)) {
    if (std::optional<std::string> id =
            names::ParseCustomerName(name.substr(0, name.size() - kScoringProfile.size()))) {
      return *id;
    }
  }
  return BadName(name, "a scoring profile", "customers/{uuid}/scoringProfile");
}

std::string SalesTargetName(std::string_view org_unit, const clock::Quarter& quarter) {
  return crm::StrCat(OrgUnitOf(org_unit), kSalesTargets, clock::FormatQuarter(quarter));
}
std::string SalesTargetName(std::string_view org_unit, std::string_view quarter) {
  return crm::StrCat(OrgUnitOf(org_unit), kSalesTargets, quarter);
}
absl::StatusOr<OrgUnitQuarter> ParseSalesTargetName(std::string_view name) {
  return ParseOrgUnitQuarter(name, kSalesTargets, "a sales target",
                             "orgUnits/sub-east/salesTargets/2026Q4");
}

std::string ScorecardName(std::string_view org_unit, const clock::Quarter& quarter) {
  return crm::StrCat(OrgUnitOf(org_unit), kScorecards, clock::FormatQuarter(quarter));
}
std::string ScorecardName(std::string_view org_unit, std::string_view quarter) {
  return crm::StrCat(OrgUnitOf(org_unit), kScorecards, quarter);
}
absl::StatusOr<OrgUnitQuarter> ParseScorecardName(std::string_view name) {
  return ParseOrgUnitQuarter(name, kScorecards, "a scorecard",
                             "orgUnits/sub-east/scorecards/2026Q4");
}

absl::StatusOr<clock::Quarter> ParseQuarterField(std::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("is required, e.g. 2026Q4");
  if (std::optional<clock::Quarter> quarter = clock::ParseQuarter(text)) return *quarter;
  return absl::InvalidArgumentError(
      crm::StrCat("'", text, "' is not a quarter like 2026Q4 (year 1900-9999, quarter 1-4)"));
}

}  // namespace crm::scoring
