#include "services/opportunity/rules/opportunity_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kCustomer[] = "customers/0b7f3c2e-8d4a-4e1b-9c6f-2a5d8e1f4b70";
constexpr char kContact[] =
    "customers/0b7f3c2e-8d4a-4e1b-9c6f-2a5d8e1f4b70/contacts/5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6";

std::string Repeat(std::string_view piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

common::v1::Date D(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// Every input field set, and valid.
v1::Opportunity FullOpportunity() {
  v1::Opportunity o;
  o.set_customer(kCustomer);
  o.set_title("华信能源集团 ERP 整合");
  o.set_owner_org_unit("orgUnits/sub-east");
  o.set_owner_user("users/li.si");
  o.add_collaborating_org_units("orgUnits/sub-north");
  o.add_collaborating_org_units("orgUnits/hq");
  o.set_stage(v1::DISCOVERY);
  o.set_probability(25);
  o.set_forecast_category(v1::BEST_CASE);
  o.mutable_amount()->set_currency_code("CNY");
  o.mutable_amount()->set_minor_units(0);
  v1::ProductLine& line = *o.add_product_lines();
  line.set_product_code("ERP-LICENSE");
  line.set_quantity(3);
  line.mutable_unit_price()->set_currency_code("CNY");
  line.mutable_unit_price()->set_minor_units(1999);
  line.set_discount_bp(1500);
  *o.mutable_expected_close_date() = D(2024, 2, 29);
  *o.mutable_next_follow_up_date() = D(2026, 12, 31);
  o.set_lead_source("展会");
  o.add_competitors("用友");
  v1::CommitteeMember& member = *o.add_buying_committee();
  member.set_contact(kContact);
  member.set_role(v1::CommitteeMember::DECISION_MAKER);
  o.mutable_needs_survey()->set_background("三家子公司各自一套 ERP");
  return o;
}

std::vector<std::string> CreateProblems(const v1::Opportunity& o) {
  status::FieldViolations violations;
  ValidateOpportunityForCreate(o, violations);
  return status::testing::Descriptions(violations);
}

std::vector<std::string> CreateFields(const v1::Opportunity& o) {
  status::FieldViolations violations;
  ValidateOpportunityForCreate(o, violations);
  return status::testing::Fields(violations);
}

google::protobuf::FieldMask Mask(std::initializer_list<std::string> paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  return mask;
}

TEST(ValidateCreateTest, AFullOpportunityIsValid) {
  EXPECT_THAT(CreateProblems(FullOpportunity()), IsEmpty());
}

TEST(ValidateCreateTest, AMinimalOpportunityIsValid) {
  v1::Opportunity o;
  o.set_customer(kCustomer);
  o.set_title("x");
  EXPECT_THAT(CreateProblems(o), IsEmpty());
}

TEST(ValidateCreateTest, TitleIsOneToTwoHundredCharacters) {
  v1::Opportunity o = FullOpportunity();
  o.set_title(Repeat("商", 200));
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.set_title(Repeat("商", 201));
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.title: at most 200 characters, got 201"));
  o.set_title("");
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.title: required (1-200 characters)"));
  o.set_title("\u3000 ");
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.title: required (1-200 characters)"));
}

TEST(ValidateCreateTest, CustomerIsRequiredAndWellFormed) {
  v1::Opportunity o = FullOpportunity();
  o.clear_customer();
  EXPECT_THAT(CreateProblems(o),
              ElementsAre("opportunity.customer: is required, e.g. customers/{uuid}"));
  o.set_customer("customers/huaxin");
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.customer: 'customers/huaxin' is not "
                                             "a customer name like customers/{uuid}"));
}

TEST(ValidateCreateTest, OwnersAndCollaboratorsAreWellFormedWhenGiven) {
  v1::Opportunity o = FullOpportunity();
  o.clear_owner_org_unit();
  o.clear_owner_user();
  o.clear_collaborating_org_units();
  EXPECT_THAT(CreateProblems(o), IsEmpty());  // the caller's defaults apply
  o.set_owner_org_unit("sub-east");
  o.set_owner_user("users/Li Si");
  o.add_collaborating_org_units("orgUnits/sub-north");
  o.add_collaborating_org_units("orgUnits/");
  o.add_collaborating_org_units("orgUnits/sub-north");
  EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.owner_org_unit", "opportunity.owner_user",
                                           "opportunity.collaborating_org_units[1]",
                                           "opportunity.collaborating_org_units[2]"));
  EXPECT_THAT(CreateProblems(o),
              Contains("opportunity.collaborating_org_units[2]: orgUnits/sub-north is already "
                       "listed at opportunity.collaborating_org_units[0]"));
}

TEST(ValidateCreateTest, AtMostTwentyCollaborators) {
  v1::Opportunity o = FullOpportunity();
  o.clear_collaborating_org_units();
  for (int i = 0; i < 20; ++i) o.add_collaborating_org_units(crm::StrCat("orgUnits/u", i));
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.add_collaborating_org_units("orgUnits/u20");
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.collaborating_org_units: 21 values "
                                             "given; at most 20"));
}

