#include "services/collaboration/rules/contribution_validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::collaboration {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kUuid[] = "0f8fad5b-d9cb-469f-a165-70867728950e";

std::vector<std::string> Fields(const status::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.bad_request().field_violations()) fields.push_back(v.field());
  return fields;
}

std::vector<std::string> Descriptions(const status::FieldViolations& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations.bad_request().field_violations()) out.push_back(v.description());
  return out;
}

v1::Contributor Contributor(const std::string& org_unit) {
  v1::Contributor c;
  c.set_org_unit(org_unit);
  return c;
}

v1::Contributor Scored(const std::string& org_unit, int score) {
  v1::Contributor c = Contributor(org_unit);
  c.mutable_scores()->set_information(score);
  c.mutable_scores()->set_resources(score);
  c.mutable_scores()->set_participation(score);
  c.mutable_scores()->set_customer_evaluation(score);
  return c;
}

TEST(ValidateContributorsTest, AcceptsScoredAndUnscoredContributorsWithEvidence) {
  Contributors list;
  v1::Contributor east = Scored("orgUnits/sub-east", 80);
  east.add_evidence(std::string("activities/") + kUuid);
  east.add_evidence(std::string("collaborationRequests/") + kUuid);
  east.add_evidence(std::string("opportunities/") + kUuid);
  east.add_evidence(std::string("contracts/") + kUuid);
  east.add_evidence("https://wiki.example.com/deal/42");
  *list.Add() = east;
  *list.Add() = Contributor("orgUnits/sub-west");  // not scored yet
  status::FieldViolations violations;
  ValidateContributors(list, "attribution.contributors", violations);
  EXPECT_THAT(Fields(violations), IsEmpty());
}

TEST(ValidateContributorsTest, NamesEveryProblemAtOnce) {
  Contributors list;
  *list.Add() = Scored("orgUnits/sub-east", 101);
  *list.Add() = Contributor("sub-west");
  *list.Add() = Contributor("orgUnits/sub-east");
  *list.Add() = Contributor("");
  v1::Contributor bad_evidence = Scored("orgUnits/sub-north", 10);
  bad_evidence.mutable_scores()->set_participation(-1);
  bad_evidence.add_evidence("activities/not-a-uuid");
  bad_evidence.add_evidence("http://plain.example.com");
  bad_evidence.add_evidence("customers/x");
  *list.Add() = bad_evidence;
  status::FieldViolations violations;
  ValidateContributors(list, "attribution.contributors", violations);
  EXPECT_THAT(
      Fields(violations),
      ElementsAre("attribution.contributors[0].scores.information",
                  "attribution.contributors[0].scores.resources",
                  "attribution.contributors[0].scores.participation",
                  "attribution.contributors[0].scores.customer_evaluation",
                  "attribution.contributors[1].org_unit", "attribution.contributors[2].org_unit",
                  "attribution.contributors[3].org_unit",
                  "attribution.contributors[4].scores.participation",
                  "attribution.contributors[4].evidence[0]",
                  "attribution.contributors[4].evidence[1]",
                  "attribution.contributors[4].evidence[2]"));
  const std::vector<std::string> text = Descriptions(violations);
  EXPECT_EQ(text[0], "attribution.contributors[0].scores.information: 101 is above 100");
  EXPECT_EQ(text[4],
            "attribution.contributors[1].org_unit: 'sub-west' is not an org unit name like "
            "orgUnits/sub-east");
  EXPECT_EQ(text[5],
            "attribution.contributors[2].org_unit: orgUnits/sub-east is given again (first at "
            "contributors[0]); give each org unit once");
  EXPECT_EQ(text[6], "attribution.contributors[3].org_unit: is required, e.g. orgUnits/sub-east");
}

