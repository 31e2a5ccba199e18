#ifndef CRM_SERVICES_COLLABORATION_RULES_SLA_RULES_H_
#define CRM_SERVICES_COLLABORATION_RULES_SLA_RULES_H_

// The SLA policy: per urgency, how soon a request's first acknowledgement
// is due after it is raised, and how long a step is given when its due time
// is not set. HQ replaces the policy with a new version; a request keeps the
// due times (and the version) it got.
//
// Hours are wall-clock hours; working days are Monday to Friday in the
// business time zone (Asia/Shanghai, libs/clock/business_day.h) with no
// holiday calendar (rules/working_days.h).

#include "absl/time/time.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/status/status.h"

namespace crm::collaboration {

inline constexpr char kSlaPolicyName[] = "slaPolicy";

// Limits of a rule (the API's).
inline constexpr int kMaxResponseHours = 720;
inline constexpr int kMaxResponseWorkingDays = 30;
inline constexpr int kMaxStepWorkingDays = 60;

// DOMAIN.md's defaults, version 1 (as seeded by migration 0001): general
// answered within 3 working days, steps 5 working days; urgent 24 hours,
// steps 3 working days; critical 2 hours, steps 1 working day. Rules in
// urgency order (GENERAL, URGENT, CRITICAL).
v1::SlaPolicy DefaultSlaPolicy();

// Adds every problem of a policy sent to UpdateSlaPolicy under
// "sla_policy.rules…": exactly one rule per urgency (GENERAL, URGENT and
// CRITICAL, each once); in each, exactly one of response_hours (1-720) and
// response_working_days (1-30); step_working_days 1-60, e.g.
//   "sla_policy.rules[1].urgency: URGENT is given again (first at rules[0]); give each urgency
//   once"
void ValidateSlaPolicy(const v1::SlaPolicy& policy, status::FieldViolations& violations);

// The rule of `urgency` in a valid policy; DefaultSlaPolicy()'s when the
// policy has none for it (never for a validated policy; URGENCY_UNSPECIFIED
// is taken as GENERAL).
const v1::SlaRule& RuleFor(const v1::SlaPolicy& policy, v1::Urgency urgency);

// When the first acknowledgement of a request raised at `raised_at` is due:
// raised_at + response_hours, or response_working_days working days later.
absl::Time ResponseDueTime(const v1::SlaRule& rule, absl::Time raised_at);

// When a step entered at `from` is due unless given: step_working_days
// working days later.
absl::Time StepDueTime(const v1::SlaRule& rule, absl::Time from);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_SLA_RULES_H_
