#include "services/collaboration/rules/credit_split.h"

#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::collaboration {
namespace {

using ::testing::ElementsAre;

v1::DimensionWeights DefaultWeights() {
  v1::DimensionWeights w;
  w.set_information_bp(2000);
  w.set_resources_bp(3000);
  w.set_participation_bp(3000);
  w.set_customer_evaluation_bp(2000);
  return w;
}

v1::ContributionScores Scores(int information, int resources, int participation,
                              int customer_evaluation) {
  v1::ContributionScores s;
  s.set_information(information);
  s.set_resources(resources);
  s.set_participation(participation);
  s.set_customer_evaluation(customer_evaluation);
  return s;
}

int64_t Sum(const std::vector<int64_t>& values) {
  return std::accumulate(values.begin(), values.end(), int64_t{0});
}

int64_t Sum(const std::vector<int32_t>& values) {
  return std::accumulate(values.begin(), values.end(), int64_t{0});
}

std::string Reason(const absl::Status& status) {
  const auto info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(WeightedScoreTest, IsTheWeightedSumInHundredthsOfAPoint) {
  // 80×20% + 60×30% + 90×30% + 70×20% = 16 + 18 + 27 + 14 = 75 points.
  EXPECT_EQ(WeightedScore(Scores(80, 60, 90, 70), DefaultWeights()), 7500);
  EXPECT_EQ(ExactWeightedScore(Scores(80, 60, 90, 70), DefaultWeights()), 750000);
  EXPECT_EQ(WeightedScore(Scores(100, 100, 100, 100), DefaultWeights()), 10000);
  EXPECT_EQ(WeightedScore(Scores(0, 0, 0, 0), DefaultWeights()), 0);
}

TEST(WeightedScoreTest, RoundsHalvesUpWhenWeightsAreNotWholePercents) {
  v1::DimensionWeights w;
  w.set_information_bp(2550);  // 1 × 2550 = 2550 ten-thousandths = 25.5 hundredths
  w.set_resources_bp(2450);
  w.set_participation_bp(2500);
  w.set_customer_evaluation_bp(2500);
  EXPECT_EQ(WeightedScore(Scores(1, 0, 0, 0), w), 26);
  EXPECT_EQ(WeightedScore(Scores(0, 1, 0, 0), w), 25);  // 24.5 → 25
  EXPECT_EQ(ExactWeightedScore(Scores(1, 1, 0, 0), w), 5000);
}

// DOMAIN.md's example: subsidiary C 40 %, subsidiary D 60 %.
TEST(SplitCreditTest, TheDomainExampleIsFortySixty) {
  // C: 40 on every dimension, D: 60 on every dimension.
  const std::vector<v1::ContributionScores> scores = {Scores(40, 40, 40, 40),
                                                      Scores(60, 60, 60, 60)};
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 1'000'000'00);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->weighted_scores, ElementsAre(4000, 6000));
  EXPECT_THAT(split->shares_bp, ElementsAre(4000, 6000));
  EXPECT_THAT(split->credited_minor, ElementsAre(40'000'000, 60'000'000));
}

TEST(SplitCreditTest, ScoresInProportionFortySixtyGiveTheDomainExampleToo) {
  // C 30 points, D 45 points: 30 / 75 = 40 %, 45 / 75 = 60 %.
  const std::vector<v1::ContributionScores> scores = {Scores(30, 30, 30, 30),
                                                      Scores(45, 45, 45, 45)};
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 12'345);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->weighted_scores, ElementsAre(3000, 4500));
  EXPECT_THAT(split->shares_bp, ElementsAre(4000, 6000));
  // 12,345 fen × 40 % = 4,938 fen exactly; × 60 % = 7,407.
  EXPECT_THAT(split->credited_minor, ElementsAre(4938, 7407));
}

TEST(SplitCreditTest, ThreeEqualContributorsGet3334_3333_3333) {
  const std::vector<v1::ContributionScores> scores(3, Scores(70, 70, 70, 70));
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 100);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->shares_bp, ElementsAre(3334, 3333, 3333));
  // 100 fen by 3334:3333:3333 is 33.34, 33.33, 33.33: 33 each and the one
  // fen left to the largest fraction, the first.
  EXPECT_THAT(split->credited_minor, ElementsAre(34, 33, 33));
}

TEST(SplitCreditTest, OneFenGoesWholeToOneContributor) {
  const std::vector<v1::ContributionScores> scores(3, Scores(50, 50, 50, 50));
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 1);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->shares_bp, ElementsAre(3334, 3333, 3333));
  EXPECT_THAT(split->credited_minor, ElementsAre(1, 0, 0));
}

