#ifndef CRM_SERVICES_OPPORTUNITY_RULES_STAGES_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_STAGES_H_

// The order of the pipeline's stages: LEAD < DISCOVERY < SOLUTION < QUOTE <
// NEGOTIATION are open; WON and LOST are closed. Stage numbers are the enum's
// and are stored as such.

#include <array>
#include <string>

#include "crm/opportunity/v1/opportunity_service.pb.h"

namespace crm::opportunity {

inline constexpr std::array<v1::Stage, 5> kOpenStages = {v1::LEAD, v1::DISCOVERY, v1::SOLUTION,
                                                         v1::QUOTE, v1::NEGOTIATION};
inline constexpr std::array<v1::Stage, 7> kAllStages = {
    v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION, v1::WON, v1::LOST};

// LEAD … NEGOTIATION.
constexpr bool IsOpenStage(int stage) { return stage >= v1::LEAD && stage <= v1::NEGOTIATION; }
// WON or LOST.
constexpr bool IsClosedStage(int stage) { return stage == v1::WON || stage == v1::LOST; }

// "QUOTE"; "Stage 42" for a number the enum does not define.
std::string StageName(int stage);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_STAGES_H_
