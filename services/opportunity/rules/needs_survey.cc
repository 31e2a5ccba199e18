#include "services/opportunity/rules/needs_survey.h"

#include <string>

#include "libs/money/money_check.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"
#include "services/opportunity/rules/stage_model.h"

namespace crm::opportunity {
namespace {

constexpr size_t kMaxLongText = 2000;
constexpr size_t kMaxTimeline = 500;
constexpr size_t kMaxCompetitor = 100;
constexpr size_t kMaxPainPoint = 500;

bool AnyFilled(const google::protobuf::RepeatedPtrField<std::string>& items) {
  for (const std::string& item : items) {
    if (!validation::IsBlank(item)) return true;
  }
  return false;
}

void CheckList(const google::protobuf::RepeatedPtrField<std::string>& items, std::string_view field,
               size_t max_chars, status::FieldViolations& violations) {
  validation::CheckCount(items.size(), 0, kMaxSurveyListItems, field, violations);
  for (int i = 0; i < items.size() && i < kMaxSurveyListItems; ++i) {
    validation::CheckText(items[i], crm::StrCat(field, "[", i, "]"), 1, max_chars,
                          validation::Lines::kSingle, violations);
  }
}

void CheckBudget(const v1::NeedsSurvey& survey, std::string_view field,
                 status::FieldViolations& violations) {
  const std::string min_field = crm::StrCat(field, ".budget_min");
  const std::string max_field = crm::StrCat(field, ".budget_max");
  const size_t before = violations.size();
  if (survey.has_budget_min()) {
    money::CheckMoney(survey.budget_min(), min_field, violations, {.non_negative = true});
  }
  if (survey.has_budget_max()) {
    money::CheckMoney(survey.budget_max(), max_field, violations, {.non_negative = true});
  }
  if (violations.size() != before || !survey.has_budget_min() || !survey.has_budget_max()) return;
  const common::v1::Money& low = survey.budget_min();
  const common::v1::Money& high = survey.budget_max();
  if (low.currency_code() != high.currency_code()) {
    violations.Add(max_field + ".currency_code",
                   crm::StrCat(max_field, ".currency_code: ", high.currency_code(),
                               " differs from budget_min's ", low.currency_code(),
                               "; give the budget range in one currency"));
  } else if (low.minor_units() > high.minor_units()) {
    violations.Add(max_field, crm::StrCat(max_field, ": ", high.minor_units(),
                                          " is below budget_min's ", low.minor_units()));
  }
}

}  // namespace

int SurveyCompletenessBp(const v1::NeedsSurvey& survey) {
  const bool parts[kSurveyParts] = {
      !validation::IsBlank(survey.background()),
      !validation::IsBlank(survey.goals()),
      survey.has_budget_max() && survey.budget_max().minor_units() > 0,
      !validation::IsBlank(survey.timeline()),
      !validation::IsBlank(survey.decision_process()),
      AnyFilled(survey.competitors()),
      AnyFilled(survey.pain_points()),
  };
  int filled = 0;
  for (bool part : parts) filled += part ? 1 : 0;
  return filled * kFullSurveyBp / kSurveyParts;
}

void ValidateNeedsSurvey(const v1::NeedsSurvey& survey, std::string_view field,
                         status::FieldViolations& violations) {
  auto path = [&](std::string_view leaf) { return crm::StrCat(field, ".", leaf); };
  validation::CheckText(survey.background(), path("background"), 0, kMaxLongText,
                        validation::Lines::kMulti, violations);
  validation::CheckText(survey.goals(), path("goals"), 0, kMaxLongText, validation::Lines::kMulti,
                        violations);
  CheckBudget(survey, field, violations);
  validation::CheckText(survey.timeline(), path("timeline"), 0, kMaxTimeline,
                        validation::Lines::kMulti, violations);
  validation::CheckText(survey.decision_process(), path("decision_process"), 0, kMaxLongText,
                        validation::Lines::kMulti, violations);
  CheckList(survey.competitors(), path("competitors"), kMaxCompetitor, violations);
  CheckList(survey.pain_points(), path("pain_points"), kMaxPainPoint, violations);
}

}  // namespace crm::opportunity
