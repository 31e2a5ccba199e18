#include "services/collaboration/rules/sla_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"

namespace crm::collaboration {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.push_back(v.field());
  return fields;
}

std::string Descriptions(const status::FieldViolations& violations) {
  std::string all;
  for (const auto& v : violations.bad_request().field_violations()) {
    all += v.description() + "\n";
  }
  return all;
}

absl::Time Shanghai(int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, minute, 0),
                         clock::BusinessTimeZone());
}

TEST(SlaRulesTest, TheDefaultsAreTheDomains) {
  const v1::SlaPolicy policy = DefaultSlaPolicy();
  EXPECT_EQ(policy.name(), "slaPolicy");
  EXPECT_EQ(policy.version(), 1);
  const v1::SlaRule& critical = RuleFor(policy, v1::CRITICAL);
  EXPECT_EQ(critical.response_hours(), 2);
  EXPECT_EQ(critical.step_working_days(), 1);
  const v1::SlaRule& urgent = RuleFor(policy, v1::URGENT);
  EXPECT_EQ(urgent.response_hours(), 24);
  EXPECT_EQ(urgent.step_working_days(), 3);
  const v1::SlaRule& general = RuleFor(policy, v1::GENERAL);
  EXPECT_EQ(general.response_hours(), 0);
  EXPECT_EQ(general.response_working_days(), 3);
  EXPECT_EQ(general.step_working_days(), 5);
  status::FieldViolations violations;
  ValidateSlaPolicy(policy, violations);
  EXPECT_THAT(Fields(violations), IsEmpty()) << Descriptions(violations);
}

TEST(SlaRulesTest, ResponseDueTimeByHoursIsWallClock) {
  const v1::SlaPolicy policy = DefaultSlaPolicy();
  // Friday 23:00 + 2 hours is Saturday 01:00: hours do not skip weekends.
  EXPECT_EQ(ResponseDueTime(RuleFor(policy, v1::CRITICAL), Shanghai(12, 4, 23)),
            Shanghai(12, 5, 1));
  EXPECT_EQ(ResponseDueTime(RuleFor(policy, v1::URGENT), Shanghai(12, 4, 10)), Shanghai(12, 5, 10));
}

TEST(SlaRulesTest, ResponseDueTimeByWorkingDaysSkipsTheWeekend) {
  const v1::SlaPolicy policy = DefaultSlaPolicy();
  // Thursday 10:00 + 3 working days: Friday, Monday, Tuesday.
  EXPECT_EQ(ResponseDueTime(RuleFor(policy, v1::GENERAL), Shanghai(12, 3, 10)),
            Shanghai(12, 8, 10));
  // Raised on Saturday: Monday 00:00 + 3 working days.
  EXPECT_EQ(ResponseDueTime(RuleFor(policy, v1::GENERAL), Shanghai(12, 5, 10)),
            Shanghai(12, 10, 0));
}

TEST(SlaRulesTest, StepDueTimeIsStepWorkingDays) {
  const v1::SlaPolicy policy = DefaultSlaPolicy();
  EXPECT_EQ(StepDueTime(RuleFor(policy, v1::CRITICAL), Shanghai(12, 4, 9)), Shanghai(12, 7, 9));
  EXPECT_EQ(StepDueTime(RuleFor(policy, v1::GENERAL), Shanghai(12, 1, 9)), Shanghai(12, 8, 9));
}

TEST(SlaRulesTest, RuleForFallsBackToTheDefaults) {
  v1::SlaPolicy empty;
  EXPECT_EQ(RuleFor(empty, v1::CRITICAL).response_hours(), 2);
  EXPECT_EQ(RuleFor(empty, v1::URGENCY_UNSPECIFIED).urgency(), v1::GENERAL);
}

TEST(SlaRulesTest, ValidationNamesEveryProblem) {
  v1::SlaPolicy policy;
  v1::SlaRule* both = policy.add_rules();
  both->set_urgency(v1::GENERAL);
  both->set_response_hours(4);
  both->set_response_working_days(2);
  both->set_step_working_days(0);
  v1::SlaRule* again = policy.add_rules();
  again->set_urgency(v1::GENERAL);
  again->set_response_hours(721);
  again->set_step_working_days(61);
  v1::SlaRule* neither = policy.add_rules();
  neither->set_urgency(static_cast<v1::Urgency>(9));
  neither->set_step_working_days(2);
  status::FieldViolations violations;
  ValidateSlaPolicy(policy, violations);
  EXPECT_THAT(
      Fields(violations),
      ElementsAre("sla_policy.rules[0].response_hours", "sla_policy.rules[0].step_working_days",
                  "sla_policy.rules[1].urgency", "sla_policy.rules[1].response_hours",
                  "sla_policy.rules[1].step_working_days", "sla_policy.rules[2].urgency",
                  "sla_policy.rules[2].response_hours", "sla_policy.rules", "sla_policy.rules"))
      << Descriptions(violations);
  const std::string text = Descriptions(violations);
  EXPECT_THAT(text, HasSubstr("not both"));
  EXPECT_THAT(text, HasSubstr("GENERAL is given again (first at rules[0])"));
  EXPECT_THAT(text, HasSubstr("721 is above 720"));
  EXPECT_THAT(text, HasSubstr("no rule for URGENT"));
  EXPECT_THAT(text, HasSubstr("no rule for CRITICAL"));
}

TEST(SlaRulesTest, EveryUrgencyOnce) {
  v1::SlaPolicy policy = DefaultSlaPolicy();
  policy.mutable_rules()->RemoveLast();
  status::FieldViolations violations;
  ValidateSlaPolicy(policy, violations);
  EXPECT_THAT(Fields(violations), ElementsAre("sla_policy.rules", "sla_policy.rules"))
      << Descriptions(violations);

  status::FieldViolations none;
  ValidateSlaPolicy(v1::SlaPolicy(), none);
  EXPECT_THAT(Fields(none), ElementsAre("sla_policy.rules"));
}

}  // namespace
}  // namespace crm::collaboration
