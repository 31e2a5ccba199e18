#include "services/customer/rules/region_names.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

struct Parsed {
  size_t length;
  std::u32string names;
  std::string code;
};

Parsed Parse(std::u32string_view name) {
  const LeadingRegions regions = ParseLeadingRegions(name);
  return {regions.length, regions.names, regions.code};
}

TEST(ParseLeadingRegionsTest, FullNamesOfEveryLevel) {
  const Parsed three = Parse(U"浙江省杭州市西湖区华信能源");
  EXPECT_EQ(three.length, 9u);
  EXPECT_EQ(three.names, U"浙江杭州西湖");
  EXPECT_EQ(three.code, "330106");
  EXPECT_EQ(Parse(U"义乌市华信").code, "330782");
  EXPECT_EQ(Parse(U"宁夏回族自治区华信").length, 7u);
  EXPECT_EQ(Parse(U"宁夏回族自治区华信").names, U"宁夏");
  EXPECT_EQ(Parse(U"恩施土家族苗族自治州华信").code, "422800");
  EXPECT_EQ(Parse(U"恩施土家族苗族自治州华信").names, U"恩施");
  EXPECT_EQ(Parse(U"内蒙古自治区华信").names, U"内蒙古");  // 蒙古 is no people here
  EXPECT_EQ(Parse(U"新疆维吾尔自治区华信").names, U"新疆");
  EXPECT_EQ(Parse(U"大兴安岭地区华信").code, "232700");
  EXPECT_EQ(Parse(U"锡林郭勒盟华信").code, "152500");
  EXPECT_EQ(Parse(U"上海市浦东新区华信").code, "310115");
}

TEST(ParseLeadingRegionsTest, ShortFormsOfProvincesAndCitiesOnly) {
  EXPECT_EQ(Parse(U"浙江华信").code, "330000");
  EXPECT_EQ(Parse(U"杭州华信").code, "330100");
  EXPECT_EQ(Parse(U"义乌华信").code, "330782");
  EXPECT_EQ(Parse(U"昆山华信").code, "320583");
  EXPECT_EQ(Parse(U"宁夏华信").code, "640000");
  EXPECT_EQ(Parse(U"浙江杭州华信").code, "330100");
  // A district or county only in full.
  EXPECT_EQ(Parse(U"西湖华信").length, 0u);
  EXPECT_EQ(Parse(U"杭州西湖华信").code, "330100");
  // Nor a 地区 without its suffix: 阿里巴巴 is no company of 阿里地区.
  EXPECT_EQ(Parse(U"阿里巴巴").length, 0u);
}

TEST(ParseLeadingRegionsTest, EveryProvinceByItsShortForm) {
  for (const std::u32string_view province :
       {U"北京", U"天津", U"河北", U"山西", U"内蒙古", U"辽宁", U"吉林", U"黑龙江", U"上海",
        U"江苏", U"浙江", U"安徽", U"福建", U"江西",   U"山东", U"河南", U"湖北",   U"湖南",
        U"广东", U"广西", U"海南", U"重庆", U"四川",   U"贵州", U"云南", U"西藏",   U"陕西",
        U"甘肃", U"青海", U"宁夏", U"新疆", U"台湾",   U"香港", U"澳门"}) {
    const Parsed parsed = Parse(std::u32string(province) + U"华信");
    EXPECT_EQ(parsed.length, province.size());
    EXPECT_EQ(parsed.names, province);
    EXPECT_TRUE(parsed.code.ends_with("0000")) << parsed.code;
  }
}

TEST(ParseLeadingRegionsTest, ChinaCountsWithoutACode) {
  const Parsed china = Parse(U"中国华信");
  EXPECT_EQ(china.length, 2u);
  EXPECT_EQ(china.code, "");
  EXPECT_EQ(Parse(U"中国上海华信").code, "310000");
}

TEST(ParseLeadingRegionsTest, EachDivisionLiesInTheOneBefore) {
  // 东方 is a city of Hainan, not of Zhejiang: 东方华信 is the trade name.
  EXPECT_EQ(Parse(U"浙江东方华信").length, 2u);
  // Of two divisions of one name, the one inside wins (西湖区 of Hangzhou).
  EXPECT_EQ(Parse(U"杭州市西湖区华信").code, "330106");
  EXPECT_EQ(Parse(U"南昌市西湖区华信").code, "360103");
  // Alone, the larger one: 吉林省 before 吉林市.
  EXPECT_EQ(Parse(U"吉林华信").code, "220000");
}

