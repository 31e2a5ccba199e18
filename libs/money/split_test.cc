#include "libs/money/split.h"

#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::money {
namespace {

using ::testing::ElementsAre;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::vector<int64_t> Split(int64_t total, std::vector<int64_t> weights) {
  absl::StatusOr<std::vector<int64_t>> parts = SplitProportionally(total, weights);
  EXPECT_TRUE(parts.ok()) << parts.status();
  return parts.ok() ? *parts : std::vector<int64_t>{};
}

TEST(SplitProportionallyTest, ExamplesFromTheDomain) {
  EXPECT_THAT(Split(100, {1, 1, 1}), ElementsAre(34, 33, 33));
  EXPECT_THAT(Split(10000, {40, 60}), ElementsAre(4000, 6000));
  // Default contribution weights 20/30/30/20 of 1,000.00 CNY.
  EXPECT_THAT(Split(100000, {20, 30, 30, 20}), ElementsAre(20000, 30000, 30000, 20000));
}

TEST(SplitProportionallyTest, LeftoverUnitsGoToTheLargestFractions) {
  // Exact shares 14.2857, 28.5714, 57.1428: fractions .29, .57, .14 -> the
  // one unit left goes to the middle part.
  EXPECT_THAT(Split(100, {1, 2, 4}), ElementsAre(14, 29, 57));
  // 10 over 3:3:1 = 4.2857, 4.2857, 1.4286: the one unit left goes to the
  // last part, whose fraction .43 beats the earlier .29s.
  EXPECT_THAT(Split(10, {3, 3, 1}), ElementsAre(4, 4, 2));
}

TEST(SplitProportionallyTest, TiesGoToTheEarlierIndex) {
  EXPECT_THAT(Split(2, {1, 1, 1}), ElementsAre(1, 1, 0));
  EXPECT_THAT(Split(1, {5, 5, 5, 5}), ElementsAre(1, 0, 0, 0));
  EXPECT_THAT(Split(5, {1, 1}), ElementsAre(3, 2));
}

TEST(SplitProportionallyTest, ZeroWeightsGetZero) {
  EXPECT_THAT(Split(100, {0, 1, 0, 1, 1, 0}), ElementsAre(0, 34, 0, 33, 33, 0));
  EXPECT_THAT(Split(7, {0, 3}), ElementsAre(0, 7));
}

TEST(SplitProportionallyTest, NegativeTotalsMirrorPositiveOnes) {
  EXPECT_THAT(Split(-100, {1, 1, 1}), ElementsAre(-34, -33, -33));
  EXPECT_THAT(Split(-100, {1, 2, 4}), ElementsAre(-14, -29, -57));
  EXPECT_THAT(Split(0, {1, 2}), ElementsAre(0, 0));
}

TEST(SplitProportionallyTest, ExactAtTheInt64Limits) {
  EXPECT_THAT(Split(kMax, {1}), ElementsAre(kMax));
  EXPECT_THAT(Split(kMin, {kMax}), ElementsAre(kMin));
  EXPECT_THAT(Split(kMax, {kMax, kMax}), ElementsAre(kMax / 2 + 1, kMax / 2));
  EXPECT_THAT(Split(kMin, {1, 1}), ElementsAre(kMin / 2, kMin / 2));
  EXPECT_THAT(Split(kMax, {kMax, kMax, kMax, 0}), ElementsAre(kMax / 3 + 1, kMax / 3, kMax / 3, 0));
  EXPECT_THAT(Split(3, {kMax, 1}), ElementsAre(3, 0));
}

TEST(SplitProportionallyTest, BadWeightsAreInvalid) {
  const std::vector<std::vector<int64_t>> cases = {{}, {0}, {0, 0, 0}, {1, -1}, {kMin, kMax}};
  for (const std::vector<int64_t>& weights : cases) {
    const absl::Status status = SplitProportionally(100, weights).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << weights.size();
    EXPECT_EQ(status::GetErrorInfo(status)->reason(), "INVALID_SPLIT_WEIGHTS");
  }
  EXPECT_THAT(SplitProportionally(100, std::vector<int64_t>{3, -2}).status().message(),
              ::testing::HasSubstr("weight 1 is -2"));
}

// Random totals and weights (a fixed seed, so a failure repeats): the parts
// always sum to the total, keep its sign, give zero weights nothing, and each
// is its exact share rounded down or up.
TEST(SplitProportionallyTest, PartsAlwaysSumToTheTotal) {
  std::mt19937_64 random(20261206);
  std::uniform_int_distribution<int> count(1, 12);
  for (int round = 0; round < 20000; ++round) {
    const int64_t total = round % 4 == 0   ? static_cast<int64_t>(random())
                          : round % 4 == 1 ? static_cast<int64_t>(random() % 2'000'001) - 1'000'000
                                           : static_cast<int64_t>(random() % 100'001);
    std::vector<int64_t> weights(count(random));
    for (int64_t& w : weights) {
      switch (random() % 4) {
        case 0:
          w = 0;
          break;
        case 1:
          w = static_cast<int64_t>(random() % 10);
          break;
        case 2:
          w = static_cast<int64_t>(random() % 10001);
          break;
        default:
          w = static_cast<int64_t>(random() >> 1);
          break;
      }
    }
    if (std::all_of(weights.begin(), weights.end(), [](int64_t w) { return w == 0; })) {
      weights[0] = 1;
    }
    absl::StatusOr<std::vector<int64_t>> parts = SplitProportionally(total, weights);
    ASSERT_TRUE(parts.ok()) << parts.status();
    ASSERT_EQ(parts->size(), weights.size());
    __int128 sum = 0;
    __int128 weight_sum = 0;
    for (int64_t w : weights) weight_sum += w;
    for (size_t i = 0; i < weights.size(); ++i) {
      const int64_t part = (*parts)[i];
      sum += part;
      if (weights[i] == 0) {
        ASSERT_EQ(part, 0) << "round " << round;
      }
      ASSERT_TRUE(total >= 0 ? part >= 0 : part <= 0) << "round " << round;
      const __int128 exact = static_cast<__int128>(total) * weights[i];  // ×weight_sum
      const __int128 scaled = static_cast<__int128>(part) * weight_sum;
      const __int128 gap = scaled > exact ? scaled - exact : exact - scaled;
      ASSERT_LT(gap, weight_sum) << "round " << round << ": part " << i << " is off by a unit";
    }
    ASSERT_TRUE(sum == total) << "round " << round;
  }
}

TEST(BasisPointSharesTest, SumToTenThousand) {
  EXPECT_THAT(*BasisPointShares(std::vector<int64_t>{40, 60}), ElementsAre(4000, 6000));
  EXPECT_THAT(*BasisPointShares(std::vector<int64_t>{1, 1, 1}), ElementsAre(3334, 3333, 3333));
  EXPECT_THAT(*BasisPointShares(std::vector<int64_t>{1, 2, 4}), ElementsAre(1429, 2857, 5714));
  EXPECT_THAT(*BasisPointShares(std::vector<int64_t>{7}), ElementsAre(10000));
  EXPECT_EQ(BasisPointShares({}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace crm::money
