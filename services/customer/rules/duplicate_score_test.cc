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

TEST(ScoreMatchTest, ACityAndShiThatReadTwoWaysMatchEitherReading) {
  // 杭州市政诺方: 杭州 + 市政诺方 or 杭州市 + 政诺方; the variants each read one way.
  const MatchFacts company = Facts("杭州市政诺方食品集团有限公司", "330100");
  const Match written_without_shi = ScoreMatch(Facts("杭州政诺方食品有限公司", "330100"), company);
  EXPECT_THAT(written_without_shi.reasons, ElementsAre(MatchReason::kSameTradeName));
  EXPECT_GE(written_without_shi.score, kDefaultDuplicateThreshold);
  const Match homophone = ScoreMatch(company, Facts("杭州市正诺方食品有限公司", "330100"));
  EXPECT_THAT(homophone.reasons, ElementsAre(MatchReason::kSimilarTradeNameSameRegion));
  EXPECT_GE(homophone.score, kDefaultDuplicateThreshold);
  const Match short_form = ScoreMatch(Facts("政诺方", "330100"), company);
  EXPECT_THAT(short_form.reasons, ElementsAre(MatchReason::kShortForm));
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

TEST(ScoreMatchTest, ABranchIsRelatedToItsHeadOfficeNotADuplicate) {
  const Match head =
      ScoreMatch(Facts("上海华信能源有限公司杭州分公司"), Facts("上海华信能源有限公司"));
  EXPECT_THAT(head.reasons, ElementsAre(MatchReason::kBranchOfSameCompany));
  EXPECT_EQ(head.relation, MatchRelation::kHeadOffice);
  EXPECT_EQ(head.score, kBranchRelation);
  EXPECT_LT(head.score, kDefaultDuplicateThreshold);
  // Asked the other way round, the candidate is the branch.
  EXPECT_EQ(
      ScoreMatch(Facts("上海华信能源有限公司"), Facts("上海华信能源有限公司杭州分公司")).relation,
      MatchRelation::kBranch);
  // Two branches of one head office.
  const Match siblings = ScoreMatch(Facts("上海华信能源有限公司杭州分公司"),
                                    Facts("上海华信能源有限公司南京分公司", "320100"));
  EXPECT_EQ(siblings.relation, MatchRelation::kSameHeadOffice);
  EXPECT_EQ(siblings.reasons.front(), MatchReason::kBranchOfSameCompany);
  EXPECT_LT(siblings.score, kDefaultDuplicateThreshold);
  // The same branch written twice is one branch.
  const Match twice =
      ScoreMatch(Facts("上海华信能源有限公司杭州分公司"), Facts("上海华信能源有限公司 杭州分公司"));
  EXPECT_EQ(twice.relation, MatchRelation::kDuplicate);
  EXPECT_EQ(twice.reasons.front(), MatchReason::kSameName);
  EXPECT_GE(twice.score, kDefaultDuplicateThreshold);
}

TEST(ScoreMatchTest, ABranchWithItsOwnUsccStillBelongsToItsHeadOffice) {
  const Match m =
      ScoreMatch(Facts("烟台美昌泰机械有限公司常州分公司", "320400", "91320400MA1XXXXX1A"),
                 Facts("烟台美昌泰机械有限公司", "370600", "91370600MA2YYYYY2B"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kBranchOfSameCompany));
  EXPECT_EQ(m.relation, MatchRelation::kHeadOffice);
  EXPECT_EQ(m.score, kBranchRelation);  // not capped as two entities, not a duplicate either
}

TEST(ScoreMatchTest, ASharedContactDoesNotMakeABranchItsHeadOffice) {
  MatchFacts branch = Facts("上海华信能源有限公司杭州分公司", "330100");
  MatchFacts head = Facts("上海华信能源有限公司");
  branch.contact_hashes = {"switchboard"};
  head.contact_hashes = {"switchboard"};
  const Match m = ScoreMatch(branch, head);
  EXPECT_THAT(m.reasons,
              ElementsAre(MatchReason::kBranchOfSameCompany, MatchReason::kSharedContact));
  EXPECT_EQ(m.relation, MatchRelation::kHeadOffice);
  EXPECT_LT(m.score, kDefaultDuplicateThreshold);
}

TEST(ScoreMatchTest, TwoCharacterTradeNamesMatchOnlyBySound) {
  // 钛 and 太 are both tai; 铁 is tie.
  const Match alike =
      ScoreMatch(Facts("柳钛有限公司", "450200"), Facts("柳州柳太有限公司", "450203"));
  EXPECT_THAT(alike.reasons, ElementsAre(MatchReason::kSimilarTradeNameSameRegion));
  EXPECT_GE(alike.score, kDefaultDuplicateThreshold);
  EXPECT_THAT(ScoreMatch(Facts("柳钛有限公司", "450200"), Facts("柳铁有限公司", "450200")).reasons,
              IsEmpty());
  // Another city is another company.
  EXPECT_THAT(ScoreMatch(Facts("柳钛有限公司", "450200"), Facts("柳太有限公司", "330100")).reasons,
              IsEmpty());
  // Longer trade names, as before: a homophone in the same city.
  EXPECT_GE(
      ScoreMatch(Facts("柳钛科技有限公司", "450200"), Facts("柳太科技有限公司", "450200")).score,
      kDefaultDuplicateThreshold);
}

TEST(ShortFormTest, ATradeNameAloneOrWithARegionFitsTheLegalName) {
  const MatchFacts company = Facts("上海华信能源有限公司", "310115");
  for (const char* query : {"华信", "上海华信", "中国华信", "华信集团"}) {
    const Match m = ScoreMatch(Facts(query, ""), company);
    EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kShortForm)) << query;
    EXPECT_EQ(m.score, kUnambiguousShortForm) << query;
    EXPECT_EQ(m.relation, MatchRelation::kDuplicate) << query;
  }
  // 字号 + industry is the trade name itself.
  EXPECT_THAT(ScoreMatch(Facts("华信能源", ""), company).reasons,
              ElementsAre(MatchReason::kSameTradeName));
  // A region the company is not in.
  EXPECT_THAT(ScoreMatch(Facts("北京华信", ""), company).reasons, IsEmpty());
  EXPECT_THAT(ScoreMatch(Facts("华信", "110000"), company).reasons, IsEmpty());
  // One character is no trade name; a branch is no company to name.
  EXPECT_THAT(ScoreMatch(Facts("华", ""), company).reasons, IsEmpty());
  EXPECT_THAT(ScoreMatch(Facts("华信", ""), Facts("上海华信能源有限公司杭州分公司")).reasons,
              IsEmpty());
}

