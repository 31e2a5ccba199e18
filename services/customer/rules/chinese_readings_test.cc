#include "services/customer/rules/chinese_readings.h"

#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(MandarinReadingsTest, TonesAreDropped) {
  EXPECT_THAT(MandarinReadings(U'华'), ElementsAre("hua"));
  EXPECT_THAT(MandarinReadings(U'鑫'), ElementsAre("xin"));  // xīn
  EXPECT_THAT(MandarinReadings(U'易'), ElementsAre("yi"));   // yì
  EXPECT_THAT(MandarinReadings(U'祎'), ElementsAre("yi"));   // yī
}

TEST(MandarinReadingsTest, UmlautIsWrittenV) {
  EXPECT_THAT(MandarinReadings(U'吕'), ElementsAre("lv"));
  EXPECT_THAT(MandarinReadings(U'女'), ElementsAre("nv"));
}

TEST(MandarinReadingsTest, APolyphoneHasItsCommonReadingFirst) {
  EXPECT_THAT(MandarinReadings(U'行'), ElementsAre("xing", "hang"));
  EXPECT_THAT(MandarinReadings(U'重'), ElementsAre("zhong", "chong"));
  EXPECT_THAT(MandarinReadings(U'长'), ElementsAre("zhang", "chang"));
}

TEST(MandarinReadingsTest, TraditionalCharactersReadAsTheirSimplifiedForms) {
  EXPECT_EQ(MandarinReadings(U'華'), MandarinReadings(U'华'));
  EXPECT_EQ(MandarinReadings(U'東'), MandarinReadings(U'东'));
}

TEST(MandarinReadingsTest, ExtensionBlocksAreCovered) {
  EXPECT_THAT(MandarinReadings(U'\u3400'), ElementsAre("qiu"));     // Extension A
  EXPECT_THAT(MandarinReadings(U'\U00020000'), ElementsAre("he"));  // Extension B
}

TEST(MandarinReadingsTest, NonIdeographsHaveNone) {
  EXPECT_THAT(MandarinReadings(U'A'), IsEmpty());
  EXPECT_THAT(MandarinReadings(U'7'), IsEmpty());
  EXPECT_THAT(MandarinReadings(U'（'), IsEmpty());
  EXPECT_THAT(MandarinReadings(U'가'), IsEmpty());
  EXPECT_THAT(MandarinReadings(U'\0'), IsEmpty());
  EXPECT_THAT(MandarinReadings(U'\U0010FFFF'), IsEmpty());
}

TEST(SoundKeyTest, HomophonesShareAKey) {
  EXPECT_EQ(SoundKey("华信"), "hua.xin.");
  EXPECT_EQ(SoundKey("骅鑫"), "hua.xin.");
  EXPECT_EQ(SoundKey("柳钛"), "liu.tai.");
  EXPECT_EQ(SoundKey("柳太"), "liu.tai.");
}

TEST(SoundKeyTest, APolyphoneTakesItsFirstReading) { EXPECT_EQ(SoundKey("银行"), "yin.xing."); }

TEST(SoundKeyTest, CharactersWithoutAReadingAreKept) {
  EXPECT_EQ(SoundKey("abc123"), "abc123");
  EXPECT_EQ(SoundKey("3m华信"), "3mhua.xin.");
  EXPECT_EQ(SoundKey(""), "");
}

TEST(SoundKeyTest, InvalidUtf8IsKeptByteByByte) {
  const std::string_view invalid = "\xff\xe4\xb8";
  EXPECT_EQ(SoundKey(invalid), invalid);
  EXPECT_EQ(SoundKey("华\xff"), "hua.\xff");
}

}  // namespace
}  // namespace crm::customer