TEST(ValidateContributorsTest, NeedsOneToTwentyContributors) {
  Contributors none;
  status::FieldViolations empty;
  ValidateContributors(none, "contributors", empty);
  EXPECT_THAT(Fields(empty), ElementsAre("contributors"));

  Contributors many;
  for (int i = 0; i < 21; ++i) *many.Add() = Contributor("orgUnits/unit-" + std::to_string(i));
  status::FieldViolations too_many;
  ValidateContributors(many, "contributors", too_many);
  EXPECT_THAT(Fields(too_many), ElementsAre("contributors"));
}

TEST(ValidateContributorsTest, AnAdjustmentScoresEveryContributor) {
  Contributors list;
  *list.Add() = Scored("orgUnits/sub-east", 50);
  *list.Add() = Contributor("orgUnits/sub-west");
  status::FieldViolations violations;
  ValidateContributors(list, "contributors", violations, {.scores_required = true});
  EXPECT_THAT(Fields(violations), ElementsAre("contributors[1].scores"));
}

TEST(ValidateContributorsTest, AtMostTwentyEvidenceItems) {
  Contributors list;
  v1::Contributor c = Contributor("orgUnits/sub-east");
  for (int i = 0; i < 21; ++i) c.add_evidence(std::string("activities/") + kUuid);
  *list.Add() = c;
  status::FieldViolations violations;
  ValidateContributors(list, "contributors", violations);
  EXPECT_THAT(Fields(violations), ElementsAre("contributors[0].evidence"));
}

TEST(IsEvidenceTest, KnowsTheForms) {
  EXPECT_TRUE(IsEvidence(std::string("contracts/") + kUuid));
  EXPECT_TRUE(IsEvidence("https://x.example.com/a?b=c"));
  EXPECT_FALSE(IsEvidence("https://"));
  EXPECT_FALSE(IsEvidence("https://a b"));
  EXPECT_FALSE(IsEvidence("https://" + std::string(2000, 'a')));
  EXPECT_FALSE(IsEvidence("activities/"));
  EXPECT_FALSE(IsEvidence(""));
}

v1::AttributionPolicy Policy(int information, int resources, int participation,
                             int customer_evaluation, int dispute_days) {
  v1::AttributionPolicy p;
  p.mutable_weights()->set_information_bp(information);
  p.mutable_weights()->set_resources_bp(resources);
  p.mutable_weights()->set_participation_bp(participation);
  p.mutable_weights()->set_customer_evaluation_bp(customer_evaluation);
  p.set_dispute_days(dispute_days);
  return p;
}

TEST(ValidateAttributionPolicyTest, AcceptsTheDefaults) {
  status::FieldViolations violations;
  ValidateAttributionPolicy(Policy(2000, 3000, 3000, 2000, 10), violations);
  EXPECT_TRUE(violations.empty());
}

TEST(ValidateAttributionPolicyTest, WeightsSumToExactlyTenThousand) {
  status::FieldViolations violations;
  ValidateAttributionPolicy(Policy(2000, 3000, 3000, 1999, 10), violations);
  EXPECT_THAT(Fields(violations), ElementsAre("attribution_policy.weights"));
  EXPECT_THAT(Descriptions(violations),
              ElementsAre("attribution_policy.weights: the weights sum to 9999 basis points; "
                          "they must sum to exactly 10000 (100%)"));
}

TEST(ValidateAttributionPolicyTest, NamesEveryBadField) {
  v1::AttributionPolicy p = Policy(-1, 10001, 0, 0, 91);
  p.set_name("policy");
  status::FieldViolations violations;
  ValidateAttributionPolicy(p, violations);
  EXPECT_THAT(
      Fields(violations),
      ElementsAre("attribution_policy.name", "attribution_policy.weights.information_bp",
                  "attribution_policy.weights.resources_bp", "attribution_policy.dispute_days"));
  status::FieldViolations missing;
  ValidateAttributionPolicy(v1::AttributionPolicy(), missing);
  EXPECT_THAT(Fields(missing),
              ElementsAre("attribution_policy.weights", "attribution_policy.dispute_days"));
}

}  // namespace
}  // namespace crm::collaboration
