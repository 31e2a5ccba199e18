#include "tools/crmctl/display_width.h"

#include "gtest/gtest.h"

namespace crm::crmctl {
namespace {

TEST(DisplayWidthTest, AsciiIsOneColumnEach) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("customers/42"), 12);
}

TEST(DisplayWidthTest, ChineseIsTwoColumnsEach) {
  EXPECT_EQ(DisplayWidth("华信"), 4);
  EXPECT_EQ(DisplayWidth("上海华信能源科技有限公司"), 24);
  EXPECT_EQ(DisplayWidth("A级客户"), 7);
}

TEST(DisplayWidthTest, FullWidthFormsAndCjkPunctuationAreWide) {
  EXPECT_EQ(DisplayWidth("（集团）"), 8);      // U+FF08, U+FF09
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4);          // full-width Latin
  EXPECT_EQ(DisplayWidth("，。、"), 6);        // CJK punctuation
  EXPECT_EQ(DisplayWidth("\xE3\x80\x80"), 2);  // ideographic space U+3000
}

TEST(DisplayWidthTest, OtherScriptsAndMarks) {
  EXPECT_EQ(DisplayWidth("한국"), 4);       // Hangul syllables
  EXPECT_EQ(DisplayWidth("ｶﾀｶﾅ"), 4);       // half-width katakana: narrow
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(DisplayWidth("a\xE2\x80\x8B"
                         "b"),
            2);                      // zero-width space
  EXPECT_EQ(DisplayWidth("𠀋"), 2);  // CJK extension B, 4-byte UTF-8
  EXPECT_EQ(DisplayWidth("é"), 1);
}

TEST(DisplayWidthTest, BrokenUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("\xFF\xFE"), 2);
  EXPECT_EQ(DisplayWidth("\xE5\x8D"), 2);  // "华" cut short
  EXPECT_EQ(DisplayWidth("a\xC3"), 2);
}

TEST(DisplayWidthTest, SingleLineReplacesControls) {
  EXPECT_EQ(SingleLine("第一行\n第二行\tx"), "第一行 第二行 x");
}

TEST(DisplayWidthTest, TruncateToWidthCutsByColumnsNotBytes) {
  EXPECT_EQ(TruncateToWidth("光伏二期", 8), "光伏二期");
  EXPECT_EQ(TruncateToWidth("光伏二期", 7), "光伏二…");  // 6 + 1
  // A wide character that would straddle the edge goes too.
  EXPECT_EQ(TruncateToWidth("光伏二期", 6), "光伏…");  // 4 + 1, one column to spare
  EXPECT_EQ(TruncateToWidth("abcdef", 4), "abc…");
  EXPECT_EQ(TruncateToWidth("abcdef", 1), "…");
  EXPECT_EQ(TruncateToWidth("abcdef", 0), "");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("华信A能源集团", 6)), 6);  // "华信A…"
}

}  // namespace
}  // namespace crm::crmctl
