#include "services/scoring/core/scoring_names.h"

#include "gtest/gtest.h"

namespace crm::scoring {
namespace {

constexpr char kCustomer[] = "0b5e3c1e-8a7d-4d0f-9a51-0c6f2b8e7d41";
constexpr char kUpperCustomer[] = "0B5E3C1E-8A7D-4D0F-9A51-0C6F2B8E7D41";

TEST(ScoringNamesTest, TierReviewsAndProposalsRoundTrip) {
  const clock::Quarter q{.year = 2026, .number = 4};
  EXPECT_EQ(TierReviewName(q), "tierReviews/2026Q4");
  EXPECT_EQ(TierReviewName("2026Q4"), "tierReviews/2026Q4");
  ASSERT_TRUE(ParseTierReviewName("tierReviews/2026Q4").ok());
  EXPECT_EQ(*ParseTierReviewName("tierReviews/2026Q4"), q);
  EXPECT_EQ(ParseTierReviewName("tierReviews/2026Q5").status().message(),
            "'tierReviews/2026Q5' is not a tier review name like tierReviews/2026Q4");
  EXPECT_EQ(ParseTierReviewName("").status().message(), "is required, e.g. tierReviews/2026Q4");

  EXPECT_EQ(TierProposalName(q, kCustomer),
            std::string("tierReviews/2026Q4/proposals/") + kCustomer);
  const absl::StatusOr<TierProposalKey> key =
      ParseTierProposalName(std::string("tierReviews/2026Q4/proposals/") + kUpperCustomer);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->quarter, q);
  EXPECT_EQ(key->customer_id, kCustomer);
  EXPECT_FALSE(ParseTierProposalName("tierReviews/2026Q4/proposals/42").ok());
  EXPECT_FALSE(ParseTierProposalName(std::string("tierReviews/2026/proposals/") + kCustomer).ok());
}

TEST(ScoringNamesTest, UuidNames) {
  EXPECT_EQ(*ParseChurnWarningName(std::string("churnWarnings/") + kUpperCustomer), kCustomer);
  EXPECT_EQ(ChurnWarningName(kCustomer), std::string("churnWarnings/") + kCustomer);
  EXPECT_EQ(*ParseSurveyName(SurveyName(kCustomer)), kCustomer);
  EXPECT_EQ(*ParseFactsRebuildName(FactsRebuildName(kCustomer)), kCustomer);
  EXPECT_EQ(ParseSurveyName("surveys/7").status().message(),
            "'surveys/7' is not a survey name like surveys/{uuid}");
  EXPECT_FALSE(ParseChurnWarningName(std::string("surveys/") + kCustomer).ok());
  EXPECT_EQ(ParseFactsRebuildName("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ScoringNamesTest, ScoringProfiles) {
  EXPECT_EQ(ScoringProfileName(kCustomer),
            std::string("customers/") + kCustomer + "/scoringProfile");
  EXPECT_EQ(*ParseScoringProfileName(ScoringProfileName(kUpperCustomer)), kCustomer);
  EXPECT_FALSE(ParseScoringProfileName(std::string("customers/") + kCustomer).ok());
  EXPECT_FALSE(ParseScoringProfileName("customers/x/scoringProfile").ok());
}

TEST(ScoringNamesTest, OrgUnitQuarters) {
  const clock::Quarter q{.year = 2027, .number = 1};
  EXPECT_EQ(SalesTargetName("sub-east", q), "orgUnits/sub-east/salesTargets/2027Q1");
  EXPECT_EQ(SalesTargetName("orgUnits/sub-east", "2027Q1"),
            "orgUnits/sub-east/salesTargets/2027Q1");
  EXPECT_EQ(ScorecardName("orgUnits/sub-east", q), "orgUnits/sub-east/scorecards/2027Q1");
  const absl::StatusOr<OrgUnitQuarter> target =
      ParseSalesTargetName("orgUnits/sub-east/salesTargets/2027q1");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->org_unit, "orgUnits/sub-east");
  EXPECT_EQ(target->quarter, q);
  const absl::StatusOr<OrgUnitQuarter> card = ParseScorecardName("orgUnits/hq/scorecards/2027Q1");
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->org_unit, "orgUnits/hq");
  EXPECT_FALSE(ParseScorecardName("orgUnits/sub-east/salesTargets/2027Q1").ok());
  EXPECT_FALSE(ParseSalesTargetName("orgUnits/Sub_East/salesTargets/2027Q1").ok());
  EXPECT_EQ(ParseSalesTargetName("orgUnits/sub-east/salesTargets/Q1").status().message(),
            "'orgUnits/sub-east/salesTargets/Q1' is not a sales target name like "
            "orgUnits/sub-east/salesTargets/2026Q4");
}

TEST(ScoringNamesTest, QuarterFields) {
  EXPECT_EQ(*ParseQuarterField("2026Q4"), (clock::Quarter{.year = 2026, .number = 4}));
  EXPECT_EQ(ParseQuarterField("").status().message(), "is required, e.g. 2026Q4");
  EXPECT_EQ(ParseQuarterField("2026-10").status().message(),
            "'2026-10' is not a quarter like 2026Q4 (year 1900-9999, quarter 1-4)");
}

}  // namespace
}  // namespace crm::scoring