TEST(SplitCreditTest, AZeroAmountSplitsIntoZeros) {
  const std::vector<v1::ContributionScores> scores = {Scores(1, 2, 3, 4), Scores(4, 3, 2, 1)};
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 0);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_EQ(Sum(split->shares_bp), 10000);
  EXPECT_THAT(split->credited_minor, ElementsAre(0, 0));
}

TEST(SplitCreditTest, AContributorScoringZeroGetsNothing) {
  const std::vector<v1::ContributionScores> scores = {Scores(0, 0, 0, 0), Scores(10, 10, 10, 10)};
  absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), 999);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->shares_bp, ElementsAre(0, 10000));
  EXPECT_THAT(split->credited_minor, ElementsAre(0, 999));
}

TEST(SplitCreditTest, NothingToSplitByIsNoContribution) {
  const std::vector<v1::ContributionScores> zeros(2, Scores(0, 0, 0, 0));
  absl::StatusOr<CreditSplitParts> split = SplitCredit(zeros, DefaultWeights(), 100);
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(split.status()), "NO_CONTRIBUTION");

  absl::StatusOr<CreditSplitParts> none = SplitCredit({}, DefaultWeights(), 100);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(Reason(none.status()), "NO_CONTRIBUTION");
}

TEST(SplitCreditTest, TiesGoToTheEarlierContributor) {
  // Seven equal: 10000 / 7 = 1428 r 4: the first four get 1429.
  const std::vector<int64_t> weights(7, 5);
  absl::StatusOr<CreditSplitParts> split = SplitCreditByWeights(weights, 10);
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_THAT(split->shares_bp, ElementsAre(1429, 1429, 1429, 1429, 1428, 1428, 1428));
  // 10 fen by those shares: 1.429 ×4, 1.428 ×3: one each, three left to the
  // largest fractions (the 1429s, earliest first).
  EXPECT_THAT(split->credited_minor, ElementsAre(2, 2, 2, 1, 1, 1, 1));
}

TEST(SplitCreditTest, LargestAmountsStayExact) {
  const std::vector<int64_t> weights = {1, 1, 1};
  const int64_t amount = std::numeric_limits<int64_t>::max();
  absl::StatusOr<CreditSplitParts> split = SplitCreditByWeights(weights, amount);
  ASSERT_TRUE(split.ok()) << split.status();
  __int128 total = 0;
  for (const int64_t part : split->credited_minor) total += part;
  EXPECT_TRUE(total == static_cast<__int128>(amount));
}

TEST(SplitCreditTest, ANegativeAmountIsRefused) {
  absl::StatusOr<CreditSplitParts> split = SplitCreditByWeights(std::vector<int64_t>{1}, -1);
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().code(), absl::StatusCode::kInvalidArgument);
}

// Whatever the scores, weights and amount: shares sum to 10,000 and the
// credited amounts to the amount, each within one unit of its exact share.
TEST(SplitCreditTest, SharesAndAmountsAlwaysAddUp) {
  std::mt19937_64 random(17);
  std::uniform_int_distribution<int> score(0, 100);
  std::uniform_int_distribution<int> count(1, 20);
  std::uniform_int_distribution<int64_t> amount(0, 10'000'000'000'00);
  for (int round = 0; round < 2000; ++round) {
    std::vector<v1::ContributionScores> scores(count(random));
    for (v1::ContributionScores& s : scores) {
      s = Scores(score(random), score(random), score(random), score(random));
    }
    scores[0] = Scores(1 + score(random) % 100, 0, 0, 0);  // at least one above zero
    const int64_t deal = round % 5 == 0 ? round % 3 : amount(random);
    absl::StatusOr<CreditSplitParts> split = SplitCredit(scores, DefaultWeights(), deal);
    ASSERT_TRUE(split.ok()) << split.status();
    ASSERT_EQ(Sum(split->shares_bp), 10000);
    ASSERT_EQ(Sum(split->credited_minor), deal);
    ASSERT_EQ(split->weighted_scores.size(), scores.size());
    for (size_t i = 0; i < scores.size(); ++i) {
      ASSERT_GE(split->shares_bp[i], 0);
      ASSERT_GE(split->credited_minor[i], 0);
      const __int128 exact_times_10000 = static_cast<__int128>(deal) * split->shares_bp[i];
      const __int128 diff =
          static_cast<__int128>(split->credited_minor[i]) * 10000 - exact_times_10000;
      ASSERT_TRUE(diff > -10000 && diff < 10000);
    }
  }
}

}  // namespace
}  // namespace crm::collaboration
