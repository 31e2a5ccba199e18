#include "services/customer/rules/survivorship.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

FieldCandidate Value(std::string value, int64_t update_micros = 0) {
  return {.value = std::move(value), .update_micros = update_micros};
}

FieldCandidate Trusted(std::string value, int rank, std::string source, int64_t update_micros = 0) {
  return {.value = std::move(value),
          .trusted_source = std::move(source),
          .trust_rank = rank,
          .update_micros = update_micros};
}

TEST(SurvivorshipTest, OverrideWinsEvenOverANonEmptyValue) {
  const FieldWinner winner = ChooseFieldWinner({Value("A", 9), Value("", 1)}, 1);
  EXPECT_EQ(winner.candidate, 1);
  EXPECT_EQ(winner.reason, "override");
}

TEST(SurvivorshipTest, NonEmptyBeatsEmptyWhateverItsAge) {
  const FieldWinner winner = ChooseFieldWinner({Value("", 100), Value("310115", 1)}, {});
  EXPECT_EQ(winner.candidate, 1);
  EXPECT_EQ(winner.reason, "only non-empty value");
}

TEST(SurvivorshipTest, AllEmptyKeepsTheSurvivor) {
  EXPECT_EQ(ChooseFieldWinner({Value(""), Value("")}, {}).candidate, 0);
}

TEST(SurvivorshipTest, AgreeingValuesAreCreditedToTheSurvivor) {
  const FieldWinner winner = ChooseFieldWinner({Value("C", 1), Value("C", 5)}, {});
  EXPECT_EQ(winner.candidate, 0);
  EXPECT_EQ(winner.reason, "same value");
}

TEST(SurvivorshipTest, TrustedSourceBeatsMoreRecentRecord) {
  const FieldWinner winner =
      ChooseFieldWinner({Value("华信能源", 500), Trusted("华信", 0, "erp-sap", 1)}, {});
  EXPECT_EQ(winner.candidate, 1);
  EXPECT_EQ(winner.reason, "trusted source erp-sap");
}

TEST(SurvivorshipTest, HigherPriorityTrustedSourceWins) {
  const FieldWinner winner =
      ChooseFieldWinner({Trusted("x", 1, "oa", 9), Trusted("y", 0, "erp-sap", 1)}, {});
  EXPECT_EQ(winner.candidate, 1);
}

TEST(SurvivorshipTest, EqualTrustFallsToRecency) {
  const FieldWinner winner = ChooseFieldWinner(
      {Trusted("x", 0, "erp-sap", 1), Trusted("y", 0, "erp-sap", 7), Value("z", 99)}, {});
  EXPECT_EQ(winner.candidate, 1);
  EXPECT_EQ(winner.reason, "most recently updated");
}

TEST(SurvivorshipTest, MoreRecentBeatsOlderWithoutTrust) {
  const FieldWinner winner =
      ChooseFieldWinner({Value("old", 10), Value("new", 20), Value("older", 5)}, {});
  EXPECT_EQ(winner.candidate, 1);
  EXPECT_EQ(winner.reason, "most recently updated");
}

TEST(SurvivorshipTest, ExactTieKeepsTheSurvivor) {
  const FieldWinner winner = ChooseFieldWinner({Value("a", 10), Value("b", 10)}, {});
  EXPECT_EQ(winner.candidate, 0);
  EXPECT_EQ(winner.reason, "survivor");
}

TEST(SurvivorshipTest, MostTrustedSourceFollowsThePriorityList) {
  const auto trusted = MostTrustedSource({"crm-sub-east", "oa", "erp-sap"}, {"erp-sap", "oa"});
  ASSERT_TRUE(trusted.has_value());
  EXPECT_EQ(trusted->first, 0);
  EXPECT_EQ(trusted->second, "erp-sap");
  EXPECT_FALSE(MostTrustedSource({"crm-sub-east"}, {"erp-sap"}).has_value());
}

}  // namespace
}  // namespace crm::customer
