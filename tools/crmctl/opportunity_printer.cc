#include "tools/crmctl/opportunity_printer.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/money/format.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

constexpr char kUserPrefix[] = "users/";
constexpr char kOrgUnitPrefix[] = "orgUnits/";

// "quote 报价".
std::string StageWords(v1::Stage stage) {
  if (stage == v1::STAGE_UNSPECIFIED) return "";
  const std::string english = StageName(stage);
  if (english.empty()) return crm::StrCat("stage ", static_cast<int>(stage));
  return crm::StrCat(english, " ", StageChineseName(stage));
}

std::string CustomerWords(const v1::Opportunity& opportunity) {
  return opportunity.customer_display_name().empty() ? LastSegment(opportunity.customer())
                                                     : opportunity.customer_display_name();
}

std::string ProductLineWords(const v1::ProductLine& line) {
  std::string text = crm::StrCat(line.product_code(), " × ", GroupDigits(line.quantity()), " @ ",
                                 money::FormatMoney(line.unit_price()));
  if (line.discount_bp() != 0) {
    crm::StrAppend(&text, " less ", FormatDecimal(line.discount_bp() / 100.0, 2), "%");
  }
  if (!line.amount().currency_code().empty()) {
    crm::StrAppend(&text, " = ", money::FormatMoney(line.amount()));
  }
  return text;
}

std::string CommitteeWords(const v1::CommitteeMember& member) {
  std::vector<std::string> parts = {
      member.display_name().empty() ? member.contact() : member.display_name(),
      CommitteeRoleName(member.role())};
  if (member.stance() != v1::CommitteeMember::STANCE_UNSPECIFIED) {
    parts.push_back(StanceName(member.stance()));
  }
  if (member.influence() != 0) parts.push_back(crm::StrCat("influence ", member.influence()));
  return absl::StrJoin(parts, ", ");
}

// A change "before → after", or the value alone when it did not change.
std::string Change(const std::string& before, const std::string& after) {
  if (before == after || before.empty()) return after;
  return crm::StrCat(before, " → ", after);
}

std::string Probability(int32_t probability) { return crm::StrCat(probability, "%"); }

}  // namespace

void PrintOpportunity(const v1::Opportunity& opportunity, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", opportunity.name());
  record.Add("title", opportunity.title());
  record.Add("customer", opportunity.customer());
  record.Add("customer_display_name", opportunity.customer_display_name());
  record.Add("stage", StageWords(opportunity.stage()));
  record.Add("probability",
             crm::StrCat(Probability(opportunity.probability()),
                         opportunity.probability_overridden() ? " (set by hand)" : ""));
  record.Add("forecast_category", ForecastCategoryName(opportunity.forecast_category()));
  record.Add("amount", FullMoney(opportunity.amount()));
  std::vector<std::string> lines;
  for (const v1::ProductLine& line : opportunity.product_lines()) {
    lines.push_back(ProductLineWords(line));
  }
  record.AddList("product_lines", lines);
  record.Add("expected_close_date", FormatDate(opportunity.expected_close_date()));
  record.Add("next_follow_up_date", FormatDate(opportunity.next_follow_up_date()));
  record.Add("owner_org_unit", opportunity.owner_org_unit());
  record.Add("owner_user", opportunity.owner_user());
  record.AddList("collaborating_org_units", {opportunity.collaborating_org_units().begin(),
                                             opportunity.collaborating_org_units().end()});
  record.Add("lead_source", opportunity.lead_source());
  record.AddList("competitors",
                 {opportunity.competitors().begin(), opportunity.competitors().end()});
  record.Add("loss_reason", LossReasonName(opportunity.loss_reason()));
  record.Add("loss_reason_text", opportunity.loss_reason_text());
  record.Add("close_date", FormatDate(opportunity.close_date()));
  std::vector<std::string> committee;
  for (const v1::CommitteeMember& member : opportunity.buying_committee()) {
    committee.push_back(CommitteeWords(member));
  }
  record.AddList("buying_committee", committee);
  if (opportunity.has_needs_survey()) {
    record.Add("needs_survey",
               crm::StrCat(FormatDecimal(opportunity.needs_survey().completeness_bp() / 100.0, 0),
                           "% complete"));
  }
  record.Add("stage_enter_time", FormatTimestamp(opportunity.stage_enter_time()));
  record.Add("last_activity_time", FormatTimestamp(opportunity.last_activity_time()));
  record.Add("create_time", FormatTimestamp(opportunity.create_time()));
  record.Add("update_time", FormatTimestamp(opportunity.update_time()));
  record.Add("etag", opportunity.etag());
  record.Print(out);
}

void PrintOpportunityList(const v1::ListOpportunitiesResponse& response, std::ostream& out) {
  TablePrinter table(
      {"ID", "TITLE", "CUSTOMER", "STAGE", "AMOUNT", "PROB", "CLOSE", "OWNER", "ORG_UNIT"});
  for (const v1::Opportunity& opportunity : response.opportunities()) {
    table.AddRow({LastSegment(opportunity.name()), opportunity.title(), CustomerWords(opportunity),
                  StageWords(opportunity.stage()), ShortMoney(opportunity.amount()),
                  Probability(opportunity.probability()),
                  FormatDate(opportunity.stage() == v1::WON || opportunity.stage() == v1::LOST
                                 ? opportunity.close_date()
                                 : opportunity.expected_close_date()),
                  WithoutPrefix(opportunity.owner_user(), kUserPrefix),
                  WithoutPrefix(opportunity.owner_org_unit(), kOrgUnitPrefix)});
  }
  table.Print(out);
}

