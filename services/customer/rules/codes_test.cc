#include "services/customer/rules/codes.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(IndustryTest, SectionsAToT) {
  for (char c = 'A'; c <= 'T'; ++c) {
    EXPECT_TRUE(IsIndustrySection(std::string(1, c))) << c;
    EXPECT_FALSE(IndustryName(c).empty()) << c;
  }
  for (std::string_view code : {"", "U", "Z", "c", "CC", "C1", "1"}) {
    EXPECT_FALSE(IsIndustrySection(code)) << code;
  }
  EXPECT_TRUE(IndustryName('U').empty());
  EXPECT_TRUE(IndustryName('a').empty());
}

TEST(IndustryTest, ChineseNames) {
  EXPECT_EQ(IndustryName('A'), "农、林、牧、渔业");
  EXPECT_EQ(IndustryName('C'), "制造业");
  EXPECT_EQ(IndustryName('I'), "信息传输、软件和信息技术服务业");
  EXPECT_EQ(IndustryName('J'), "金融业");
  EXPECT_EQ(IndustryName('S'), "公共管理、社会保障和社会组织");
  EXPECT_EQ(IndustryName('T'), "国际组织");
  std::set<std::string_view> names;
  for (char c = 'A'; c <= 'T'; ++c) names.insert(IndustryName(c));
  EXPECT_EQ(names.size(), 20u);
}

TEST(RegionTest, AcceptsProvincePrefectureAndCounty) {
  for (std::string_view code : {"310000", "310100", "310115", "110101", "440305", "650000",
                                "429004", "469001", "540000", "710000", "810000", "820000"}) {
    EXPECT_EQ(RegionError(code), std::nullopt) << code;
  }
}

TEST(RegionTest, Shape) {
  EXPECT_EQ(RegionError("31011"),
            "region: must be 6 digits (GB/T 2260, e.g. 310115), got 5: '31011'");
  EXPECT_EQ(RegionError("3101150"),
            "region: must be 6 digits (GB/T 2260, e.g. 310115), got 7: '3101150'");
  EXPECT_EQ(RegionError("31011A"),
            "region: '31011A' must be digits only (GB/T 2260 code, e.g. 310115)");
  EXPECT_EQ(RegionError("３１０１１５"),
            "region: '３１０１１５' must be digits only (GB/T 2260 code, e.g. 310115)");
  EXPECT_TRUE(RegionError("").has_value());
}

TEST(RegionTest, ProvinceLevel) {
  EXPECT_EQ(RegionError("991234"),
            "region: '991234' starts with 99, which is not a province-level code (11–65, 71, "
            "81, 82)");
  for (std::string_view code :
       {"100000", "160000", "240000", "470000", "550000", "660000", "720000", "830000", "000000"}) {
    EXPECT_TRUE(RegionError(code).has_value()) << code;
  }
}

TEST(RegionTest, PrefectureAndCountyConsistent) {
  EXPECT_EQ(RegionError("310015"),
            "region: '310015' names county 15 without a prefecture (positions 3–4 are 00)");
  EXPECT_EQ(RegionError("810100"),
            "region: GB/T 2260 has no subdivisions for 香港特别行政区; use 810000");
  EXPECT_TRUE(RegionError("710101").has_value());
}

TEST(RegionTest, Prefixes) {
  for (std::string_view prefix : {"3", "31", "3101", "310115"}) {
    EXPECT_EQ(RegionPrefixError(prefix), std::nullopt) << prefix;
  }
  EXPECT_EQ(RegionPrefixError(""), "region: prefix '' must be 1–6 digits, e.g. 31 or 3101");
  EXPECT_EQ(RegionPrefixError("3101150"),
            "region: prefix '3101150' must be 1–6 digits, e.g. 31 or 3101");
  EXPECT_EQ(RegionPrefixError("3a"), "region: prefix '3a' must be 1–6 digits, e.g. 31 or 3101");
  EXPECT_EQ(RegionPrefixError("99"),
            "region: prefix '99' starts with 99, which is not a province-level code (11–65, "
            "71, 81, 82)");
}

TEST(ProvinceTest, AllThirtyFour) {
  std::set<std::string_view> names;
  for (int code = 0; code < 100; ++code) {
    const std::string prefix = std::to_string(code / 10) + std::to_string(code % 10);
    const std::string_view name = ProvinceName(prefix + "0000");
    if (!name.empty()) names.insert(name);
  }
  EXPECT_EQ(names.size(), 34u);
  EXPECT_EQ(ProvinceName("310115"), "上海市");
  EXPECT_EQ(ProvinceName("11"), "北京市");
  EXPECT_EQ(ProvinceName("650102"), "新疆维吾尔自治区");
  EXPECT_EQ(ProvinceName("820000"), "澳门特别行政区");
  EXPECT_EQ(ProvinceName("99"), "");
  EXPECT_EQ(ProvinceName("3"), "");
}

}  // namespace
}  // namespace crm::customer