TEST(ValidateCreateTest, ProbabilityZeroToHundred) {
  v1::Opportunity o = FullOpportunity();
  o.set_probability(0);
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.set_probability(100);
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.set_probability(101);
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.probability: 101 is above 100"));
  o.set_probability(-1);
  EXPECT_THAT(CreateProblems(o), ElementsAre("opportunity.probability: -1 is below 0"));
}

TEST(ValidateCreateTest, StageUnsetOrOpen) {
  v1::Opportunity o = FullOpportunity();
  for (v1::Stage stage : {v1::STAGE_UNSPECIFIED, v1::LEAD, v1::NEGOTIATION}) {
    o.set_stage(stage);
    EXPECT_THAT(CreateProblems(o), IsEmpty()) << v1::Stage_Name(stage);
  }
  for (v1::Stage stage : {v1::WON, v1::LOST, static_cast<v1::Stage>(8)}) {
    o.set_stage(stage);
    EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.stage"));
  }
  o.set_stage(v1::WON);
  EXPECT_THAT(CreateProblems(o),
              ElementsAre("opportunity.stage: WON is not accepted here; use one of LEAD, "
                          "DISCOVERY, SOLUTION, QUOTE or NEGOTIATION"));
}

TEST(ValidateCreateTest, ForecastCategoryKnownAndNotClosed) {
  v1::Opportunity o = FullOpportunity();
  for (v1::ForecastCategory category :
       {v1::FORECAST_CATEGORY_UNSPECIFIED, v1::PIPELINE, v1::BEST_CASE, v1::COMMIT, v1::OMITTED}) {
    o.set_forecast_category(category);
    EXPECT_THAT(CreateProblems(o), IsEmpty());
  }
  o.set_forecast_category(v1::CLOSED);
  EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.forecast_category"));
  o.set_forecast_category(static_cast<v1::ForecastCategory>(6));
  EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.forecast_category"));
}

TEST(ValidateCreateTest, AmountIsValidMoneyAndNotNegative) {
  v1::Opportunity o = FullOpportunity();
  o.clear_product_lines();
  o.mutable_amount()->set_minor_units(-1);
  o.mutable_amount()->set_currency_code("RMB1");
  EXPECT_THAT(CreateFields(o),
              ElementsAre("opportunity.amount.currency_code", "opportunity.amount.minor_units"));
  o.clear_amount();
  EXPECT_THAT(CreateProblems(o), IsEmpty());
}

TEST(ValidateCreateTest, ProductLinesFollowTheAmountsCurrency) {
  v1::Opportunity o = FullOpportunity();
  o.mutable_amount()->set_currency_code("USD");
  EXPECT_THAT(CreateFields(o),
              ElementsAre("opportunity.product_lines[0].unit_price.currency_code"));
  o.clear_amount();  // the lines' own currency then
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.mutable_product_lines(0)->set_quantity(0);
  EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.product_lines[0].quantity"));
}

TEST(ValidateCreateTest, DatesAreRealDates) {
  v1::Opportunity o = FullOpportunity();
  *o.mutable_expected_close_date() = D(2023, 2, 29);
  *o.mutable_next_follow_up_date() = D(2026, 0, 1);
  EXPECT_THAT(CreateProblems(o),
              ElementsAre("opportunity.expected_close_date: 2023-02-29 is not a date: February "
                          "2023 has 28 days",
                          "opportunity.next_follow_up_date: month 0 is outside 1-12"));
  o.clear_expected_close_date();
  o.clear_next_follow_up_date();
  EXPECT_THAT(CreateProblems(o), IsEmpty());
}

TEST(ValidateCreateTest, LeadSourceAndCompetitors) {
  v1::Opportunity o = FullOpportunity();
  o.set_lead_source(Repeat("展", 100));
  for (int i = 1; i < 20; ++i) o.add_competitors(Repeat("友", 100));
  EXPECT_THAT(CreateProblems(o), IsEmpty());
  o.set_lead_source(Repeat("展", 101));
  o.set_competitors(3, Repeat("友", 101));
  o.set_competitors(4, "");
  EXPECT_THAT(CreateProblems(o),
              ElementsAre("opportunity.lead_source: at most 100 characters, got 101",
                          "opportunity.competitors[3]: at most 100 characters, got 101",
                          "opportunity.competitors[4]: required (1-100 characters)"));
  o.set_competitors(3, "a");
  o.set_competitors(4, "b");
  o.add_competitors("21st");
  EXPECT_THAT(CreateProblems(o),
              ElementsAre("opportunity.lead_source: at most 100 characters, got 101",
                          "opportunity.competitors: 21 values given; at most 20"));
}

