#ifndef CRM_SERVICES_OPPORTUNITY_RULES_NEEDS_SURVEY_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_NEEDS_SURVEY_H_

// The needs survey (需求调研): seven parts whose completeness gates moving
// past SOLUTION.

#include <string_view>

#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr int kSurveyParts = 7;
inline constexpr int kMaxSurveyListItems = 20;

// The share of the seven parts filled in, in basis points: background,
// goals, budget (budget_max above zero), timeline, decision process,
// competitors and pain points (at least one each). A text is filled when it
// is not blank. filled × 10000 / 7 rounded down, so 4 parts are 5714 and
// only all seven reach 10000: a gate of 10000 means "every part".
int SurveyCompletenessBp(const v1::NeedsSurvey& survey);

// Adds every problem of a survey under `field` (e.g.
// "opportunity.needs_survey"): background, goals and decision_process up to
// 2000 characters, timeline up to 500; up to 20 competitors of 1-100
// characters and 20 pain points of 1-500; budget_min and budget_max valid
// Money, not negative, in one currency, min ≤ max. completeness_bp is output
// only and not read.
void ValidateNeedsSurvey(const v1::NeedsSurvey& survey, std::string_view field,
                         status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_NEEDS_SURVEY_H_
