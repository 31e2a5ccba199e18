#include "services/customer/rules/industry_words.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(TrailingIndustryLengthTest, TheWordsThatEndATradeName) {
  EXPECT_EQ(TrailingIndustryLength(U"华信能源"), 2u);
  EXPECT_EQ(TrailingIndustryLength(U"哲祥市政工程"), 4u);
  EXPECT_EQ(TrailingIndustryLength(U"海帆超市政工程"), 4u);
  EXPECT_EQ(TrailingIndustryLength(U"海帆超市"), 2u);
  EXPECT_EQ(TrailingIndustryLength(U"华信信息技术服务"), 6u);  // a chain
  EXPECT_EQ(TrailingIndustryLength(U"华信科技发展"), 4u);
  EXPECT_EQ(TrailingIndustryLength(U"华信供应链管理"), 5u);
  EXPECT_EQ(TrailingIndustryLength(U"华信城市建设"), 4u);
  EXPECT_EQ(TrailingIndustryLength(U"华信区块链"), 3u);
  EXPECT_EQ(TrailingIndustryLength(U"鹏鑫荣市场营销"), 4u);  // a chain of 市场 and 营销
}

TEST(TrailingIndustryLengthTest, NeverTheWholeTradeName) {
  EXPECT_EQ(TrailingIndustryLength(U"能源"), 0u);
  EXPECT_EQ(TrailingIndustryLength(U"科技发展"), 2u);
  EXPECT_EQ(TrailingIndustryLength(U"华信"), 0u);
  EXPECT_EQ(TrailingIndustryLength(U""), 0u);
  EXPECT_EQ(TrailingIndustryLength(U"阿里巴巴"), 0u);
}

TEST(IsIndustryWordsTest, OneWordOrAChain) {
  EXPECT_TRUE(IsIndustryWords(U"能源"));
  EXPECT_TRUE(IsIndustryWords(U"电气"));
  EXPECT_TRUE(IsIndustryWords(U"信息技术服务"));
  EXPECT_TRUE(IsIndustryWords(U"科技发展"));
  EXPECT_TRUE(IsIndustryWords(U"市政工程"));
  EXPECT_FALSE(IsIndustryWords(U"华信"));
  EXPECT_FALSE(IsIndustryWords(U"华信能源"));
  EXPECT_FALSE(IsIndustryWords(U"能源华"));
  EXPECT_FALSE(IsIndustryWords(U""));
}

}  // namespace
}  // namespace crm::customer
