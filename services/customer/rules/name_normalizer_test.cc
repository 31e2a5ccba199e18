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

TEST(NormalizeCompanyNameTest, ACityNotInTheListIsDroppedAfterItsProvince) {
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