TEST(ShortFormTest, AFullLegalNameBeginningAnotherIsOnlyOfferedUnderTheThreshold) {
  const Match m =
      ScoreMatch(Facts("华信能源有限公司", ""), Facts("上海华信能源科技有限公司", "310115"));
  EXPECT_THAT(m.reasons, ElementsAre(MatchReason::kShortForm));
  EXPECT_LT(m.score, 0.5);
}

std::vector<ScoredCandidate> ScoredFor(const MatchFacts& query,
                                       const std::vector<const char*>& names) {
  std::vector<ScoredCandidate> scored;
  for (const char* name : names) {
    MatchFacts facts = Facts(name, "");
    Match match = ScoreMatch(query, facts);
    scored.push_back({.id = name, .facts = std::move(facts), .match = std::move(match)});
  }
  ResolveShortForms(query, scored);
  return scored;
}

TEST(ShortFormTest, AnUnambiguousShortFormComesFirstAndAnAmbiguousOneShowsSeveral) {
  const MatchFacts query = Facts("华信", "");
  // One company is named by 华信 + a line of business; 华信达 is another 字号.
  const std::vector<ScoredCandidate> one =
      ScoredFor(query, {"上海华信能源有限公司", "华信达物流有限公司"});
  EXPECT_EQ(one[0].match.score, kUnambiguousShortForm);
  EXPECT_LT(one[1].match.score, kDefaultDuplicateThreshold);
  // Two: both shown, neither taken for the one.
  const std::vector<ScoredCandidate> two =
      ScoredFor(query, {"上海华信能源有限公司", "北京华信物流有限公司", "华信达物流有限公司"});
  EXPECT_LT(two[0].match.score, kDefaultDuplicateThreshold);
  EXPECT_EQ(two[0].match.score, two[1].match.score);
  EXPECT_GT(two[1].match.score, two[2].match.score);
  // A company whose trade name is the query's itself leaves the rest behind.
  const std::vector<ScoredCandidate> whole =
      ScoredFor(query, {"华信有限公司", "上海华信能源有限公司"});
  EXPECT_GE(whole[0].match.score, 0.9);
  EXPECT_LT(whole[1].match.score, kDefaultDuplicateThreshold);
  // Only one candidate fits at all: it is the one, whatever follows.
  EXPECT_EQ(ScoredFor(query, {"华信达物流有限公司"})[0].match.score, kUnambiguousShortForm);
  // A legal name's short-form matches stay as scored.
  const MatchFacts legal = Facts("华信有限公司", "");
  EXPECT_LT(ScoredFor(legal, {"上海华信能源有限公司"})[0].match.score, 0.5);
}

