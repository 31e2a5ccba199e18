#include "services/collaboration/rules/sla_rules.h"

#include <array>

#include "libs/clock/business_day.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"
#include "services/collaboration/rules/working_days.h"

namespace crm::collaboration {
namespace {

v1::SlaRule Rule(v1::Urgency urgency, int response_hours, int response_working_days,
                 int step_working_days) {
  v1::SlaRule rule;
  rule.set_urgency(urgency);
  rule.set_response_hours(response_hours);
  rule.set_response_working_days(response_working_days);
  rule.set_step_working_days(step_working_days);
  return rule;
}

const v1::SlaPolicy& Defaults() {
  static const v1::SlaPolicy* const policy = new v1::SlaPolicy(DefaultSlaPolicy());
  return *policy;
}

}  // namespace

v1::SlaPolicy DefaultSlaPolicy() {
  v1::SlaPolicy policy;
  policy.set_name(kSlaPolicyName);
  policy.set_version(1);
  *policy.add_rules() = Rule(v1::GENERAL, 0, 3, 5);
  *policy.add_rules() = Rule(v1::URGENT, 24, 0, 3);
  *policy.add_rules() = Rule(v1::CRITICAL, 2, 0, 1);
  return policy;
}

void ValidateSlaPolicy(const v1::SlaPolicy& policy, status::FieldViolations& violations) {
  validation::CheckCount(policy.rules_size(), 3, 3, "sla_policy.rules", violations);
  // Where each urgency was first given (-1: not yet).
  std::array<int, 4> first_at = {-1, -1, -1, -1};
  for (int i = 0; i < policy.rules_size(); ++i) {
    const v1::SlaRule& rule = policy.rules(i);
    const std::string prefix = crm::StrCat("sla_policy.rules[", i, "]");
    const std::string urgency_field = crm::StrCat(prefix, ".urgency");
    const size_t before = violations.size();
    validation::CheckEnum<v1::Urgency>(rule.urgency(), urgency_field,
                                       validation::Presence::kRequired, violations);
    if (violations.size() > before) {
      // Not a known urgency: said above.
    } else if (int& first = first_at[rule.urgency()]; first >= 0) {
      violations.Add(
          urgency_field,
          crm::StrCat(urgency_field, ": ", v1::Urgency_Name(rule.urgency()),
                      " is given again (first at rules[", first, "]); give each urgency once"));
    } else {
      first = i;
    }
    const bool hours = rule.response_hours() != 0;
    const bool working_days = rule.response_working_days() != 0;
    if (hours == working_days) {
      const std::string field = crm::StrCat(prefix, ".response_hours");
      violations.Add(field,
                     crm::StrCat(prefix, hours ? ": give either response_hours or "
                                                 "response_working_days, not both"
                                               : ": required; give response_hours (1-720) or "
                                                 "response_working_days (1-30)"));
    } else if (hours) {
      validation::CheckRange(rule.response_hours(), 1, kMaxResponseHours,
                             crm::StrCat(prefix, ".response_hours"), violations);
    } else {
      validation::CheckRange(rule.response_working_days(), 1, kMaxResponseWorkingDays,
                             crm::StrCat(prefix, ".response_working_days"), violations);
    }
    validation::CheckRange(rule.step_working_days(), 1, kMaxStepWorkingDays,
                           crm::StrCat(prefix, ".step_working_days"), violations);
  }
  if (policy.rules_size() > 0) {
    for (v1::Urgency urgency : {v1::GENERAL, v1::URGENT, v1::CRITICAL}) {
      if (first_at[urgency] >= 0) continue;
      violations.Add("sla_policy.rules",
                     crm::StrCat("sla_policy.rules: no rule for ", v1::Urgency_Name(urgency),
                                 "; give one rule for each of GENERAL, URGENT and CRITICAL"));
    }
  }
}

const v1::SlaRule& RuleFor(const v1::SlaPolicy& policy, v1::Urgency urgency) {
  if (urgency == v1::URGENCY_UNSPECIFIED) urgency = v1::GENERAL;
  for (const v1::SlaRule& rule : policy.rules()) {
    if (rule.urgency() == urgency) return rule;
  }
  for (const v1::SlaRule& rule : Defaults().rules()) {
    if (rule.urgency() == urgency) return rule;
  }
  return Defaults().rules(0);
}

absl::Time ResponseDueTime(const v1::SlaRule& rule, absl::Time raised_at) {
  if (rule.response_hours() > 0) return raised_at + absl::Hours(rule.response_hours());
  return AddWorkingDays(raised_at, rule.response_working_days(), clock::BusinessTimeZone());
}

absl::Time StepDueTime(const v1::SlaRule& rule, absl::Time from) {
  return AddWorkingDays(from, rule.step_working_days(), clock::BusinessTimeZone());
}

}  // namespace crm::collaboration
