#include "services/customer/rules/name_normalizer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::customer {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

TEST(NormalizeCompanyNameTest, LegalFormsAreStripped) {
  for (const char* name :
       {"上海华信能源有限公司", "上海华信能源有限责任公司", "上海华信能源股份有限公司",
        "上海华信能源集团有限公司", "上海华信能源集团", "上海华信能源集团股份有限公司"}) {
    EXPECT_EQ(NormalizeCompanyName(name).full, "上海华信能源") << name;
  }
}

TEST(NormalizeCompanyNameTest, WidthBracketsSpacesAndPunctuationFold) {
  EXPECT_EQ(NormalizeCompanyName("阿里巴巴（中国）有限公司").full,
            NormalizeCompanyName("阿里巴巴(中国)有限公司").full);
  EXPECT_EQ(NormalizeCompanyName("上海 华信·能源 有限公司").full, "上海华信能源");
  EXPECT_EQ(NormalizeCompanyName("ＡＢＣ科技有限公司").full, "abc科技");
}

TEST(NormalizeCompanyNameTest, LatinLegalForms) {
  EXPECT_EQ(NormalizeCompanyName("Huawei Technologies Co., Ltd.").full, "huaweitechnologies");
  EXPECT_EQ(NormalizeCompanyName("HUAWEI TECHNOLOGIES CO LTD").full, "huaweitechnologies");
  EXPECT_EQ(NormalizeCompanyName("Acme Group Limited").full, "acme");
}

TEST(NormalizeCompanyNameTest, TheTradeNameLosesTheLeadingRegion) {
  const NormalizedName with_city = NormalizeCompanyName("杭州华信能源有限公司");
  EXPECT_EQ(with_city.trade, "华信能源");
  EXPECT_EQ(with_city.region, "杭州");
  EXPECT_EQ(NormalizeCompanyName("浙江省杭州市华信能源有限公司").trade, "华信能源");
  EXPECT_EQ(NormalizeCompanyName("浙江省杭州市华信能源有限公司").region, "浙江杭州");
  EXPECT_EQ(NormalizeCompanyName("上海市浦东新区华信能源有限公司").trade, "华信能源");
  EXPECT_EQ(NormalizeCompanyName("华信能源有限公司").trade, "华信能源");
  EXPECT_EQ(NormalizeCompanyName("华信能源有限公司").region, "");
  // A name that is only a region keeps it: nothing else would identify it.
  EXPECT_EQ(NormalizeCompanyName("上海市有限公司").trade, "上海市");
}

TEST(NormalizeCompanyNameTest, ARegionInBracketsLeavesTheTradeNameButNotTheName) {
  const NormalizedName bracketed = NormalizeCompanyName("博启长投资（苏州）有限公司");
  EXPECT_EQ(bracketed.trade, "博启长投资");
  EXPECT_EQ(bracketed.region, "苏州");
  EXPECT_EQ(bracketed.full, "博启长投资苏州");  // a Suzhou company may be another entity
  EXPECT_EQ(NormalizeCompanyName("润辰品供应链管理(北京市)有限公司").trade, "润辰品供应链管理");
  // Brackets that do not name a region stay part of the name.
  EXPECT_EQ(NormalizeCompanyName("华信（国际）贸易有限公司").trade, "华信国际贸易");
}

TEST(NormalizeCompanyNameTest, EveryCityOfTheListIsDroppedAfterItsProvince) {
  EXPECT_EQ(NormalizeCompanyName("湖北省襄阳市仁明乐投资有限公司").trade, "仁明乐投资");
  EXPECT_EQ(NormalizeCompanyName("广西壮族自治区柳州市翔汉扬丽投资集团有限公司").trade,
            "翔汉扬丽投资");
  // Without a province before it, a trade name ending in 州 is left alone.
  EXPECT_EQ(NormalizeCompanyName("中州铝业有限公司").trade, "中州铝业");
}

TEST(NormalizeCompanyNameTest, BranchesNameTheirHeadOffice) {
  const NormalizedName branch = NormalizeCompanyName("上海华信能源有限公司杭州分公司");
  EXPECT_TRUE(branch.branch);
  EXPECT_EQ(branch.head, "上海华信能源");
  EXPECT_FALSE(NormalizeCompanyName("上海华信能源有限公司").branch);
  EXPECT_TRUE(NormalizeCompanyName("华信能源北京办事处").branch);
}

