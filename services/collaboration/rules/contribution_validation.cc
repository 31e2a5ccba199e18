#include "services/collaboration/rules/contribution_validation.h"

#include <map>
#include <string>

#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"

namespace crm::collaboration {
namespace {

// The evidence kinds named by a UUID.
constexpr std::string_view kEvidencePrefixes[] = {"activities/", "collaborationRequests/",
                                                  "opportunities/", "contracts/"};

bool IsPrintableLink(std::string_view link) {
  for (const char c : link) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

void CheckScore(int32_t score, const std::string& field, status::FieldViolations& violations) {
  validation::CheckRange(score, 0, kMaxScore, field, violations);
}

}  // namespace

bool IsEvidence(std::string_view evidence) {
  for (const std::string_view prefix : kEvidencePrefixes) {
    if (evidence.starts_with(prefix)) {
      return names::IsUuid(evidence.substr(prefix.size()));
    }
  }
  return evidence.starts_with("https://") && evidence.size() > 8 &&
         evidence.size() <= kMaxEvidenceLinkChars && IsPrintableLink(evidence);
}

void ValidateContributors(const Contributors& contributors, std::string_view field,
                          status::FieldViolations& violations, ContributorRules rules) {
  validation::CheckCount(contributors.size(), 1, kMaxContributors, field, violations);
  std::map<std::string, int> first_at;
  for (int i = 0; i < contributors.size(); ++i) {
    const v1::Contributor& c = contributors[i];
    const std::string at = crm::StrCat(field, "[", i, "]");
    const std::string unit_field = crm::StrCat(at, ".org_unit");
    if (c.org_unit().empty()) {
      violations.Add(unit_field, crm::StrCat(unit_field, ": is required, e.g. orgUnits/sub-east"));
    } else if (!names::ParseOrgUnitName(c.org_unit()).has_value()) {
      violations.Add(unit_field, crm::StrCat(unit_field, ": '", c.org_unit(),
                                             "' is not an org unit name like orgUnits/sub-east"));
    } else if (auto [it, inserted] = first_at.emplace(c.org_unit(), i); !inserted) {
      violations.Add(unit_field, crm::StrCat(unit_field, ": ", c.org_unit(),
                                             " is given again (first at contributors[", it->second,
                                             "]); give each org unit once"));
    }
    if (c.has_scores()) {
      const v1::ContributionScores& s = c.scores();
      CheckScore(s.information(), crm::StrCat(at, ".scores.information"), violations);
      CheckScore(s.resources(), crm::StrCat(at, ".scores.resources"), violations);
      CheckScore(s.participation(), crm::StrCat(at, ".scores.participation"), violations);
      CheckScore(s.customer_evaluation(), crm::StrCat(at, ".scores.customer_evaluation"),
                 violations);
    } else if (rules.scores_required) {
      violations.Add(crm::StrCat(at, ".scores"),
                     crm::StrCat(at,
                                 ".scores: is required; score every contributor 0-100 on "
                                 "each dimension"));
    }
    const std::string evidence_field = crm::StrCat(at, ".evidence");
    validation::CheckCount(c.evidence_size(), 0, kMaxEvidence, evidence_field, violations);
    for (int k = 0; k < c.evidence_size() && k < static_cast<int>(kMaxEvidence); ++k) {
      if (IsEvidence(c.evidence(k))) continue;
      const std::string item = crm::StrCat(evidence_field, "[", k, "]");
      violations.Add(item, crm::StrCat(item, ": '", c.evidence(k).substr(0, 80),
                                       "' is not evidence; give activities/{uuid}, "
                                       "collaborationRequests/{uuid}, opportunities/{uuid}, "
                                       "contracts/{uuid} or an https:// link"));
    }
  }
}

void ValidateWeights(const v1::DimensionWeights& weights, std::string_view field,
                     status::FieldViolations& violations) {
  const size_t before = violations.size();
  const std::pair<const char*, int32_t> parts[] = {
      {"information_bp", weights.information_bp()},
      {"resources_bp", weights.resources_bp()},
      {"participation_bp", weights.participation_bp()},
      {"customer_evaluation_bp", weights.customer_evaluation_bp()}};
  int64_t sum = 0;
  for (const auto& [name, value] : parts) {
    validation::CheckRange(value, 0, 10000, crm::StrCat(field, ".", name), violations);
    sum += value;
  }
  if (violations.size() == before && sum != 10000) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": the weights sum to ", sum,
                               " basis points; they must sum to exactly 10000 (100%)"));
  }
}

void ValidateAttributionPolicy(const v1::AttributionPolicy& policy,
                               status::FieldViolations& violations) {
  if (!policy.name().empty() && policy.name() != kAttributionPolicyName) {
    violations.Add("attribution_policy.name",
                   "attribution_policy.name: not the attribution policy's; its name is "
                   "attributionPolicy (or leave it empty)");
  }
  if (!policy.has_weights()) {
    violations.Add("attribution_policy.weights",
                   "attribution_policy.weights: is required; four weights in basis points "
                   "summing to 10000");
  } else {
    ValidateWeights(policy.weights(), "attribution_policy.weights", violations);
  }
  validation::CheckRange(policy.dispute_days(), kMinDisputeDays, kMaxDisputeDays,
                         "attribution_policy.dispute_days", violations);
}

}  // namespace crm::collaboration