int OpportunityCount(const v1::ListOpportunitiesResponse& response) {
  return response.opportunities_size();
}

void PrintHistory(const v1::ListOpportunityHistoryResponse& response, std::ostream& out) {
  TablePrinter table({"TIME", "ACTOR", "METHOD", "STAGE", "DAYS_BEFORE", "AMOUNT", "PROB",
                      "FORECAST", "CLOSE", "REASON"});
  for (const v1::OpportunityHistoryEntry& entry : response.entries()) {
    std::string stage = Change(StageName(entry.previous_stage()), StageName(entry.stage()));
    if (!entry.skipped_stages().empty()) {
      std::vector<std::string> skipped;
      for (const int value : entry.skipped_stages()) {
        skipped.push_back(StageName(static_cast<v1::Stage>(value)));
      }
      crm::StrAppend(&stage, " (skipped ", absl::StrJoin(skipped, ", "), ")");
    }
    const bool stage_changed =
        entry.previous_stage() != v1::STAGE_UNSPECIFIED && entry.previous_stage() != entry.stage();
    table.AddRow({FormatTimestamp(entry.change_time()), WithoutPrefix(entry.actor(), kUserPrefix),
                  entry.method(), stage,
                  stage_changed ? crm::StrCat(entry.days_in_previous_stage()) : "",
                  Change(ShortMoney(entry.previous_amount()), ShortMoney(entry.amount())),
                  Change(entry.previous_stage() == v1::STAGE_UNSPECIFIED
                             ? ""
                             : Probability(entry.previous_probability()),
                         Probability(entry.probability())),
                  Change(ForecastCategoryName(entry.previous_forecast_category()),
                         ForecastCategoryName(entry.forecast_category())),
                  Change(FormatDate(entry.previous_expected_close_date()),
                         FormatDate(entry.expected_close_date())),
                  entry.reason()});
  }
  table.Print(out);
}

int HistoryCount(const v1::ListOpportunityHistoryResponse& response) {
  return response.entries_size();
}

void PrintActivity(const v1::Activity& activity, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", activity.name());
  record.Add("type", ActivityTypeName(activity.type()));
  record.Add("customer", activity.customer());
  record.Add("opportunity", activity.opportunity());
  record.Add("occur_time", FormatTimestamp(activity.occur_time()));
  record.Add("summary", activity.summary());
  record.Add("next_step", activity.next_step());
  record.Add("next_follow_up_date", FormatDate(activity.next_follow_up_date()));
  record.AddList("contacts", {activity.contacts().begin(), activity.contacts().end()});
  if (activity.has_complaint()) {
    record.Add("complaint", crm::StrCat(SeverityName(activity.complaint().severity()),
                                        activity.complaint().resolved() ? ", resolved" : ""));
  }
  record.Add("author", activity.author());
  record.Add("author_org_unit", activity.author_org_unit());
  record.Add("create_time", FormatTimestamp(activity.create_time()));
  record.Print(out);
}

void PrintActivityList(const v1::ListActivitiesResponse& response, std::ostream& out) {
  TablePrinter table(
      {"TIME", "TYPE", "CUSTOMER", "OPPORTUNITY", "SUMMARY", "NEXT_STEP", "FOLLOW_UP", "AUTHOR"});
  for (const v1::Activity& activity : response.activities()) {
    std::string type = ActivityTypeName(activity.type());
    if (activity.has_complaint()) {
      crm::StrAppend(&type, " (", SeverityName(activity.complaint().severity()),
                     activity.complaint().resolved() ? ", resolved" : "", ")");
    }
    table.AddRow({FormatTimestamp(activity.occur_time()), type, LastSegment(activity.customer()),
                  LastSegment(activity.opportunity()), activity.summary(), activity.next_step(),
                  FormatDate(activity.next_follow_up_date()),
                  WithoutPrefix(activity.author(), kUserPrefix)});
  }
  table.Print(out);
}

int ActivityCount(const v1::ListActivitiesResponse& response) { return response.activities_size(); }

std::string StaleReason(const v1::StaleOpportunity& stale) {
  std::vector<std::string> reasons;
  if (stale.no_recent_activity()) {
    reasons.push_back(stale.opportunity().has_last_activity_time()
                          ? crm::StrCat("no activity for ", stale.days_since_activity(), " days")
                          : crm::StrCat("no activity since it was created ",
                                        stale.days_since_activity(), " days ago"));
  }
  if (stale.follow_up_overdue()) {
    reasons.push_back(
        crm::StrCat("follow-up was due ", FormatDate(stale.opportunity().next_follow_up_date())));
  }
  return absl::StrJoin(reasons, "; ");
}

void PrintStaleList(const v1::ListStaleOpportunitiesResponse& response, std::ostream& out) {
  TablePrinter table({"ID", "TITLE", "CUSTOMER", "STAGE", "AMOUNT", "OWNER", "WHY"});
  for (const v1::StaleOpportunity& stale : response.stale_opportunities()) {
    const v1::Opportunity& opportunity = stale.opportunity();
    table.AddRow({LastSegment(opportunity.name()), opportunity.title(), CustomerWords(opportunity),
                  StageWords(opportunity.stage()), ShortMoney(opportunity.amount()),
                  WithoutPrefix(opportunity.owner_user(), kUserPrefix), StaleReason(stale)});
  }
  table.Print(out);
}

int StaleCount(const v1::ListStaleOpportunitiesResponse& response) {
  return response.stale_opportunities_size();
}

}  // namespace crm::crmctl