TEST(ParseLeadingRegionsTest, TwoCharactersAlwaysStay) {
  EXPECT_EQ(Parse(U"上海市华").length, 0u);  // the longest name or none
  EXPECT_EQ(Parse(U"上海华").length, 0u);
  EXPECT_EQ(Parse(U"上海市").length, 0u);
  EXPECT_EQ(Parse(U"浙江省杭州市").length, 3u);
}

TEST(ParseLeadingRegionsTest, NeverOnlyIndustryWordsAreLeft) {
  EXPECT_EQ(Parse(U"东方电气").length, 0u);
  EXPECT_EQ(Parse(U"东方华信电气").length, 2u);
  EXPECT_EQ(Parse(U"上海能源").length, 0u);
}

TEST(ParseLeadingRegionsTest, WordsThatTakeTheSuffixCharacter) {
  EXPECT_EQ(Parse(U"上海市场华信").length, 2u);  // 上海 + 市场华信
  EXPECT_EQ(Parse(U"深圳市政华信工程").length, 2u);
  EXPECT_EQ(Parse(U"浙江省心家政").length, 2u);
  EXPECT_EQ(Parse(U"上海市华信").length, 3u);
}

TEST(ParseLeadingRegionsTest, AReadingNotTakenIsKept) {
  // 杭州 + 市政诺方食品, or 杭州市 + 政诺方食品: both are names of companies.
  const LeadingRegions hangzhou = ParseLeadingRegions(U"杭州市政诺方食品");
  EXPECT_EQ(hangzhou.length, 2u);
  EXPECT_EQ(hangzhou.other_length, 3u);
  EXPECT_EQ(ParseLeadingRegions(U"浙江杭州市政诺方").other_length, 5u);  // after the province
  EXPECT_EQ(ParseLeadingRegions(U"上海市华信").other_length, 0u);        // one reading only
  EXPECT_EQ(ParseLeadingRegions(U"杭州华信").other_length, 0u);
  EXPECT_EQ(ParseLeadingRegions(U"杭州市政工程").other_length, 0u);  // no trade name left
}

TEST(ParseLeadingRegionsTest, NoRegionInsideOrdinaryWords) {
  for (const std::u32string_view name :
       {U"华信城市建设", U"华信超市", U"城市之光", U"都市丽人", U"市场星", U"社区通", U"园区宝",
        U"小区管家", U"县域通", U"省心宝", U"区块链星", U"中州铝业"}) {
    EXPECT_EQ(Parse(name).length, 0u);
  }
}

TEST(RegionCodeOfNameTest, TheWholeTextNamesADivision) {
  EXPECT_EQ(RegionCodeOfName(U"深圳"), "440300");
  EXPECT_EQ(RegionCodeOfName(U"深圳市"), "440300");
  EXPECT_EQ(RegionCodeOfName(U"浙江杭州"), "330100");
  EXPECT_EQ(RegionCodeOfName(U"北京市"), "110000");
  EXPECT_EQ(RegionCodeOfName(U"中国"), "");
  EXPECT_EQ(RegionCodeOfName(U"国际"), std::nullopt);
  EXPECT_EQ(RegionCodeOfName(U"深圳华信"), std::nullopt);
  EXPECT_EQ(RegionCodeOfName(U"西湖"), std::nullopt);
  EXPECT_EQ(RegionCodeOfName(U""), std::nullopt);
}

TEST(RegionsOverlapTest, OneDivisionWithinTheOther) {
  EXPECT_TRUE(RegionsOverlap("310000", "310115"));
  EXPECT_TRUE(RegionsOverlap("330106", "330100"));
  EXPECT_TRUE(RegionsOverlap("330106", "330106"));
  EXPECT_TRUE(RegionsOverlap("", "330106"));
  EXPECT_TRUE(RegionsOverlap("330106", ""));
  EXPECT_FALSE(RegionsOverlap("330106", "330102"));
  EXPECT_FALSE(RegionsOverlap("330000", "310000"));
  EXPECT_FALSE(RegionsOverlap("330100", "330200"));
}

}  // namespace
}  // namespace crm::customer