ScoredCandidate Scored(const char* id, const MatchFacts& query, const char* name,
                       const char* region) {
  MatchFacts facts = Facts(name, region);
  Match match = ScoreMatch(query, facts);
  return {.id = id, .facts = std::move(facts), .match = std::move(match)};
}

TEST(RanksBeforeTest, AtOneScoreTheNearerRegionComesFirst) {
  const MatchFacts query = Facts("恒通物流有限公司", "330106");
  const ScoredCandidate province = Scored("a", query, "浙江恒通物流有限公司", "330000");
  const ScoredCandidate city = Scored("b", query, "杭州恒通物流有限公司", "330100");
  const ScoredCandidate district = Scored("c", query, "恒通物流（杭州）有限公司", "330106");
  ASSERT_EQ(province.match.score, city.match.score);
  ASSERT_EQ(city.match.score, district.match.score);
  EXPECT_TRUE(RanksBefore(query, city, province));
  EXPECT_FALSE(RanksBefore(query, province, city));
  EXPECT_TRUE(RanksBefore(query, district, city));
  // At one place, the region the query's name gives decides.
  const MatchFacts named = Facts("芜湖图田", "340200");
  const ScoredCandidate in_city = Scored("z", named, "芜湖市图田市政工程有限公司", "340200");
  const ScoredCandidate in_province = Scored("y", named, "安徽图田建设有限公司", "340200");
  ASSERT_EQ(in_city.match.score, in_province.match.score);
  EXPECT_TRUE(RanksBefore(named, in_city, in_province));
  EXPECT_FALSE(RanksBefore(named, in_province, in_city));
  // A higher score comes before any region.
  const ScoredCandidate same_name = Scored("d", query, "恒通物流股份有限公司", "");
  EXPECT_TRUE(RanksBefore(query, same_name, district));
}

// Facts set by hand: only what the comparator reads.
ScoredCandidate Tied(const char* id, const char* full, const char* industry) {
  ScoredCandidate s{.id = id};
  s.facts.region = "310000";
  s.facts.name.full = full;
  s.facts.name.industry = industry;
  s.match.score = 0.65;
  return s;
}

TEST(RanksBeforeTest, ThenTheQuerysIndustryThenTheNearerNameThenTheId) {
  MatchFacts query;
  query.region = "310000";
  query.name.full = "华信物流";
  query.name.industry = "物流";
  const ScoredCandidate energy = Tied("a", "华信能源", "能源");
  const ScoredCandidate logistics = Tied("b", "华信国际物流", "物流");
  EXPECT_TRUE(RanksBefore(query, logistics, energy));
  EXPECT_FALSE(RanksBefore(query, energy, logistics));
  const ScoredCandidate near = Tied("d", "华信物流", "");
  const ScoredCandidate far = Tied("c", "华信达通运输", "");
  EXPECT_TRUE(RanksBefore(query, near, far));
  // Equal in all: the id decides, so the order is total.
  const ScoredCandidate twin = Tied("e", "华信物流", "");
  EXPECT_TRUE(RanksBefore(query, near, twin));
  EXPECT_FALSE(RanksBefore(query, near, near));
}

}  // namespace
}  // namespace crm::customer
