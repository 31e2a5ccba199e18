#ifndef CRM_SERVICES_SCORING_RULES_TIER_RULES_H_
#define CRM_SERVICES_SCORING_RULES_TIER_RULES_H_

// Who coordinates a customer of a tier, and tiers and risk levels as people
// read them.

#include <string>
#include <string_view>

#include "crm/scoring/v1/scoring_service.pb.h"

namespace crm::scoring {

// HQ's org unit: the strategy centre coordinates tier A customers.
inline constexpr char kHqOrgUnit[] = "orgUnits/hq";

// kHqOrgUnit for TIER_A; else the owner org unit (B is led by the
// subsidiary that owns it, C by it alone).
std::string CoordinatedBy(v1::Tier tier, std::string_view owner_org_unit);

// "A", "B", "C"; "unspecified".
std::string TierText(v1::Tier tier);

// "low", "medium", "high"; "unspecified".
std::string RiskText(v1::RiskLevel risk);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_TIER_RULES_H_