// StripRegion compared a region suffix (up to five characters) past the end
// of a short remainder; AddressSanitizer reports it (tests/fuzz).
TEST(NormalizeCompanyNameTest, AShortTradeNameAfterARegionIsReadWithinTheName) {
  const NormalizedName name = NormalizeCompanyName("上海华信能源集团有限公司");
  EXPECT_EQ(name.trade, "华信能源");
  EXPECT_EQ(name.region, "上海");
  const NormalizedName short_name = NormalizeCompanyName("上海华信有限公司");
  EXPECT_EQ(short_name.trade, "华信");
  EXPECT_EQ(short_name.region, "上海");
  EXPECT_EQ(NormalizeCompanyName("新疆华信有限公司").trade, "华信");
}

// The bracketed part was filtered before it was case-folded, so upper-case
// letters in it vanished and it then read as a region (tests/fuzz).
TEST(NormalizeCompanyNameTest, ABracketedPartIsCaseFoldedBeforeItIsRead) {
  const MatchKeys upper = MatchKeysOf("（上海RRRRRRRRRRRR）");
  const MatchKeys mixed = MatchKeysOf("（上海rＲrrrRrrrrRr）");
  EXPECT_EQ(upper.name, mixed.name);
  EXPECT_EQ(upper.trade, mixed.trade);
  EXPECT_EQ(upper.name, "上海rrrrrrrrrrrr");
  EXPECT_EQ(upper.trade, "rrrrrrrrrrrr");
}

TEST(NormalizeCompanyNameTest, RegionsAreDivisionsOfTheList) {
  const NormalizedName bracketed = NormalizeCompanyName("哲祥市政工程（深圳）有限公司");
  EXPECT_EQ(bracketed.trade, "哲祥市政工程");
  EXPECT_EQ(bracketed.region, "深圳");
  EXPECT_EQ(bracketed.region_code, "440300");
  EXPECT_EQ(bracketed.industry, "市政工程");

  const NormalizedName three = NormalizeCompanyName("浙江省杭州市西湖区华信能源有限公司");
  EXPECT_EQ(three.trade, "华信能源");
  EXPECT_EQ(three.region, "浙江杭州西湖");
  EXPECT_EQ(three.region_code, "330106");
  EXPECT_EQ(three.industry, "能源");

  EXPECT_EQ(NormalizeCompanyName("义乌华信有限公司").trade, "华信");
  EXPECT_EQ(NormalizeCompanyName("义乌市华信有限公司").trade, "华信");
  EXPECT_EQ(NormalizeCompanyName("义乌华信有限公司").region_code, "330782");
  EXPECT_EQ(NormalizeCompanyName("华信能源有限公司").region_code, "");
  // The most specific of a leading and a bracketed region.
  EXPECT_EQ(NormalizeCompanyName("浙江华信能源（杭州）有限公司").region_code, "330100");
}

TEST(NormalizeCompanyNameTest, WordsHoldingARegionSuffixStayInTheTradeName) {
  EXPECT_EQ(NormalizeCompanyName("海帆超市政工程有限公司").trade, "海帆超市政工程");
  EXPECT_EQ(NormalizeCompanyName("海帆超市政工程有限公司").industry, "市政工程");
  for (const char* trade :
       {"华信城市建设", "华信都市农业", "华信市场管理", "华信超市", "华信社区服务", "华信园区开发",
        "华信小区物业", "华信县域经济", "华信省心家政", "华信区块链"}) {
    const NormalizedName name = NormalizeCompanyName(std::string(trade) + "有限公司");
    EXPECT_EQ(name.trade, trade);
    EXPECT_EQ(name.region_code, "") << trade;
    EXPECT_EQ(NormalizeCompanyName(std::string("杭州") + trade + "有限公司").trade, trade);
  }
  EXPECT_EQ(NormalizeCompanyName("上海市场华信有限公司").trade, "市场华信");
  EXPECT_EQ(NormalizeCompanyName("深圳市政华信有限公司").trade, "市政华信");
}

