#include "services/customer/rules/traditional_chinese.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(ToSimplifiedChineseTest, TraditionalCharactersBecomeSimplified) {
  EXPECT_EQ(ToSimplifiedChinese("華信能源有限公司"), "华信能源有限公司");
  EXPECT_EQ(ToSimplifiedChinese("東方電氣"), "东方电气");
  EXPECT_EQ(ToSimplifiedChinese("臺灣積體電路製造"), "台湾积体电路制造");
}

TEST(ToSimplifiedChineseTest, OtherTextIsLeftAsItIs) {
  EXPECT_EQ(ToSimplifiedChinese("华信能源（上海）有限公司"), "华信能源（上海）有限公司");
  EXPECT_EQ(ToSimplifiedChinese("Huawei Technologies Co., Ltd."), "Huawei Technologies Co., Ltd.");
  EXPECT_EQ(ToSimplifiedChinese("華信 ABC（香港）"), "华信 ABC（香港）");
  EXPECT_EQ(ToSimplifiedChinese(""), "");
}

TEST(ToSimplifiedChineseTest, CharacterByCharacter) {
  // t2s's phrase dictionary would keep 乾隆; a name is converted per
  // character, so spellings with or without spaces fold alike.
  EXPECT_EQ(ToSimplifiedChinese("乾"), ToSimplifiedChinese("乾隆").substr(0, 3));
  EXPECT_EQ(ToSimplifiedChinese("乾 隆"),
            ToSimplifiedChinese("乾") + " " + ToSimplifiedChinese("隆"));
}

TEST(ToSimplifiedChineseTest, ConvertingTwiceChangesNothing) {
  // t2s alone takes 薴 to 苧, which it takes to 苎.
  EXPECT_EQ(ToSimplifiedChinese("薴"), "苎");
  EXPECT_EQ(ToSimplifiedChinese("苧"), "苎");
}

TEST(ToSimplifiedChineseTest, BytesThatAreNotUtf8AreDropped) {
  EXPECT_EQ(ToSimplifiedChinese("華\xff信"), "华信");
  EXPECT_EQ(ToSimplifiedChinese("华\xff信"), "华信");
}

TEST(ToSimplifiedChineseTest, ThreadsShareOneConverter) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] { results[i] = ToSimplifiedChinese("東方電氣集團"); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, "东方电气集团");
}

}  // namespace
}  // namespace crm::customer
