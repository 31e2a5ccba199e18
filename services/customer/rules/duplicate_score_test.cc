#include "services/customer/rules/duplicate_score.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

MatchFacts Facts(const char* legal_name, const char* region = "310115", const char* uscc = "") {
  return {.uscc = uscc, .name = NormalizeCompanyName(legal_name), .region = region};
}

TEST(ScoreMatchTest, SameUsccIsCertain) {
  const Match m = ScoreMatch(Facts("上海华信能源有限公司", "310115", "91310115MA1K3YJ12G"),
                             Facts("华信能源（上海）股份公司", "310115", "91310115MA1K3YJ12G"));
  EXPECT_EQ(m.score, 1.0);
  EXPECT_EQ(m.reasons.front(), MatchReason::kSameUscc);
}

TEST(ScoreMatchTest, LegalFormAndWidthVariantsAreTheSameName) {
  const Match m = ScoreMatch(Facts("上海华信能源有限公司"), Facts("上海华信能源股份有限公司"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kSameName));
  EXPECT_GE(m.score, kDefaultDuplicateThreshold);
}

TEST(ScoreMatchTest, ARegionAddedOrDroppedKeepsTheTradeName) {
  const Match m =
      ScoreMatch(Facts("杭州华信能源有限公司", "330100"), Facts("华信能源有限公司", "330100"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kSameTradeName));
  EXPECT_GE(m.score, kDefaultDuplicateThreshold);
}

TEST(ScoreMatchTest, OneTradeNameInTwoNamedCitiesIsTwoCompanies) {
  EXPECT_THAT(ScoreMatch(Facts("无锡华信智慧能源有限公司", "320200"),
                         Facts("南京华信智慧能源有限公司", "320100"))
                  .reasons,
              IsEmpty());
  // The same city written two ways is one.
  EXPECT_THAT(ScoreMatch(Facts("浙江省杭州市华信能源有限公司", "330106"),
                         Facts("杭州华信能源有限公司", "330100"))
                  .reasons,
              ElementsAre(MatchReason::kSameTradeName));
}

TEST(ScoreMatchTest, AOneCharacterHomophoneInTheSameCity) {
  const Match same =
      ScoreMatch(Facts("杭州华信能源有限公司", "330100"), Facts("杭州华鑫能源有限公司", "330106"));
  EXPECT_THAT(same.reasons, ElementsAre(MatchReason::kSimilarTradeNameSameRegion));
  EXPECT_GE(same.score, kDefaultDuplicateThreshold);
  // In another city it is another company (same-industry names one
  // character apart are common across a province).
  EXPECT_THAT(
      ScoreMatch(Facts("华信能源有限公司", "330100"), Facts("华鑫能源有限公司", "330200")).reasons,
      IsEmpty());
}

TEST(ScoreMatchTest, OneUnlikeSoundingCharacterIsShownButUnderTheThreshold) {
  // 信 xin and 兴 xing: a neighbour as often as a typo.
  const Match neighbour =
      ScoreMatch(Facts("杭州华信能源有限公司", "330100"), Facts("杭州华兴能源有限公司", "330106"));
  EXPECT_THAT(neighbour.reasons, ElementsAre(MatchReason::kSimilarTradeNameSameRegion));
  EXPECT_LT(neighbour.score, kDefaultDuplicateThreshold);
  // A dropped character keeps the full weight.
  const Match dropped = ScoreMatch(Facts("杭州华信能源科技有限公司", "330100"),
                                   Facts("杭州华信能科技有限公司", "330106"));
  EXPECT_THAT(dropped.reasons, ElementsAre(MatchReason::kSimilarTradeNameSameRegion));
  EXPECT_GE(dropped.score, kDefaultDuplicateThreshold);
}

TEST(ScoreMatchTest, BranchesOfTheSameCompany) {
  const Match m =
      ScoreMatch(Facts("上海华信能源有限公司杭州分公司"), Facts("上海华信能源有限公司"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kBranchOfSameCompany));
  EXPECT_EQ(m.score, 0.75);
}

TEST(ScoreMatchTest, ABranchWithItsOwnUsccStillBelongsToItsHeadOffice) {
  const Match m =
      ScoreMatch(Facts("烟台美昌泰机械有限公司常州分公司", "320400", "91320400MA1XXXXX1A"),
                 Facts("烟台美昌泰机械有限公司", "370600", "91370600MA2YYYYY2B"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kBranchOfSameCompany));
  EXPECT_EQ(m.score, 0.75);
}

TEST(ScoreMatchTest, SharedContactsAddUp) {
  MatchFacts a = Facts("杭州华信能源有限公司");
  MatchFacts b = Facts("华信能源有限公司");
  a.contact_hashes = {"h1", "h2"};
  b.contact_hashes = {"h2"};
  const Match m = ScoreMatch(a, b);
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kSameTradeName, MatchReason::kSharedContact));
  EXPECT_DOUBLE_EQ(m.score, 0.93);  // the trade name's 0.90, plus 0.03 for a second reason
}

TEST(ScoreMatchTest, DifferentUsccsAreDifferentEntities) {
  const Match m = ScoreMatch(Facts("上海华信能源有限公司", "310115", "91310115MA1K3YJ12G"),
                             Facts("上海华信能源有限公司", "310115", "91310000132200821H"));
  EXPECT_EQ(m.score, 0.5);  // capped: two USCCs are two legal entities
  EXPECT_THAT(ScoreMatch(Facts("远景科技有限公司"), Facts("华信能源有限公司")).reasons, IsEmpty());
  EXPECT_EQ(ScoreMatch(Facts("远景科技有限公司"), Facts("华信能源有限公司")).score, 0.0);
}

}  // namespace
}  // namespace crm::customer