TEST(NormalizeCompanyNameTest, BothReadingsOfCityAndShiAreKeyed) {
  const NormalizedName name = NormalizeCompanyName("杭州市政诺方食品集团有限公司");
  EXPECT_EQ(name.trade, "市政诺方食品");
  EXPECT_EQ(name.other_trade, "政诺方食品");
  const MatchKeys keys = MatchKeysOf("杭州市政诺方食品集团有限公司");
  EXPECT_THAT(keys.edit_keys, ::testing::IsSupersetOf({"市政诺方食品", "政诺方食品", "政诺食品"}));
  EXPECT_EQ(NormalizeCompanyName("杭州华信能源有限公司").other_trade, "");
}

TEST(NormalizeCompanyNameTest, AnIndustryWordAloneIsNoTradeName) {
  const NormalizedName dongfang = NormalizeCompanyName("东方电气股份有限公司");
  EXPECT_EQ(dongfang.trade, "东方电气");
  EXPECT_EQ(dongfang.region_code, "");
  EXPECT_EQ(dongfang.industry, "电气");
}

TEST(NormalizeCompanyNameTest, TraditionalCharactersAreReadAsSimplified) {
  EXPECT_EQ(NormalizeCompanyName("東方電氣").trade, "东方电气");
  const MatchKeys traditional = MatchKeysOf("華信能源有限公司");
  const MatchKeys simplified = MatchKeysOf("华信能源有限公司");
  EXPECT_EQ(traditional.name, simplified.name);
  EXPECT_EQ(traditional.trade, simplified.trade);
  EXPECT_EQ(traditional.edit_keys, simplified.edit_keys);
  EXPECT_EQ(traditional.sound, simplified.sound);
  EXPECT_EQ(NormalizeCompanyName("上海華信能源有限公司").region_code, "310000");
}

TEST(NormalizeCompanyNameTest, ShortFormsHaveNoLegalForm) {
  const NormalizedName china = NormalizeCompanyName("中国华信");
  EXPECT_EQ(china.trade, "华信");
  EXPECT_FALSE(china.legal_form);
  const NormalizedName group = NormalizeCompanyName("华信集团");
  EXPECT_EQ(group.trade, "华信");
  EXPECT_FALSE(group.legal_form);
  EXPECT_FALSE(NormalizeCompanyName("华信能源").legal_form);
  EXPECT_FALSE(NormalizeCompanyName("Acme Group").legal_form);
  EXPECT_TRUE(NormalizeCompanyName("华信能源有限公司").legal_form);
  EXPECT_TRUE(NormalizeCompanyName("华信集团有限公司").legal_form);
  EXPECT_TRUE(NormalizeCompanyName("Acme Co., Ltd.").legal_form);
  EXPECT_TRUE(NormalizeCompanyName("上海华信能源有限公司杭州分公司").legal_form);
}

TEST(MatchKeysOfTest, TheSoundKeyOfTheTradeName) {
  EXPECT_EQ(MatchKeysOf("上海华信能源有限公司").sound, "hua.xin.neng.yuan.");
  EXPECT_EQ(MatchKeysOf("柳钛科技有限公司").sound, MatchKeysOf("柳太科技有限公司").sound);
  EXPECT_EQ(MatchKeysOf("华信有限公司").sound, "hua.xin.");
  EXPECT_EQ(MatchKeysOf("上海市有限公司").sound, "shang.hai.shi.");
  EXPECT_EQ(MatchKeysOf("华有限公司").sound, "");
}

TEST(OneEditKeysTest, NamesOneCharacterApartShareAKey) {
  const auto a = OneEditKeys("华信能源");
  const auto b = OneEditKeys("华鑫能源");  // 信 -> 鑫
  bool shared = false;
  for (const auto& key : a) shared = shared || std::find(b.begin(), b.end(), key) != b.end();
  EXPECT_TRUE(shared);
  EXPECT_THAT(a, Contains("华信能源"));
  EXPECT_THAT(a, Contains("信能源"));
  EXPECT_THAT(OneEditKeys("华信"), IsEmpty());
}

TEST(KeyDistanceTest, CountsCharactersNotBytes) {
  EXPECT_EQ(KeyDistance("华信能源", "华鑫能源"), 1);
  EXPECT_EQ(KeyDistance("华信能源", "华信能源"), 0);
  EXPECT_EQ(KeyDistance("华信能源", "华信"), 2);
  EXPECT_EQ(KeyDistance("华信能源", "远景科技", 2), 3);  // capped
  EXPECT_EQ(KeyLength("华信能源"), 4u);
}

}  // namespace
}  // namespace crm::customer
