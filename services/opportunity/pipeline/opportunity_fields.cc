#include "services/opportunity/pipeline/opportunity_fields.h"

#include "absl/container/flat_hash_set.h"
#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/repeated_count.h"
#include "services/opportunity/core/opportunity_row.h"
#include "services/opportunity/rules/calendar_date.h"
#include "services/opportunity/rules/committee.h"
#include "services/opportunity/rules/needs_survey.h"
#include "services/opportunity/rules/number_field.h"
#include "services/opportunity/rules/product_lines.h"
#include "services/opportunity/rules/text_field.h"

namespace crm::opportunity {
namespace {

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxCollaborators = 20;
constexpr size_t kMaxLeadSource = 100;
constexpr size_t kMaxCompetitors = 20;
constexpr size_t kMaxCompetitor = 100;

std::string Field(std::string_view path) { return crm::StrCat("opportunity.", path); }
std::string Item(std::string_view path, int i) {
  return crm::StrCat("opportunity.", path, "[", i, "]");
}

void CheckTextList(const google::protobuf::RepeatedPtrField<std::string>& values,
                   std::string_view path, size_t max_count, size_t max_chars,
                   status::FieldViolations& violations) {
  validation::CheckCount(values.size(), 0, max_count, Field(path), violations);
  for (int i = 0; i < values.size(); ++i) {
    CheckText(values[i], Item(path, i), 1, max_chars, Lines::kSingle, violations);
  }
}

void CheckCollaborators(const v1::Opportunity& opportunity, status::FieldViolations& violations) {
  validation::CheckCount(opportunity.collaborating_org_units_size(), 0, kMaxCollaborators,
                         Field("collaborating_org_units"), violations);
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < opportunity.collaborating_org_units_size(); ++i) {
    const std::string& unit = opportunity.collaborating_org_units(i);
    const std::string field = Item("collaborating_org_units", i);
    if (names::OrgUnitIdOr(unit, field, violations).empty()) continue;
    if (!seen.insert(unit).second)
      violations.Add(field, crm::StrCat(field, ": ", unit, " is given twice"));
  }
}

}  // namespace

bool IsUpdatablePath(std::string_view path) {
  for (const char* allowed : kUpdatablePaths) {
    if (path == allowed) return true;
  }
  return false;
}

void CheckOpportunityFields(const v1::Opportunity& o,
                            absl::FunctionRef<bool(std::string_view path)> checked,
                            status::FieldViolations& violations) {
  if (checked("title")) {
    CheckText(o.title(), Field("title"), 1, kMaxTitle, Lines::kSingle, violations);
  }
  if (checked("owner_org_unit") && !o.owner_org_unit().empty()) {
    names::OrgUnitIdOr(o.owner_org_unit(), Field("owner_org_unit"), violations);
  }
  if (checked("owner_user") && !o.owner_user().empty()) {
    names::UserIdOr(o.owner_user(), Field("owner_user"), violations);
  }
  if (checked("collaborating_org_units")) CheckCollaborators(o, violations);
  if (checked("probability")) {
    CheckRange(o.probability(), 0, 100, Field("probability"), violations);
  }
  if (checked("forecast_category")) {
    // CLOSED is the won opportunities' category, set by WinOpportunity.
    validation::CheckEnumIn<v1::ForecastCategory>(
        o.forecast_category(), {v1::PIPELINE, v1::BEST_CASE, v1::COMMIT, v1::OMITTED},
        Field("forecast_category"), validation::Presence::kOptional, violations);
  }
  if (checked("amount") && o.has_amount()) {
    if (o.product_lines_size() > 0) {
      violations.Add(Field("amount"),
                     crm::StrCat(Field("amount"),
                                 ": is the sum of product_lines when there are lines; "
                                 "leave it out or send no lines"));
    } else {
      money::CheckMoney(o.amount(), Field("amount"), violations, {.non_negative = true});
    }
  }
  if (checked("product_lines")) {
    ValidateProductLines(o.product_lines(), o.amount().currency_code(), Field("product_lines"),
                         violations);
  }
  if (checked("expected_close_date") && IsSet(o.expected_close_date())) {
    CheckDate(o.expected_close_date(), Field("expected_close_date"), violations);
  }
  if (checked("next_follow_up_date") && IsSet(o.next_follow_up_date())) {
    CheckDate(o.next_follow_up_date(), Field("next_follow_up_date"), violations);
  }
  if (checked("lead_source")) {
    CheckText(o.lead_source(), Field("lead_source"), 0, kMaxLeadSource, Lines::kSingle, violations);
  }
  if (checked("competitors")) {
    CheckTextList(o.competitors(), "competitors", kMaxCompetitors, kMaxCompetitor, violations);
  }
  if (checked("buying_committee")) {
    ValidateCommittee(o.buying_committee(), Field("buying_committee"), violations);
  }
  if (checked("needs_survey")) {
    ValidateNeedsSurvey(o.needs_survey(), Field("needs_survey"), violations);
  }
}

absl::Status PriceOpportunity(v1::Opportunity& opportunity) {
  if (opportunity.product_lines_size() == 0) return absl::OkStatus();
  absl::StatusOr<common::v1::Money> amount =
      PriceProductLines(*opportunity.mutable_product_lines(), opportunity.amount().currency_code());
  if (!amount.ok()) return amount.status();
  *opportunity.mutable_amount() = *std::move(amount);
  return absl::OkStatus();
}

}  // namespace crm::opportunity
