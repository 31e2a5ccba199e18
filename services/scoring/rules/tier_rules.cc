#include "services/scoring/rules/tier_rules.h"

namespace crm::scoring {

std::string CoordinatedBy(v1::Tier tier, std::string_view owner_org_unit) {
  if (tier == v1::TIER_A) return kHqOrgUnit;
  return std::string(owner_org_unit);
}

std::string TierText(v1::Tier tier) {
  switch (tier) {
    case v1::TIER_A:
      return "A";
    case v1::TIER_B:
      return "B";
    case v1::TIER_C:
      return "C";
    default:
      return "unspecified";
  }
}

std::string RiskText(v1::RiskLevel risk) {
  switch (risk) {
    case v1::RISK_LOW:
      return "low";
    case v1::RISK_MEDIUM:
      return "medium";
    case v1::RISK_HIGH:
      return "high";
    default:
      return "unspecified";
  }
}

}  // namespace crm::scoring
