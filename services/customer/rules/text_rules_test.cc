#include "services/customer/rules/text_rules.h"

#include <string>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("华信能源"), 4u);
  EXPECT_EQ(Utf8Length("A华\U0001F600"), 3u);
}

TEST(Utf8LengthTest, DetectsInvalidUtf8) {
  EXPECT_EQ(Utf8Length("ab\xFF"), std::nullopt);
  EXPECT_EQ(Utf8Length("\xE5\x8D"), std::nullopt);  // truncated 华
}

TEST(TrimSpaceTest, TrimsAsciiAndIdeographicSpace) {
  EXPECT_EQ(TrimSpace("  abc\t\n"), "abc");
  EXPECT_EQ(TrimSpace("\u3000华信\u3000 "), "华信");
  EXPECT_EQ(TrimSpace("a b\u3000c"), "a b\u3000c");
  EXPECT_EQ(TrimSpace(" \u3000 "), "");
  EXPECT_EQ(TrimSpace(""), "");
}

TEST(TextErrorTest, AcceptsWithinLimits) {
  EXPECT_EQ(TextError("title", "采购总监", 0, 100), std::nullopt);
  EXPECT_EQ(TextError("title", "", 0, 100), std::nullopt);
  EXPECT_EQ(TextError("tag", std::string(32, 'x'), 1, 32), std::nullopt);
}

TEST(TextErrorTest, LengthsAreInCharacters) {
  EXPECT_EQ(TextError("tag", "", 1, 32), "tag: required (1–32 characters)");
  EXPECT_EQ(TextError("tag", std::string(33, 'x'), 1, 32), "tag: at most 32 characters, got 33");
  std::string eleven_chinese;
  for (int i = 0; i < 11; ++i) eleven_chinese += "华";
  EXPECT_EQ(TextError("short_name", eleven_chinese, 0, 10),
            "short_name: at most 10 characters, got 11");
  EXPECT_EQ(TextError("short_name", eleven_chinese, 0, 11), std::nullopt);
  EXPECT_EQ(TextError("legal_name", "华", 2, 100), "legal_name: at least 2 characters, got 1");
}

TEST(TextErrorTest, RejectsControlCharacters) {
  EXPECT_EQ(TextError("display_name", "张\n三", 1, 50),
            "display_name: control character U+000A at position 2 is not allowed");
  EXPECT_EQ(TextError("display_name", std::string("a\0b", 3), 1, 50),
            "display_name: control character U+0000 at position 2 is not allowed");
  EXPECT_EQ(TextError("display_name", "ab\x7F", 1, 50),
            "display_name: control character U+007F at position 3 is not allowed");
  EXPECT_EQ(TextError("display_name", "ab\u0085", 1, 50),
            "display_name: control character U+0085 at position 3 is not allowed");
}

TEST(TextErrorTest, RejectsInvalidUtf8) {
  EXPECT_EQ(TextError("title", "ab\xC3(", 0, 100), "title: not valid UTF-8 (byte 3)");
}

TEST(LegalNameTest, AcceptsRegisteredFullNames) {
  for (std::string_view name : {
           "上海华信能源科技有限公司",
           "中国石油天然气股份有限公司",
           "华信能源集团",
           "上海华信能源科技有限公司北京分公司",
           "中国建设银行股份有限公司北京市分行",
           "北京协和医院",
           "清华大学",
           "北京市第四中学",
           "某某律师事务所（特殊普通合伙）",
           "某某投资合伙企业(有限合伙)",
           "上海市浦东新区人民政府",
           "中国电力企业联合会",
           "某某农民专业合作社",
           "国家税务总局上海市税务局",
           "IBM（中国）投资有限公司",
           "Siemens AG",
           "GE",
       }) {
    EXPECT_EQ(LegalNameError(name), std::nullopt) << name;
  }
}

TEST(LegalNameTest, RejectsShortNames) {
  EXPECT_EQ(LegalNameError("华信能源"),
            "legal_name: '华信能源' looks like a short name; use the registered full name "
            "ending in an organisation form such as 有限公司");
  for (std::string_view name : {"中国移动", "阿里巴巴", "华为", "中石化", "某某（北京）"}) {
    EXPECT_TRUE(LegalNameError(name).has_value()) << name;
  }
}

TEST(LegalNameTest, RejectsNamesWithoutLetters) {
  EXPECT_EQ(LegalNameError("12345"),
            "legal_name: '12345' contains no letters; use the registered full name (法定全称)");
  EXPECT_TRUE(LegalNameError("１２３４").has_value());
  EXPECT_TRUE(LegalNameError("2024-01").has_value());
}

TEST(LegalNameTest, ChecksTextFirst) {
  EXPECT_EQ(LegalNameError("A"), "legal_name: at least 2 characters, got 1");
  EXPECT_EQ(LegalNameError(std::string(101, 'A')), "legal_name: at most 100 characters, got 101");
  EXPECT_EQ(LegalNameError("华信\t有限公司"),
            "legal_name: control character U+0009 at position 3 is not allowed");
}

}  // namespace
}  // namespace crm::customer
