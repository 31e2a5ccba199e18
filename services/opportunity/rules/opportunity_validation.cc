#include "services/opportunity/rules/opportunity_validation.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/number_field.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"
#include "services/opportunity/rules/committee.h"
#include "services/opportunity/rules/needs_survey.h"
#include "services/opportunity/rules/product_lines.h"

namespace crm::opportunity {
namespace {

constexpr std::string_view kPrefix = "opportunity.";

std::string Field(std::string_view name) { return crm::StrCat(kPrefix, name); }

bool Contains(const std::vector<std::string>& paths, std::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

void CheckCollaborators(const v1::Opportunity& opportunity, status::FieldViolations& violations) {
  const std::string field = Field("collaborating_org_units");
  const auto& units = opportunity.collaborating_org_units();
  validation::CheckCount(units.size(), 0, kMaxCollaboratingOrgUnits, field, violations);
  std::map<std::string, int> first_index;
  for (int i = 0; i < units.size() && i < kMaxCollaboratingOrgUnits; ++i) {
    const std::string path = crm::StrCat(field, "[", i, "]");
    const std::string id = names::OrgUnitIdOr(units[i], path, violations);
    if (id.empty()) continue;
    const auto [it, inserted] = first_index.try_emplace(id, i);
    if (!inserted) {
      violations.Add(path, crm::StrCat(path, ": ", units[i], " is already listed at ", field, "[",
                                       it->second, "]"));
    }
  }
}

void CheckCompetitors(const v1::Opportunity& opportunity, status::FieldViolations& violations) {
  const std::string field = Field("competitors");
  validation::CheckCount(opportunity.competitors_size(), 0, kMaxCompetitors, field, violations);
  for (int i = 0; i < opportunity.competitors_size() && i < kMaxCompetitors; ++i) {
    validation::CheckText(opportunity.competitors(i), crm::StrCat(field, "[", i, "]"), 1,
                          kMaxCompetitorChars, validation::Lines::kSingle, violations);
  }
}

// The amount's currency when it is a valid code, else "" (the lines then
// agree among themselves).
std::string AmountCurrency(const v1::Opportunity& opportunity, bool amount_given) {
  if (!amount_given || !opportunity.has_amount()) return "";
  const std::string& code = opportunity.amount().currency_code();
  return money::IsCurrencyCode(code) ? code : "";
}

void CheckOptionalDate(bool has, const common::v1::Date& date, std::string_view name,
                       status::FieldViolations& violations) {
  if (has) validation::CheckDate(date, Field(name), violations);
}

// The fields named in `paths` (all of them for a create).
void CheckFields(const v1::Opportunity& o, const std::vector<std::string>& paths,
                 status::FieldViolations& violations) {
  auto named = [&](std::string_view path) { return Contains(paths, path); };
  if (named("title")) {
    validation::CheckText(o.title(), Field("title"), 1, kMaxTitleChars, validation::Lines::kSingle,
                          violations);
  }
  if (named("owner_org_unit") && !o.owner_org_unit().empty()) {
    names::OrgUnitIdOr(o.owner_org_unit(), Field("owner_org_unit"), violations);
  }
  if (named("owner_user") && !o.owner_user().empty()) {
    names::UserIdOr(o.owner_user(), Field("owner_user"), violations);
  }
  if (named("collaborating_org_units")) CheckCollaborators(o, violations);
  if (named("probability"))
    validation::CheckRange(o.probability(), 0, 100, Field("probability"), violations);
  if (named("forecast_category")) {
    validation::CheckEnumIn<v1::ForecastCategory>(
        o.forecast_category(), {v1::PIPELINE, v1::BEST_CASE, v1::COMMIT, v1::OMITTED},
        Field("forecast_category"), validation::Presence::kOptional, violations);
  }
  if (named("amount") && o.has_amount()) {
    // With lines the amount is their sum: it may only name their currency.
    if (o.product_lines_size() > 0 && o.amount().minor_units() != 0) {
      violations.Add(Field("amount"),
                     crm::StrCat(Field("amount"),
                                 ": is the sum of product_lines when there are lines; "
                                 "leave it out (or give only its currency) or send no lines"));
    } else {
      money::CheckMoney(o.amount(), Field("amount"), violations, {.non_negative = true});
    }
  }
  if (named("product_lines")) {
    ValidateProductLines(o.product_lines(), AmountCurrency(o, named("amount")),
                         Field("product_lines"), violations);
  }
  if (named("expected_close_date")) {
    CheckOptionalDate(o.has_expected_close_date(), o.expected_close_date(), "expected_close_date",
                      violations);
  }
  if (named("next_follow_up_date")) {
    CheckOptionalDate(o.has_next_follow_up_date(), o.next_follow_up_date(), "next_follow_up_date",
                      violations);
  }
  if (named("lead_source")) {
    validation::CheckText(o.lead_source(), Field("lead_source"), 0, kMaxLeadSourceChars,
                          validation::Lines::kSingle, violations);
  }
  if (named("competitors")) CheckCompetitors(o, violations);
  if (named("buying_committee")) {
    ValidateCommittee(o.buying_committee(), Field("buying_committee"), violations);
  }
  if (named("needs_survey")) {
    ValidateNeedsSurvey(o.needs_survey(), Field("needs_survey"), violations);
  }
}

std::string AllowedList() {
  std::string list;
  for (const std::string& path : UpdatableOpportunityPaths()) {
    crm::StrAppend(&list, list.empty() ? "" : ", ", path);
  }
  return list;
}

}  // namespace

const std::vector<std::string>& UpdatableOpportunityPaths() {
  static const std::vector<std::string> kPaths = {"title",
                                                  "owner_org_unit",
                                                  "owner_user",
                                                  "collaborating_org_units",
                                                  "probability",
                                                  "forecast_category",
                                                  "amount",
                                                  "product_lines",
                                                  "expected_close_date",
                                                  "next_follow_up_date",
                                                  "lead_source",
                                                  "competitors",
                                                  "buying_committee",
                                                  "needs_survey"};
  return kPaths;
}

void ValidateOpportunityForCreate(const v1::Opportunity& opportunity,
                                  status::FieldViolations& violations) {
  names::CustomerIdOr(opportunity.customer(), Field("customer"), violations);
  validation::CheckEnumIn<v1::Stage>(
      opportunity.stage(), {v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION},
      Field("stage"), validation::Presence::kOptional, violations);
  CheckFields(opportunity, UpdatableOpportunityPaths(), violations);
}

std::vector<std::string> ValidateOpportunityUpdate(const v1::Opportunity& opportunity,
                                                   const google::protobuf::FieldMask& mask,
                                                   status::FieldViolations& violations) {
  std::vector<std::string> paths;
  if (mask.paths().empty()) {
    violations.Add(
        "update_mask",
        "update_mask: name the fields to change, e.g. \"title\"; allowed: " + AllowedList());
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    if (!Contains(UpdatableOpportunityPaths(), path)) {
      const std::string field = crm::StrCat("update_mask.paths[", i, "]");
      violations.Add(field,
                     crm::StrCat(field, ": ", Quote(path), " cannot be updated",
                                 path == "stage" ? " (ChangeStage, WinOpportunity, LoseOpportunity "
                                                   "and ReopenOpportunity change it)"
                                                 : "",
                                 "; allowed: ", AllowedList()));
    } else if (!Contains(paths, path)) {
      paths.push_back(path);
    }
  }
  CheckFields(opportunity, paths, violations);
  return paths;
}

}  // namespace crm::opportunity