TEST(ValidateCreateTest, CommitteeAndSurveyByTheirRules) {
  v1::Opportunity o = FullOpportunity();
  o.mutable_buying_committee(0)->set_influence(9);
  o.mutable_needs_survey()->set_timeline(std::string(501, 't'));
  EXPECT_THAT(CreateFields(o), ElementsAre("opportunity.buying_committee[0].influence",
                                           "opportunity.needs_survey.timeline"));
}

TEST(ValidateCreateTest, EveryViolationAtOnce) {
  v1::Opportunity o;
  o.set_probability(200);
  o.set_stage(v1::LOST);
  *o.mutable_expected_close_date() = D(2023, 2, 29);
  EXPECT_THAT(CreateFields(o),
              ElementsAre("opportunity.customer", "opportunity.stage", "opportunity.title",
                          "opportunity.probability", "opportunity.expected_close_date"));
}

TEST(UpdatableOpportunityPathsTest, AsTheProtoListsThem) {
  EXPECT_THAT(UpdatableOpportunityPaths(),
              ElementsAre("title", "owner_org_unit", "owner_user", "collaborating_org_units",
                          "probability", "forecast_category", "amount", "product_lines",
                          "expected_close_date", "next_follow_up_date", "lead_source",
                          "competitors", "buying_committee", "needs_survey"));
}

TEST(ValidateUpdateTest, ChecksOnlyTheMaskedFields) {
  v1::Opportunity o;
  o.set_title("新标题");
  o.set_probability(500);  // not in the mask: not read
  status::FieldViolations violations;
  EXPECT_THAT(ValidateOpportunityUpdate(o, Mask({"title", "title"}), violations),
              ElementsAre("title"));
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(ValidateOpportunityUpdate(o, Mask({"probability", "title"}), violations),
              ElementsAre("probability", "title"));
  EXPECT_THAT(status::testing::Descriptions(violations),
              ElementsAre("opportunity.probability: 500 is above 100"));
}

TEST(ValidateUpdateTest, AMaskedTitleMustBeGiven) {
  status::FieldViolations violations;
  ValidateOpportunityUpdate(v1::Opportunity(), Mask({"title", "lead_source"}), violations);
  EXPECT_THAT(status::testing::Descriptions(violations),
              ElementsAre("opportunity.title: required (1-200 characters)"));
}

TEST(ValidateUpdateTest, UnknownPathsAreNamedWithTheAllowList) {
  status::FieldViolations violations;
  const std::vector<std::string> paths = ValidateOpportunityUpdate(
      FullOpportunity(), Mask({"title", "customer", "stage"}), violations);
  EXPECT_THAT(paths, ElementsAre("title"));
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("update_mask.paths[1]", "update_mask.paths[2]"));
  const std::string allowed =
      "; allowed: title, owner_org_unit, owner_user, collaborating_org_units, probability, "
      "forecast_category, amount, product_lines, expected_close_date, next_follow_up_date, "
      "lead_source, competitors, buying_committee, needs_survey";
  EXPECT_THAT(status::testing::Descriptions(violations),
              ElementsAre("update_mask.paths[1]: 'customer' cannot be updated" + allowed,
                          "update_mask.paths[2]: 'stage' cannot be updated (ChangeStage, "
                          "WinOpportunity, LoseOpportunity and ReopenOpportunity change it)" +
                              allowed));
}

TEST(ValidateUpdateTest, AnEmptyMaskIsAViolation) {
  status::FieldViolations violations;
  EXPECT_THAT(ValidateOpportunityUpdate(FullOpportunity(), Mask({}), violations), IsEmpty());
  EXPECT_THAT(status::testing::Fields(violations), ElementsAre("update_mask"));
}

TEST(ValidateUpdateTest, LinesAgainstTheAmountOnlyWhenBothAreMasked) {
  v1::Opportunity o = FullOpportunity();
  o.mutable_amount()->set_currency_code("USD");
  status::FieldViolations violations;
  ValidateOpportunityUpdate(o, Mask({"product_lines"}), violations);
  EXPECT_TRUE(violations.empty());
  ValidateOpportunityUpdate(o, Mask({"product_lines", "amount"}), violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("opportunity.product_lines[0].unit_price.currency_code"));
}

TEST(ValidateUpdateTest, EveryAllowedPathValidatesItsField) {
  v1::Opportunity o = FullOpportunity();
  o.set_owner_user("nobody");
  *o.mutable_next_follow_up_date() = D(2023, 2, 29);
  o.mutable_needs_survey()->add_pain_points("");
  status::FieldViolations violations;
  ValidateOpportunityUpdate(o, Mask({"owner_user", "next_follow_up_date", "needs_survey"}),
                            violations);
  EXPECT_THAT(status::testing::Fields(violations),
              ElementsAre("opportunity.owner_user", "opportunity.next_follow_up_date",
                          "opportunity.needs_survey.pain_points[0]"));
}

}  // namespace
}  // namespace crm::opportunity
